package com.crosswalk.database;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL of one Crosswalk run, with what makes it survive a crash at any moment: the home's lock and
 * the recovery of a dead run's leftovers ({@link EmbeddedDataDirectory}), the watchdog that stops PostgreSQL when
 * this process dies ({@link PostgresWatchdog}), durable commits, and an initdb that cannot be left half done.
 */
final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedDataDirectory directory;
    private final PostgresWatchdog watchdog;
    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedDataDirectory directory, PostgresWatchdog watchdog, EmbeddedPostgres postgres) {
        this.directory = directory;
        this.watchdog = watchdog;
        this.postgres = postgres;
    }

    static EmbeddedDatabase start(Path home, int port, Duration stopTimeout) throws IOException {
        Path dataDirectory = home.toAbsolutePath().normalize().resolve("pgdata");
        EmbeddedDataDirectory directory = EmbeddedDataDirectory.claim(home, dataDirectory, stopTimeout);
        PostgresWatchdog watchdog = null;
        try {
            boolean fresh = prepareFresh(dataDirectory);
            long started = System.nanoTime();
            // every postgres process of this run carries it (ps shows it), and the watchdog recognises its postmaster
            String clusterName = "crosswalk-" + ProcessHandle.current().pid() + "-"
                    + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
            watchdog = PostgresWatchdog.start(dataDirectory, clusterName);
            EmbeddedPostgres postgres = builder(dataDirectory, port).setServerConfig("cluster_name", clusterName).start();
            if (fresh) {
                Files.delete(initializing(dataDirectory));
                syncDirectory(dataDirectory.getParent());
                log.info("Embedded PostgreSQL data directory created in {} ({} ms)", dataDirectory,
                        (System.nanoTime() - started) / 1_000_000);
            }
            return new EmbeddedDatabase(directory, watchdog, postgres);
        } catch (IOException | RuntimeException e) {
            if (watchdog != null) {
                watchdog.release(false); // stops a postmaster that started but never answered
            }
            directory.close();
            throw e;
        }
    }

    /**
     * The PostgreSQL binaries bundled for this system ({@code postgres-linux-x86_64.txz} from the binaries jar), looked
     * up by name: zonky's default resolver first asks the operating system which Linux distribution it is and scans
     * the whole classpath for a distribution's own bundle, ~0.3 s of a fresh home's start spent before initdb. A system
     * without a bundle of that name gets the default resolver. One instance: zonky remembers the binaries it prepared
     * per resolver.
     */
    private static final PgBinaryResolver BUNDLED_BINARIES = (system, machineHardware) -> {
        InputStream bundle = EmbeddedDatabase.class.getClassLoader().getResourceAsStream(
                ("postgres-" + system + "-" + machineHardware + ".txz").toLowerCase(Locale.ROOT));
        return bundle != null ? bundle : DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
    };

    private static EmbeddedPostgres.Builder builder(Path dataDirectory, int port) {
        return EmbeddedPostgres.builder()
                .setPgBinaryResolver(BUNDLED_BINARIES)
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("max_connections", "100")
                // zonky's defaults are for throw-away test databases: -F (fsync off) and synchronous_commit off lose
                // the last commits, or the whole cluster, when PostgreSQL or the machine dies. This one keeps the data.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                // Spring stops it (this bean's close); zonky's own JVM hook would race the context's shutdown
                .setRegisterShutdownHook(false)
                // crash recovery after a kill can take longer than zonky's 10 s
                .setPGStartupWait(Duration.ofSeconds(60));
    }

    /**
     * A fresh home (no cluster yet, or one whose first start never finished): marks it initializing, so that a kill
     * anywhere in initdb or the first start leaves the mark and the next start makes the cluster again, never taking
     * a half-made pgdata for a cluster; the caller's start then runs initdb (zonky does, in an empty directory) and
     * removes the mark once PostgreSQL answers. One initdb and one start, where initdb into pgdata.init, a start and
     * a stop there, and a rename cost a second start and stop.
     *
     * @return whether this start makes the cluster
     */
    private static boolean prepareFresh(Path dataDirectory) throws IOException {
        Path mark = initializing(dataDirectory);
        deleteTree(dataDirectory.resolveSibling(dataDirectory.getFileName() + ".init")); // left by releases before #21
        if (Files.exists(dataDirectory.resolve("postgresql.conf")) && !Files.exists(mark)) {
            return false;
        }
        if (!Files.exists(mark)) {
            Files.createFile(mark);
            syncDirectory(dataDirectory.getParent());
        }
        deleteTree(dataDirectory); // half made by a start that was killed, or an empty directory
        return true;
    }

    /** The mark of a cluster being made: {@code pgdata.initializing} beside {@code pgdata}. */
    private static Path initializing(Path dataDirectory) {
        return dataDirectory.resolveSibling(dataDirectory.getFileName() + ".initializing");
    }

    /** Makes a file's creation or removal in {@code dir} durable (a directory's entries are its own data). */
    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    EmbeddedPostgres postgres() {
        return postgres;
    }

    Path dataDirectory() {
        return directory.dataDirectory();
    }

    long watchdogPid() {
        return watchdog.pid();
    }

    PostgresWatchdog watchdog() {
        return watchdog;
    }

    /** Stops PostgreSQL (fast shutdown), dismisses the watchdog, releases the home. */
    @Override
    public void close() {
        boolean stopped = false;
        try {
            postgres.close();
            stopped = directory.postmasterPid().isEmpty();
        } catch (IOException | RuntimeException e) {
            log.warn("Stopping the embedded PostgreSQL failed: {}", e.toString());
        } finally {
            watchdog.release(stopped); // not stopped: the watchdog stops it now
            directory.close();
        }
    }
}
