package com.crosswalk.database;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the embedded database's data directory safe to start on, whatever happened to the Crosswalk before:
 * <ol>
 * <li><b>One Crosswalk per home.</b> {@code crosswalk.home}/crosswalk.lock is locked ({@link FileChannel#tryLock})
 * for as long as this process runs. The kernel drops the lock when the process dies, however it dies (SIGKILL
 * included), so a held lock always means a live Crosswalk: the start is refused with
 * {@link CrosswalkHomeInUseException}, never two services on one database.</li>
 * <li><b>An orphaned postmaster is stopped.</b> Holding the lock, any postmaster still running on the data directory
 * ({@code postmaster.pid}: its pid, and a process with that pid that is a {@code postgres} on this directory) was
 * started by a Crosswalk that is gone. It gets a fast shutdown (SIGINT), then an immediate one (SIGQUIT), then
 * SIGKILL, and we wait until it has exited, so never two postmasters on one data directory. PostgreSQL's own crash
 * recovery then runs as usual at the new start.</li>
 * <li><b>A stale lock is cleared.</b> A {@code postmaster.pid} whose pid now belongs to some other program would make
 * PostgreSQL refuse to start ("Is another postmaster running?"): it is removed. One whose process is gone is left
 * to PostgreSQL, which replaces it after checking that no process of the old server still holds its shared
 * memory (deleting it ourselves would lose that check).</li>
 * </ol>
 */
final class EmbeddedDataDirectory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDataDirectory.class);
    static final String LOCK_FILE = "crosswalk.lock";

    private final Path home;
    private final Path dataDirectory;
    private final FileChannel channel;
    private final FileLock lock;

    private EmbeddedDataDirectory(Path home, Path dataDirectory, FileChannel channel, FileLock lock) {
        this.home = home;
        this.dataDirectory = dataDirectory;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks the home (or throws {@link CrosswalkHomeInUseException}) and clears whatever a dead Crosswalk left on the
     * data directory.
     */
    static EmbeddedDataDirectory claim(Path home, Path dataDirectory, Duration stopTimeout) throws IOException {
        Path absoluteHome = home.toAbsolutePath().normalize();
        Files.createDirectories(absoluteHome);
        Path lockFile = absoluteHome.resolve(LOCK_FILE);
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameJvm) {
            lock = null;
        }
        if (lock == null) {
            String owner = readOwner(channel);
            channel.close();
            throw new CrosswalkHomeInUseException(absoluteHome, owner);
        }
        // the owner's pid, for the message a second Crosswalk shows (the lock itself is what counts)
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        EmbeddedDataDirectory claimed = new EmbeddedDataDirectory(absoluteHome, dataDirectory.toAbsolutePath()
                .normalize(), channel, lock);
        try {
            claimed.stopOrphanedPostmaster(stopTimeout);
        } catch (IOException | RuntimeException e) {
            claimed.close();
            throw e;
        }
        return claimed;
    }

    private static String readOwner(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(64);
            channel.read(buffer, 0);
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return null;
        }
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    /** What {@code postmaster.pid} says: its first line is the postmaster's pid. */
    Optional<Long> postmasterPid() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void stopOrphanedPostmaster(Duration stopTimeout) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        Optional<Long> pid = postmasterPid();
        if (pid.isEmpty()) {
            if (Files.exists(pidFile)) { // written half-way when its postmaster died: nothing in it to check
                log.warn("Removing an unreadable {} (its postmaster is gone)", pidFile);
                Files.deleteIfExists(pidFile);
            }
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            log.info("{} names pid {}, which is gone: PostgreSQL clears this stale lock itself at start", pidFile,
                    pid.get());
            return;
        }
        if (!isPostgresOn(process.get(), dataDirectory)) {
            log.warn("{} names pid {}, now another program ({}): removing this stale lock", pidFile, pid.get(),
                    process.get().info().command().orElse("?"));
            Files.deleteIfExists(pidFile);
            return;
        }
        // We hold the home's lock, so the Crosswalk that started this postmaster is gone.
        log.warn("A PostgreSQL (pid {}) left by a Crosswalk that is no longer running still holds {}: stopping it",
                pid.get(), dataDirectory);
        long started = System.nanoTime();
        stop(process.get(), stopTimeout);
        log.info("The orphaned PostgreSQL (pid {}) stopped in {} ms", pid.get(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Fast shutdown (SIGINT), then immediate (SIGQUIT), then SIGKILL; returns once the process has exited. */
    static void stop(ProcessHandle postmaster, Duration timeout) throws IOException {
        if (signal(postmaster, "INT") && awaitExit(postmaster, timeout)) {
            return;
        }
        log.warn("PostgreSQL (pid {}) did not stop within {} s: immediate shutdown", postmaster.pid(),
                timeout.toSeconds());
        if (signal(postmaster, "QUIT") && awaitExit(postmaster, Duration.ofSeconds(10))) {
            return;
        }
        postmaster.destroyForcibly();
        if (!awaitExit(postmaster, Duration.ofSeconds(10))) {
            throw new IOException("PostgreSQL (pid " + postmaster.pid() + ") on the embedded data directory does "
                    + "not stop even on SIGKILL");
        }
    }

    /** Sends a signal by name through {@code kill} (Java itself sends only TERM and KILL). */
    private static boolean signal(ProcessHandle process, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return kill.waitFor() == 0 || !process.isAlive();
        } catch (IOException e) {
            log.warn("Could not send SIG{} to pid {}: {}", signal, process.pid(), e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !process.isAlive();
            }
        }
        return true;
    }

    /**
     * Whether the process is a {@code postgres} server started on this data directory ({@code postgres -D <dir>}, as
     * pg_ctl starts it). Where the arguments cannot be read, a {@code postgres} executable is taken as ours: the pid
     * came from this directory's own pid file.
     */
    static boolean isPostgresOn(ProcessHandle process, Path dataDirectory) {
        ProcessHandle.Info info = process.info();
        String command = info.command().orElse("");
        String name = Path.of(command.isEmpty() ? "?" : command).getFileName().toString();
        if (!name.equals("postgres") && !name.equals("postgres.exe")) {
            return false;
        }
        Optional<String[]> arguments = info.arguments();
        if (arguments.isEmpty()) {
            return true;
        }
        String[] args = arguments.get();
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("-D")) {
                return Path.of(args[i + 1]).toAbsolutePath().normalize().equals(dataDirectory);
            }
        }
        return true;
    }

    Path home() {
        return home;
    }

    /** Releases the home (the kernel would at exit anyway). */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            log.debug("Releasing {} failed: {}", LOCK_FILE, e.toString());
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("Closing {} failed: {}", LOCK_FILE, e.toString());
        }
    }
}
