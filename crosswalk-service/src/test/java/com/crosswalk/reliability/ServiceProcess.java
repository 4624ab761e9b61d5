package com.crosswalk.reliability;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Crosswalk service as its own operating-system process: {@code java -cp <the test classpath>
 * com.crosswalk.CrosswalkApplication --...} (started as {@link com.crosswalk.ChildJvm} starts it), on an external (test-owned) PostgreSQL and an emulator the test runs, its
 * output in a log file. {@link #kill()} is SIGKILL ({@link Process#destroyForcibly()} on Linux): no shutdown hook,
 * no graceful stop of the export scheduler, no sign-out from the ERP.
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    final Path log;
    private final Process process;

    private ServiceProcess(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Starts a service process (not waiting for it to be ready). */
    static ServiceProcess start(String name, Path home, String jdbcUrl, int emulatorPort, List<String> extraArgs)
            throws IOException {
        int port = freePort();
        Path log = home.resolve(name + ".log");
        List<String> cmd = com.crosswalk.ChildJvm.command(); // java, the launcher's fast start, -cp <the test classpath>
        cmd.add("com.crosswalk.CrosswalkApplication");
        cmd.add("--server.port=" + port);
        cmd.add("--spring.datasource.url=" + jdbcUrl);
        cmd.add("--spring.datasource.username=postgres");
        cmd.add("--spring.datasource.hikari.connection-timeout=3000");
        cmd.add("--spring.datasource.hikari.maximum-pool-size=12");
        cmd.add("--crosswalk.home=" + home);
        cmd.add("--crosswalk.demo=true");
        cmd.add("--crosswalk.demo-emulator=false");
        cmd.add("--crosswalk.emulator-port=" + emulatorPort);
        cmd.add("--crosswalk.reconcile.enabled=false");
        // dead executions (a killed instance's) are taken over after ~4 s instead of 2 minutes
        cmd.add("--crosswalk.export.heartbeat-interval=1s");
        cmd.add("--crosswalk.export.missed-heartbeats=4");
        cmd.add("--crosswalk.export.poll-interval=200ms");
        cmd.add("--crosswalk.export.retry-backoff=200ms");
        cmd.add("--crosswalk.export.max-attempts=12");
        cmd.add("--crosswalk.acumatica.initial-backoff=50ms");
        cmd.add("--crosswalk.acumatica.request-timeout=10s");
        cmd.add("--logging.level.root=WARN");
        cmd.add("--logging.level.com.crosswalk=INFO");
        cmd.addAll(extraArgs);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ServiceProcess(name, port, log, p);
    }

    /** Waits (bounded) until /actuator/health answers 200. */
    ServiceProcess awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + "; log:\n" + tail());
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " not ready within " + timeout + "; log:\n" + tail());
    }

    String base() {
        return "http://localhost:" + port;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL, and wait until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGTERM (graceful), then SIGKILL if it does not stop in time. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            long t0 = System.nanoTime();
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                // what it was waiting for: a thread dump (SIGQUIT) into its log, then SIGKILL
                try {
                    new ProcessBuilder("kill", "-3", Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
                    Thread.sleep(1000);
                } catch (IOException e) {
                    // no kill command: no thread dump
                }
                System.out.println("RELIABILITY " + name + " did not stop within 20 s of SIGTERM (thread dump in " + log
                        + "); killed");
                kill();
            } else {
                System.out.printf("RELIABILITY %s stopped %d ms after SIGTERM%n", name, (System.nanoTime() - t0) / 1_000_000);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
