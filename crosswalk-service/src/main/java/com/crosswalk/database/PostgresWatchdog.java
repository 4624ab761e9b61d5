package com.crosswalk.database;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the embedded PostgreSQL when this service dies without stopping it (SIGKILL, the OOM killer, a crash).
 *
 * <p>pg_ctl starts the postmaster detached from us, so nothing ties its life to the JVM: killed with SIGKILL, the
 * service used to leave PostgreSQL running on the data directory for good. The watchdog is a tiny {@code sh} process
 * started before PostgreSQL whose standard input is a pipe from this JVM. Why this and not the alternatives:
 * <ul>
 * <li>a JVM shutdown hook does not run on SIGKILL;</li>
 * <li>PostgreSQL has no setting to exit with its parent, and its parent is pg_ctl's shell anyway, not us;</li>
 * <li>a watcher polling the JVM's pid could be fooled by pid reuse and wakes up for nothing; the pipe's end of file
 * arrives the moment the kernel closes our end — however the JVM ends, and only then (the JVM starts child processes
 * with every other descriptor closed, so nobody else holds the pipe open);</li>
 * <li>a second JVM as the watcher would cost tens of MiB for the whole run; {@code sh} costs about one.</li>
 * </ul>
 * When the pipe ends, the watcher reads the pid from {@code postmaster.pid} and stops that postmaster only if its
 * command line carries this run's {@code cluster_name} (so a watcher that wakes late can never stop the postmaster
 * of the next Crosswalk on the same directory): fast shutdown (SIGINT), immediate (SIGQUIT) after 30 s, SIGKILL after
 * 10 more. It looks for up to 5 s, for a postmaster that was still being started when the service died. On a clean
 * shutdown the service stops PostgreSQL itself and tells the watcher so ({@code stopped}); it then exits at once.
 *
 * <p>Where there is no {@code sh} (Windows), there is no watchdog: the next start stops the orphan instead
 * ({@link EmbeddedDataDirectory}).
 */
final class PostgresWatchdog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresWatchdog.class);

    /** $1 data directory, $2 cluster_name of this run, $3 the service's pid (for the message). */
    static final String SCRIPT = """
            trap '' INT HUP PIPE
            while read -r line; do [ "$line" = stopped ] && exit 0; done
            args_of() { if [ -r "/proc/$1/cmdline" ]; then tr '\\000' ' ' < "/proc/$1/cmdline"; else ps -o args= -p "$1" 2>/dev/null; fi; }
            alive() { kill -0 "$1" 2>/dev/null; }
            n=0
            while [ $n -lt 50 ]; do
              pid=""; [ -r "$1/postmaster.pid" ] && read -r pid < "$1/postmaster.pid"
              if [ -n "$pid" ] && args_of "$pid" | grep -q -- "cluster_name=$2"; then
                echo "Crosswalk (pid $3) has exited without stopping its embedded PostgreSQL (pid $pid): stopping it" >&2
                kill -INT "$pid"
                i=0; while alive "$pid" && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done
                alive "$pid" && kill -QUIT "$pid"
                i=0; while alive "$pid" && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
                alive "$pid" && kill -KILL "$pid"
                exit 0
              fi
              n=$((n+1)); sleep 0.1
            done
            """;

    private final Process process;
    private final OutputStream pipe;

    private PostgresWatchdog(Process process) {
        this.process = process;
        this.pipe = process == null ? null : process.getOutputStream();
    }

    /** Starts the watchdog for the postmaster that will run on {@code dataDirectory} with this cluster name. */
    static PostgresWatchdog start(Path dataDirectory, String clusterName) {
        try {
            Process p = new ProcessBuilder(List.of("sh", "-c", SCRIPT, "crosswalk-postgres-watchdog",
                    dataDirectory.toString(), clusterName, Long.toString(ProcessHandle.current().pid())))
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            return new PostgresWatchdog(p);
        } catch (IOException e) {
            log.warn("No watchdog for the embedded PostgreSQL ({}): if this service is killed, PostgreSQL keeps "
                    + "running until the next start stops it", e.getMessage());
            return new PostgresWatchdog(null);
        }
    }

    long pid() {
        return process == null ? -1 : process.pid();
    }

    /**
     * The service is going away. {@code postgresStopped}: it has stopped PostgreSQL itself, the watchdog just exits;
     * otherwise the watchdog stops it now.
     */
    void release(boolean postgresStopped) {
        if (pipe == null) {
            return;
        }
        try {
            if (postgresStopped) {
                pipe.write("stopped\n".getBytes(StandardCharsets.US_ASCII));
                pipe.flush();
            }
            pipe.close();
        } catch (IOException e) {
            log.debug("Watchdog pipe: {}", e.toString());
        }
    }

    @Override
    public void close() {
        release(false);
    }
}
