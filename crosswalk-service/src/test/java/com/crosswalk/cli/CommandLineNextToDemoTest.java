package com.crosswalk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.acumatica.client.AcumaticaClient;
import com.crosswalk.acumatica.client.AcumaticaClientConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./crosswalk unlink} as a person types it, as its own process: next to a running demo it reaches the demo's
 * database (its embedded PostgreSQL's port from {@code pgdata/postmaster.pid}) and the demo's ERP (the emulator in the
 * demo process), refused in red then unlinked once the ERP reversed the change order; a usage error and an unknown
 * command are one line and exit 2; the demo stops on SIGTERM with no stack trace; and with the demo stopped the command
 * works on its own (starting the database and the demo's emulator itself).
 */
class CommandLineNextToDemoTest {

    @TempDir
    Path home;

    record Run(int exit, String out, String err) {
    }

    @Test
    void unlinkNextToARunningDemoAndOnItsOwn() throws Exception {
        int port = freePort();
        int emulatorPort = freePort();
        Path demoLog = home.resolve("demo.log");
        Process demo = java(List.of("--server.port=" + port, "--crosswalk.demo=true",
                "--crosswalk.emulator-port=" + emulatorPort, "--crosswalk.reconcile.enabled=false"))
                .redirectErrorStream(true).redirectOutput(demoLog.toFile()).start();
        try {
            awaitUp(demo, port, demoLog);
            long company;
            long cco;
            String refNbr;
            long harborCco;
            int dbPort = Integer.parseInt(Files.readAllLines(home.resolve("pgdata/postmaster.pid")).get(3).trim());
            try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + dbPort + "/postgres",
                    "postgres", "")) {
                company = single(db, "select id from company where name = 'Summit Ridge Builders'");
                cco = single(db, """
                        select c.id from commitment_change_order c join commitment m on m.id = c.commitment_id
                        join project p on p.id = m.project_id
                        where p.number = '1001' and m.number = 'SC-001' and c.number = '001'""");
                harborCco = single(db, """
                        select c.id from commitment_change_order c join commitment m on m.id = c.commitment_id
                        join project p on p.id = m.project_id
                        where p.number = '1002' and m.number = 'SC-001' and c.number = '003'""");
                try (PreparedStatement s = db.prepareStatement("select erp_key from erp_link where cco_id = ?")) {
                    s.setLong(1, cco);
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        refNbr = rs.getString(1);
                    }
                }
            }

            Run still = command("unlink", "--company", Long.toString(company), "--cco", Long.toString(cco), "--as",
                    "approver");
            assertThat(still.exit()).as(still.toString()).isEqualTo(1);
            assertThat(still.err()).isEqualTo("The CCO is still in Acumatica. Please delete it before retrying");
            assertThat(still.out()).isEmpty();

            // reverse it in the ERP (the demo's emulator, over Acumatica's REST API) and release the reversal
            try (AcumaticaClient erp = AcumaticaClient.create(AcumaticaClientConfig.builder()
                    .baseUrl("http://localhost:" + emulatorPort).tenant("Demo").username("admin").password("demo")
                    .build())) {
                String reversing = erp.changeOrders().reverse(refNbr).refNbr();
                erp.changeOrders().removeFromHold(reversing);
                erp.changeOrders().release(reversing);
            }
            Run ok = command("unlink", "--company", Long.toString(company), "--cco", Long.toString(cco), "--as",
                    "approver");
            assertThat(ok.exit()).as(ok.toString()).isEqualTo(0);
            assertThat(ok.out()).isEqualTo("Successfully Unlinked");
            assertThat(ok.err()).isEmpty();

            Run usage = command("unlink", "--company", Long.toString(company), "--as", "approver");
            assertThat(usage.exit()).as(usage.toString()).isEqualTo(2);
            assertThat(usage.err().lines().count()).as(usage.err()).isEqualTo(1);
            assertThat(usage.err()).startsWith("crosswalk unlink: ").contains("--cco");
            Run unknown = command("unlnk");
            assertThat(unknown.exit()).isEqualTo(2);
            assertThat(unknown.err()).isEqualTo("crosswalk: unknown command 'unlnk' (./crosswalk help lists the commands)");

            // SIGTERM: the demo stops, with no stack trace
            long stopping = System.nanoTime();
            demo.destroy();
            assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("the demo stopped on SIGTERM").isTrue();
            System.out.printf("Demo stopped %d ms after SIGTERM%n", (System.nanoTime() - stopping) / 1_000_000);
            String output = Files.readString(demoLog, StandardCharsets.UTF_8);
            assertThat(output).doesNotContain("\tat ").doesNotContain("Exception");

            // on its own: it starts the database and the demo's ERP itself; the Harbor CCO is still in that ERP
            Run alone = command("unlink", "--company", Long.toString(company), "--cco", Long.toString(harborCco),
                    "--as", "approver");
            assertThat(alone.exit()).as(alone.toString()).isEqualTo(1);
            assertThat(alone.err()).isEqualTo("The CCO is still in Acumatica. Please delete it before retrying");
        } finally {
            demo.destroyForcibly();
            demo.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Run command(String name, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("--spring.main.web-application-type=none",
                "--crosswalk.command=" + name));
        args.addAll(List.of(flags));
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process p = java(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("the command ended").isTrue();
        return new Run(p.exitValue(), Files.readString(out).trim(), Files.readString(err).trim());
    }

    private ProcessBuilder java(List<String> args) throws IOException {
        List<String> cmd = com.crosswalk.ChildJvm.command(); // java, the launcher's fast start, -cp <the test classpath>
        cmd.addAll(List.of("com.crosswalk.CrosswalkApplication", "--crosswalk.home=" + home));
        cmd.addAll(args);
        return new ProcessBuilder(cmd);
    }

    private static void awaitUp(Process demo, int port, Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(demo.isAlive()).as(() -> "the demo exited: " + read(log)).isTrue();
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static long single(Connection db, String sql) throws Exception {
        try (PreparedStatement s = db.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getLong(1);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
