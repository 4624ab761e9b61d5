package com.crosswalk.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.CrosswalkApplication;
import com.crosswalk.cli.CommandDispatcher;
import com.crosswalk.demo.DemoData;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The two database paths, each in its own (non-web) application context: an external PostgreSQL named by
 * spring.datasource.url — driven here through the CLI, which must not start the demo emulator — and the embedded
 * default, whose data directory survives a restart (and the demo is not loaded twice).
 */
class DatabasePathsTest {

    private static ConfigurableApplicationContext start(Path home, String... args) {
        // command-line arguments: they outrank application.yml (default properties would not, and ~/.crosswalk is
        // no place for a test)
        String[] all = java.util.stream.Stream.concat(
                java.util.stream.Stream.of("--crosswalk.home=" + home.toAbsolutePath(), "--crosswalk.emulator-port=0",
                        "--logging.level.root=WARN"),
                java.util.Arrays.stream(args)).toArray(String[]::new);
        return new SpringApplicationBuilder(CrosswalkApplication.class).web(WebApplicationType.NONE).run(all);
    }

    @Test
    void anExternalDatabaseIsUsedWhenConfiguredAndTheCliRunsWithoutTheDemo() throws Exception {
        Path home = Path.of("target/test-home/external-" + UUID.randomUUID());
        try (EmbeddedPostgres external = EmbeddedPostgres.builder().start()) {
            Path passwordFile = Files.createDirectories(home).resolve("pw");
            Files.writeString(passwordFile, "operator-secret-1\n");
            try (ConfigurableApplicationContext context = start(home,
                    "--spring.datasource.url=" + external.getJdbcUrl("postgres", "postgres"),
                    "--spring.datasource.username=postgres", "--crosswalk.demo=true",
                    "--crosswalk.command=create-operator", "--login", "ops-admin", "--password-file", passwordFile.toString())) {
                assertThat(context.getBeansOfType(EmbeddedPostgres.class)).isEmpty();
                assertThat(context.getBeanNamesForType(com.crosswalk.acumatica.emulator.AcumaticaEmulator.class)).isEmpty();
                CommandDispatcher dispatcher = context.getBean(CommandDispatcher.class);
                assertThat(dispatcher.getExitCode()).isZero();

                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                int again = dispatcher.execute("create-operator",
                        new String[] {"--login", "ops-admin", "--password-file", passwordFile.toString()},
                        new PrintWriter(out), new PrintWriter(err));
                assertThat(again).isEqualTo(1);
                assertThat(err.toString()).contains("already taken");
                StringWriter help = new StringWriter();
                assertThat(dispatcher.execute("help", new String[0], new PrintWriter(help), new PrintWriter(err))).isZero();
                assertThat(help.toString()).contains("create-operator", "help");
                assertThat(dispatcher.execute("no-such", new String[0], new PrintWriter(out), new PrintWriter(err))).isEqualTo(2);
            }
            try (var connection = external.getPostgresDatabase().getConnection();
                    ResultSet rs = connection.createStatement().executeQuery(
                            "select (select count(*) from flyway_schema_history where success),"
                                    + " (select count(*) from app_user where login = 'ops-admin' and platform_operator),"
                                    + " (select count(*) from company)")) {
                rs.next();
                assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(1);
                assertThat(rs.getInt(2)).isEqualTo(1);
                assertThat(rs.getInt(3)).as("no demo in CLI mode").isZero();
            }
            assertThat(home.resolve("pgdata")).doesNotExist();
            assertThat(home.resolve("secret.key")).exists();
        }
    }

    @Test
    void theEmbeddedDatabaseKeepsItsDataAcrossARestartAndTheDemoIsLoadedOnce() {
        Path home = Path.of("target/test-home/restart-" + UUID.randomUUID());
        try (ConfigurableApplicationContext first = start(home, "--crosswalk.demo=true")) {
            JdbcClient jdbc = first.getBean(JdbcClient.class);
            assertDemoAsDocumented(jdbc);
            jdbc.sql("insert into company (name) values ('Written before the restart')").update();
        }
        try (ConfigurableApplicationContext second = start(home, "--crosswalk.demo=true")) {
            JdbcClient jdbc = second.getBean(JdbcClient.class);
            assertThat(jdbc.sql("select count(*) from company where name = 'Written before the restart'")
                    .query(Long.class).single()).isEqualTo(1);
            assertThat(jdbc.sql("select count(*) from company where name = :n").param("n", DemoData.COMPANY)
                    .query(Long.class).single()).isEqualTo(1);
            assertThat(jdbc.sql("select count(*) from audit_event where action = 'demo.loaded'").query(Long.class).single())
                    .isEqualTo(2);
            assertThat(jdbc.sql("select base_url from erp_connection").query(String.class).single())
                    .isEqualTo(second.getBean(com.crosswalk.acumatica.emulator.AcumaticaEmulator.class).baseUrl());
        }
        assertThat(home.resolve("pgdata")).isDirectory();
    }

    /** The demo as docs/demo-data.md describes it, on a fresh database no other test has touched. */
    static void assertDemoAsDocumented(JdbcClient jdbc) {
        assertThat(jdbc.sql("""
                select p.number || ' ' || c.number || ' ' || o.number || ' ' || o.status || ' ' || coalesce(e.state, '-')
                       || ' ' || coalesce(l.erp_key, '-') || ' ' || li.amount
                from commitment_change_order o join commitment c on c.id = o.commitment_id join project p on p.id = o.project_id
                     join company co on co.id = o.company_id
                     join cco_line_item li on li.cco_id = o.id
                     left join erp_export e on e.cco_id = o.id left join erp_link l on l.cco_id = o.id
                where co.name = 'Summit Ridge Builders' order by p.number, c.number, o.number""").query(String.class).list())
                .containsExactly(
                        "1001 PO-001 001 pending - - 3300.00",
                        "1001 PO-001 002 approved failed - 22000.00",
                        "1001 SC-001 001 approved synced 000001 12500.00",
                        "1001 SC-001 002 approved ready_to_export - 8750.00",
                        "1001 SC-001 003 approved - - 6200.00",
                        "1001 SC-001 004 draft - - 1450.00",
                        "1002 SC-001 001 rejected - - 9000.00",
                        "1002 SC-001 002 void - - 9000.00",
                        "1002 SC-001 003 approved synced 000002 4800.00",
                        "1002 SC-002 001 approved - - 2750.00");
        assertThat(jdbc.sql("select count(*) from erp_link l join company c on c.id = l.company_id where c.name = 'Summit Ridge Builders'")
                .query(Long.class).single()).isEqualTo(2 + 2 + 3 + 2 + 2 + 1); // vendors, projects, commitments, CCOs, invoices, budget changes
    }

}
