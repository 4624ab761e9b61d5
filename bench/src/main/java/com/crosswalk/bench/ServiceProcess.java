package com.crosswalk.bench;

import java.io.File;
import java.io.IOException;
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

/** One Crosswalk service as its own OS process (java -jar the service jar), with /proc readings of its pid. */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    final Process process;
    final long startedNanos;
    final Path log;

    private ServiceProcess(String name, int port, Process process, long startedNanos, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.startedNanos = startedNanos;
        this.log = log;
    }

    /** Starts {@code java <javaOpts> -jar jar <args>} with its output in {@code log}. */
    static ServiceProcess start(String name, Path jar, List<String> javaOpts, int port, List<String> args, Path log,
            java.util.Map<String, String> env) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(javaOpts);
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.add("--server.port=" + port);
        cmd.addAll(args);
        return run(name, cmd, port, log, env);
    }

    /** Starts any command that serves on {@code port} (e.g. the launcher, which execs java in the same process). */
    static ServiceProcess run(String name, List<String> cmd, int port, Path log, java.util.Map<String, String> env)
            throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("CROSSWALK_") || k.equals("SERVER_PORT"));
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        return new ServiceProcess(name, port, p, t0, log);
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    long pid() {
        return process.pid();
    }

    /** Waits until /actuator/health answers UP; returns seconds since the process was started. */
    double awaitUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
                    return (System.nanoTime() - startedNanos) / 1e9;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(25);
        }
        throw new IllegalStateException(name + " not UP after " + timeout + "; see " + log);
    }

    /** VmRSS of the process in MiB. */
    double rssMib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IOException("no VmRSS for " + pid());
    }

    /** utime + stime of the process in clock ticks. */
    long cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after "pid (comm) ": state=0, ppid=1, ... utime=11, stime=12
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private HttpClient browser;

    /** Signs in through the login form (the actuator endpoints other than health need a signed-in user). */
    void signIn(String login, String password) throws IOException, InterruptedException {
        HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(new java.net.CookieManager(null, java.net.CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        String page = c.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"_csrf\"")
                .matcher(page);
        String csrf = m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : "";
        String form = "username=" + enc(login) + "&password=" + enc(password) + "&_csrf=" + enc(csrf);
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        String location = r.headers().firstValue("Location").orElse("");
        if (r.statusCode() != 302 || location.contains("error")) {
            throw new IllegalStateException("sign-in as " + login + " failed: " + r.statusCode() + " " + location);
        }
        browser = c;
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The metrics scrape token the bench starts each service with (metrics need the operator or this token). */
    static final String SCRAPE_TOKEN = "bench-" + java.util.UUID.randomUUID();

    /** The scrapes need no session: the token is their credential. */
    private static final HttpClient SCRAPER = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** The Prometheus scrape of the service, with the scrape token. */
    String prometheus() throws IOException, InterruptedException {
        return prometheus(new String[0]);
    }

    /**
     * Only the named metrics (Spring Boot's {@code includedNames}, base names such as
     * {@code http_server_requests_seconds}): a scrape of a few lines instead of ~40 KB, for the samples taken after
     * every request, so that the bench's own reads allocate (and collect) little in the service it measures.
     */
    String prometheus(String... names) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/prometheus"
                        + (names.length == 0 ? "" : "?includedNames=" + String.join(",", names))))
                .header("Authorization", "Bearer " + SCRAPE_TOKEN)
                .timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> r = SCRAPER.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("/actuator/prometheus: HTTP " + r.statusCode());
        }
        return r.body();
    }

    /** Sum of the values of every sample of {@code metric} whose labels contain all {@code labelParts}. */
    static double sum(String scrape, String metric, String... labelParts) {
        double total = 0;
        for (String line : scrape.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(metric)) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name = brace >= 0 ? line.substring(0, brace) : line.substring(0, line.indexOf(' '));
            if (!name.equals(metric)) {
                continue;
            }
            boolean match = true;
            for (String part : labelParts) {
                if (!line.contains(part)) {
                    match = false;
                    break;
                }
            }
            if (match) {
                total += Double.parseDouble(line.substring(space + 1));
            }
        }
        return total;
    }

    /** Graceful stop (SIGTERM), forcibly after 60 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
