package com.crosswalk.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The short chaos run of #13 in {@code mvn verify}: {@code ./crosswalk demo} (the launcher, its embedded PostgreSQL,
 * the jars this build made) exporting through the REST API, killed with SIGKILL at least once at each moment —
 * during start-up, during an ERP write, right after the ERP released (the link write), anywhere — and started again
 * at once each time. Then: every accepted CCO Synced exactly once with the ERP's content equal to it; the killed
 * runs' ERP sessions were signed out (the ERP allows 2 API users: without that the restarts could not export); a
 * second Crosswalk on the same home is refused with one clear sentence; and once killed for good, the demo's
 * PostgreSQL does not live on. The long run is {@code ./crosswalk bench --only chaos --kills 100}.
 */
class ChaosIT {

    static final int KILLS = Integer.getInteger("crosswalk.chaos.kills", 5);

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES) // generous: a loaded machine slows the restarts, not the verdict
    void killedAtRandomMomentsEveryAcceptedCcoIsSyncedOnceWithItsContent() throws Exception {
        Path root = root();
        Path work = root.resolve("bench/target/chaos-it");
        long t0 = System.nanoTime();
        // one producer: CCOs are still accepted all along, kills still land during start-up, ERP writes and link
        // writes, and every one is checked; fewer are left waiting for the demo's ERP budget at the end
        Chaos chaos = new Chaos(new Chaos.Settings(root, work, KILLS, 0, Long.getLong("crosswalk.chaos.seed",
                20261202L), 20, Duration.ofMinutes(3), 1, 3000),
                s -> System.out.printf("[chaos %.1f s] %s%n", (System.nanoTime() - t0) / 1e9, s));
        try {
            Chaos.Result r = chaos.run();
            System.out.println("[chaos] " + r);
            assertThat(r.killsSurvived()).isEqualTo(KILLS);
            assertThat(r.killsByMoment().keySet()).as("each moment hit at least once")
                    .contains("start-up", "erp-write", "link-write", "any");
            assertThat(r.ccosAccepted()).as("exports went on between the kills").isGreaterThanOrEqualTo(10);
            assertThat(r.problems()).isEmpty();
            assertThat(r.ccosExported()).isEqualTo(r.ccosAccepted());
            assertThat(r.duplicates()).isZero();
            assertThat(r.lost()).isZero();
            assertThat(r.mismatches()).isZero();
            assertThat(r.leftoverSessionsSignedOut()).as("sessions of killed runs signed out").isPositive();
            assertThat(chaos.contractViolations()).isEmpty();

            // a second Crosswalk on the same home: refused, one sentence naming the running one
            Path secondLog = work.resolve("second.log");
            Process second = chaos.startAnother(ServiceProcess.freePort(), ServiceProcess.freePort(), secondLog);
            assertThat(second.waitFor(3, TimeUnit.MINUTES)).isTrue();
            assertThat(second.exitValue()).isNotZero();
            assertThat(Files.readString(secondLog)).contains("Another Crosswalk (pid " + chaos.servicePid()
                    + ") is running on " + chaos.home().toAbsolutePath().normalize()
                    + ": stop it first, or set CROSSWALK_HOME to another folder");

            // killed for good: its PostgreSQL is stopped by the watchdog, not left running
            long postmaster = Long.parseLong(Files.readAllLines(chaos.home().resolve("pgdata/postmaster.pid")).get(0)
                    .trim());
            assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).contains(true);
            chaos.killForGood();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> ProcessHandle.of(postmaster).map(p -> !p.isAlive()).orElse(true));
        } finally {
            chaos.close();
        }
    }

    private static Path root() {
        Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (p != null && !(Files.exists(p.resolve("crosswalk")) && Files.exists(p.resolve("bench/pom.xml")))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("not inside the Crosswalk repository");
        }
        return p;
    }
}
