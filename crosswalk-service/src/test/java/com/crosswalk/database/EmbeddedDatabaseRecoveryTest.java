package com.crosswalk.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The embedded database starts again after whatever a dead Crosswalk left (#13): a postmaster still running on the
 * data directory is stopped first (never two on one directory) and the data is kept; a pid file naming another
 * program is cleared; a second Crosswalk on the same home is refused with one sentence; the watchdog stops PostgreSQL
 * once its service is gone. (ChaosIT does the same with the real launcher and SIGKILL.)
 */
class EmbeddedDatabaseRecoveryTest {

    private static final Duration STOP = Duration.ofSeconds(30);

    private static Path home() {
        return Path.of("target/test-home/recovery-" + UUID.randomUUID()).toAbsolutePath();
    }

    private static long postmasterPid(Path home) throws Exception {
        return Long.parseLong(Files.readAllLines(home.resolve("pgdata/postmaster.pid")).get(0).trim());
    }

    private static void sql(EmbeddedDatabase db, String sql) throws Exception {
        try (Connection c = db.postgres().getPostgresDatabase().getConnection()) {
            c.createStatement().execute(sql);
        }
    }

    private static int count(EmbeddedDatabase db, String table) throws Exception {
        try (Connection c = db.postgres().getPostgresDatabase().getConnection();
                ResultSet rs = c.createStatement().executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aSecondCrosswalkOnTheSameHomeIsRefusedWithOneSentence() throws Exception {
        Path home = home();
        try (EmbeddedDatabase first = EmbeddedDatabase.start(home, 0, STOP)) {
            assertThatThrownBy(() -> EmbeddedDatabase.start(home, 0, STOP))
                    .isInstanceOf(CrosswalkHomeInUseException.class)
                    .hasMessage("Another Crosswalk (pid " + ProcessHandle.current().pid() + ") is running on "
                            + home.normalize() + ": stop it first, or set CROSSWALK_HOME to another folder");
            assertThat(count(first, "pg_database")).isPositive(); // the first one is untouched
        }
        try (EmbeddedDatabase again = EmbeddedDatabase.start(home, 0, STOP)) {
            assertThat(count(again, "pg_database")).isPositive();
        }
    }

    @Test
    void aPostmasterLeftRunningOnTheDataDirectoryIsStoppedAndTheDataKept() throws Exception {
        Path home = home();
        Path pgCtl;
        try (EmbeddedDatabase first = EmbeddedDatabase.start(home, 0, STOP)) {
            sql(first, "create table kept (n int); insert into kept values (1), (2)");
            pgCtl = Path.of(ProcessHandle.of(postmasterPid(home)).orElseThrow().info().command().orElseThrow())
                    .resolveSibling("pg_ctl");
        }
        // what a killed Crosswalk leaves: a postmaster on pgdata that nobody holds
        // (as root, pg_ctl runs in a user namespace, as zonky runs it)
        java.util.List<String> cmd = new java.util.ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.addAll(java.util.List.of("unshare", "-U"));
        }
        cmd.addAll(java.util.List.of(pgCtl.toString(), "-D", home.resolve("pgdata").toString(), "-o",
                "-p " + freePort(), "-w", "start"));
        Process start = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(start.waitFor()).isZero();
        long orphan = postmasterPid(home);
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).contains(true);

        try (EmbeddedDatabase next = EmbeddedDatabase.start(home, 0, STOP)) {
            assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).as("orphan stopped").isFalse();
            assertThat(postmasterPid(home)).isNotEqualTo(orphan);
            assertThat(count(next, "kept")).isEqualTo(2);
        }
    }

    @Test
    void aClusterWhoseFirstStartWasKilledIsMadeAgain() throws Exception {
        Path home = home();
        // killed during initdb or the first start: pgdata looks like a cluster, but the mark is still there
        Files.createDirectories(home.resolve("pgdata"));
        Files.writeString(home.resolve("pgdata/PG_VERSION"), "17\n");
        Files.writeString(home.resolve("pgdata/postgresql.conf"), "# half made\n");
        Files.createFile(home.resolve("pgdata.initializing"));
        try (EmbeddedDatabase first = EmbeddedDatabase.start(home, 0, STOP)) {
            sql(first, "create table kept (n int); insert into kept values (1)");
        }
        assertThat(home.resolve("pgdata.initializing")).doesNotExist();
        assertThat(Files.readString(home.resolve("pgdata/postgresql.conf"))).doesNotContain("half made");
        try (EmbeddedDatabase again = EmbeddedDatabase.start(home, 0, STOP)) {
            assertThat(count(again, "kept")).as("a finished cluster is kept").isEqualTo(1);
        }
    }

    @Test
    void aPidFileNamingAnotherProgramIsClearedAndAHalfMadeInitdbIsRedone() throws Exception {
        Path home = home();
        // a kill during the first start's initdb left pgdata.init behind: made again
        Files.createDirectories(home.resolve("pgdata.init"));
        Files.writeString(home.resolve("pgdata.init/PG_VERSION"), "17\n");
        try (EmbeddedDatabase first = EmbeddedDatabase.start(home, 0, STOP)) {
            sql(first, "create table kept (n int); insert into kept values (1)");
        }
        assertThat(home.resolve("pgdata.init")).doesNotExist();
        assertThat(home.resolve("pgdata.initializing")).as("the first start finished").doesNotExist();
        Process other = new ProcessBuilder("sleep", "120").start();
        try {
            Files.writeString(home.resolve("pgdata/postmaster.pid"), other.pid() + "\n" + home.resolve("pgdata")
                    + "\n1700000000\n5432\n/tmp\nlocalhost\n  1234   5678\nready   \n");
            try (EmbeddedDatabase next = EmbeddedDatabase.start(home, 0, STOP)) {
                assertThat(count(next, "kept")).isEqualTo(1);
                assertThat(other.isAlive()).as("the other program is left alone").isTrue();
            }
        } finally {
            other.destroyForcibly();
        }
    }

    @Test
    void theWatchdogStopsPostgresOnceItsServiceIsGone() throws Exception {
        Path home = home();
        EmbeddedDatabase db = EmbeddedDatabase.start(home, 0, STOP);
        long postmaster = postmasterPid(home);
        assertThat(db.watchdogPid()).isPositive();
        // what the kernel does when this JVM dies however it dies: its end of the watchdog's pipe closes
        db.watchdog().release(false);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> ProcessHandle.of(postmaster).map(p -> !p.isAlive()).orElse(true));
        db.close();
        try (EmbeddedDatabase again = EmbeddedDatabase.start(home, 0, STOP)) {
            assertThat(count(again, "pg_database")).isPositive();
        }
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
