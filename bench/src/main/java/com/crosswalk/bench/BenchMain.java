package com.crosswalk.bench;

import static com.crosswalk.acumatica.emulator.store.DemoData.o;

import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import com.crosswalk.acumatica.emulator.EmulatorConfig;
import com.crosswalk.acumatica.emulator.store.Snapshots;
import com.crosswalk.acumatica.emulator.store.Store;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code ./crosswalk bench}: export throughput against the ERP's licence ceiling (one and two service instances),
 * list and unlink times at a large contractor's volume, start-up time, memory and CPU per exported CCO. Prints a table
 * and writes {@code bench/target/results.json}.
 *
 * <p>Set-up: one embedded PostgreSQL (zonky) shared by the service instances, which run as separate OS processes
 * ({@code java -jar crosswalk-service/target/crosswalk-service-*.jar}, the launcher's JVM options); the Acumatica
 * emulator runs inside this JVM. Data is seeded with SQL; everything measured goes through the service's REST API.
 *
 * <p>Flags: {@code --only export,two,single,bills,budget,bulk,scale,footprint} (the default set; {@code --bills 200}
 * subcontractor invoices exported as AP bills, {@code --budget-lines 300} the project budget imported) {@code --runs 3} (each figure the
 * median of the runs, with {@code <key>_min} / {@code <key>_max}) {@code --single-samples 60} {@code --ccos 1000} {@code --latency-ms 50}
 * {@code --max-concurrent 4} {@code --max-per-minute 600} {@code --projects 300} {@code --commitments 10000}
 * {@code --synced 100000} {@code --ready 1000} {@code --samples 200} {@code --reconcile} (keep the service's ERP
 * reconciliation job on; by default the bench turns it off because it spends the same ERP budget as the export)
 * {@code --hold-seconds N} (keep everything running after scenario 3, to look at the database).
 * {@code --only chaos --kills 100 --chaos-ccos 1000 [--chaos-latency-ms 20] [--chaos-producers 4]
 * [--chaos-max-pause-ms 6000] [--seed N]}: scenario 6, the demo killed
 * with SIGKILL at random moments while exporting ({@link Chaos}); not in the default set (it takes a while).
 */
public final class BenchMain {

    /**
     * The minimum ERP requests per new CCO: insert On Hold, remove from hold, release. A first attempt that provably sent
     * nothing skips the lookup by ExternalRefNbr (erp_export.insert_sent_at, README "Synced means equal").
     */
    static final int MIN_REQUESTS_PER_CCO = 3;

    /**
     * The minimum ERP requests per new bill: insert On Hold, remove from hold, release (RequisitionExportTest); as for
     * CCOs, a first attempt that provably sent nothing skips the lookup by VendorRef.
     */
    static final int MIN_REQUESTS_PER_BILL = 3;

    /** The share of the ceiling the export must reach (performance round two, target 1). */
    static final double EXPORT_RATIO_TARGET = 0.97;
    /** The metrics the per-request samples read (narrow scrapes: see {@link ServiceProcess#prometheus(String...)}). */
    static final String HTTP_TIMER = "http_server_requests_seconds";
    static final String ERP_TIMER = "crosswalk_erp_requests_seconds";
    static final String GC_PAUSES = "jvm_gc_pause_seconds";

    private final Map<String, String> opts;
    private final Set<String> only;
    private final Path root;
    private final Path target;
    private final List<String> javaOpts;
    private final Path jar;
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final List<String[]> table = new ArrayList<>();
    private final long clockTicks;

    private EmbeddedPostgres pg;
    private String jdbcUrl;
    private Connection db;
    private final String secretKey;
    private ServiceProcess a;

    private BenchMain(Map<String, String> opts) throws Exception {
        this.opts = opts;
        this.only = new LinkedHashSet<>(Arrays.asList(opts.getOrDefault("only", "export,two,single,bills,budget,bulk,scale,footprint")
                .split(",")));
        this.root = findRoot();
        this.target = root.resolve("bench/target");
        String jo = System.getenv("CROSSWALK_JAVA_OPTS");
        this.javaOpts = List.of((jo == null || jo.isBlank() ? "-Xms64m -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
                : jo).trim().split("\\s+"));
        this.jar = root.resolve("crosswalk-service/target/crosswalk-service-0.1.0-SNAPSHOT.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: mvn -B -q -DskipTests install");
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.secretKey = Base64.getEncoder().encodeToString(key);
        long ticks = 100;
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
            ticks = Long.parseLong(new String(p.getInputStream().readAllBytes()).trim());
        } catch (Exception e) {
            // 100 on Linux
        }
        this.clockTicks = ticks;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
            String k = arg.substring(2);
            if (k.contains("=")) {
                opts.put(k.substring(0, k.indexOf('=')), k.substring(k.indexOf('=') + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                opts.put(k, args[++i]);
            } else {
                opts.put(k, "true");
            }
        }
        if (opts.containsKey("table")) { // README's table from the results as they are
            Path target = findRoot().resolve("bench/target");
            @SuppressWarnings("unchecked")
            Map<String, Object> results = new ObjectMapper().readValue(target.resolve("results.json").toFile(), Map.class);
            PerformanceTable.write(target, results);
            System.out.print(PerformanceTable.markdown(results));
            return;
        }
        int runs = Integer.parseInt(opts.getOrDefault("runs", "1"));
        List<Map<String, Object>> all = new ArrayList<>();
        int code = 0;
        for (int run = 1; run <= runs && code == 0; run++) {
            if (runs > 1) {
                say("run " + run + " of " + runs);
            }
            BenchMain bench = new BenchMain(opts);
            try {
                bench.run();
                all.add(bench.results);
                if (runs > 1) {
                    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(
                            bench.target.resolve("results-run-" + run + ".json").toFile(), bench.results);
                }
            } catch (Exception e) {
                e.printStackTrace();
                code = 1;
            } finally {
                bench.shutdown();
            }
        }
        if (code == 0 && runs > 1) {
            Path json = findRoot().resolve("bench/target/results.json");
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), aggregate(all));
            say("wrote " + json + ": the median of " + runs + " runs, with <key>_min and <key>_max");
        }
        System.exit(code);
    }

    /**
     * Several runs in one: each number is the median over the runs, with {@code <key>_min} and {@code <key>_max}
     * beside it; anything else (formulas, request counts by kind) is the last run's.
     */
    static Map<String, Object> aggregate(List<Map<String, Object>> runs) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("runs", runs.size());
        Set<String> keys = new LinkedHashSet<>();
        runs.forEach(r -> keys.addAll(r.keySet()));
        for (String key : keys) {
            List<Object> values = runs.stream().map(r -> r.get(key)).filter(v -> v != null).toList();
            if (!values.isEmpty() && values.stream().allMatch(v -> v instanceof Number)) {
                double[] v = values.stream().mapToDouble(x -> ((Number) x).doubleValue()).sorted().toArray();
                double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
                out.put(key, round(median, 3));
                out.put(key + "_min", round(v[0], 3));
                out.put(key + "_max", round(v[v.length - 1], 3));
            } else if (!values.isEmpty()) {
                out.put(key, values.get(values.size() - 1));
            }
        }
        return out;
    }

    private int num(String k, int def) {
        return Integer.parseInt(opts.getOrDefault(k, Integer.toString(def)).replace("_", "").replace(",", ""));
    }

    private static void say(String s) {
        System.out.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + s);
        System.out.flush();
    }

    private void run() throws Exception {
        Files.createDirectories(target);
        say("host: " + Runtime.getRuntime().availableProcessors() + " CPUs, load " + Files.readString(Path.of("/proc/loadavg")).trim()
                + "; service JVM options " + String.join(" ", javaOpts));
        results.put("ccos", num("ccos", 1000));
        results.put("reconciliation_job", opts.containsKey("reconcile") ? "on (default settings)" : "off");
        boolean exports = only.contains("export") || only.contains("two") || only.contains("single")
                || only.contains("bulk") || only.contains("bills") || only.contains("budget");
        if (exports || only.contains("scale")) {
            startDatabaseAndService();
        }
        if (exports) {
            exportScenarios();
        }
        if (only.contains("scale")) {
            scale();
        }
        if (a != null) {
            double rss = a.rssMib();
            results.put("rss_mib", round(rss, 1));
            row("RSS of the service after scenario " + (only.contains("scale") ? "3" : "1/2"), fmt(rss, 0) + " MiB",
                    "< 256 MiB", rss < 256);
            a.close();
            a = null;
        }
        if (only.contains("footprint")) {
            footprint();
        }
        if (only.contains("chaos")) {
            chaos();
        }
        results.put("load_avg_at_end", Files.readString(Path.of("/proc/loadavg")).trim());
        Path json = target.resolve("results.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), results);
        printTable();
        say("wrote " + json);
    }

    // ------------------------------------------------------------------------------------------------ set-up

    private List<String> serviceArgs(String home) {
        List<String> args = new ArrayList<>();
        if (!opts.containsKey("reconcile")) {
            // the reconciliation job checks every synced record in the ERP (one GET each) 5 minutes after start and
            // every 15 minutes: it shares the ERP's per-minute budget with the export. Off unless --reconcile.
            args.add("--crosswalk.reconcile.enabled=false");
        }
        args.addAll(List.of("--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres", "--crosswalk.home=" + target.resolve(home),
                "--crosswalk.secret-key=" + secretKey, "--crosswalk.metrics.scrape-token=" + ServiceProcess.SCRAPE_TOKEN,
                // the bench's emulators listen on this machine: the platform operator's allowance (ErpUrlPolicy)
                "--crosswalk.erp.allowed-hosts=localhost"));
        return args;
    }

    private void startDatabaseAndService() throws Exception {
        Path pgdata = target.resolve("pgdata");
        ServiceProcess.deleteTree(pgdata);
        pg = EmbeddedPostgres.builder().setDataDirectory(pgdata).setCleanDataDirectory(true)
                .setServerConfig("max_connections", "200").start();
        jdbcUrl = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
        say("PostgreSQL on port " + pg.getPort());
        a = ServiceProcess.start("service-a", jar, javaOpts, ServiceProcess.freePort(), serviceArgs("home-a"),
                target.resolve("logs/service-a.log"), Map.of());
        double up = a.awaitUp(Duration.ofMinutes(3));
        say("service A (pid " + a.pid() + ") UP in " + fmt(up, 1) + " s on " + a.baseUrl());
        db = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
    }

    private void connect(Api api, long companyId, String baseUrl, int maxConcurrent, int maxPerMinute) throws Exception {
        api.expect(api.put("/rest/v1.0/companies/" + companyId + "/erp/connection", """
                {"erp_type":"acumatica","base_url":"%s","tenant":"Demo","endpoint_name":"Default",
                 "endpoint_version":"24.200.001","auth_mode":"cookie","username":"admin","password":"demo",
                 "change_order_class":"COMMITMENT","max_sessions":2,"max_concurrent_requests":%d,
                 "max_requests_per_minute":%d}""".formatted(baseUrl, maxConcurrent, maxPerMinute)), 200,
                "PUT erp/connection");
    }

    // ------------------------------------------------------------------------------------ scenarios 1, 2, 5

    record ExportRun(int n, double elapsedS, double ceilingS, double ratio, double requestsPerCco, long failed,
            long duplicates, double cpuMsPerCco, Map<String, Long> requests, long tooMany, double acceptP99Ms) {

        long logins() {
            return requests.entrySet().stream().filter(e -> e.getKey().contains(" auth ") || e.getKey().contains("identity"))
                    .mapToLong(Map.Entry::getValue).sum();
        }

        double requestsPerCcoWithoutLogins() {
            return (requestsPerCco * n - logins()) / n;
        }
    }

    private void exportScenarios() throws Exception {
        int n = num("ccos", 1000);
        int latency = num("latency-ms", 50);
        int concurrent = num("max-concurrent", 4);
        int perMinute = num("max-per-minute", 600);
        try (AcumaticaEmulator emu = AcumaticaEmulator.start(EmulatorConfig.defaults().withPort(0).withDemo(true)
                .withValidateContract(false).withLatencyMs(latency).withMaxConcurrentRequests(concurrent)
                .withMaxRequestsPerMinute(perMinute))) {
            Seed.Company co = Seed.company(db, "Bench Export Co", "bench_export");
            Seed.Linked linked = Seed.exportCommitment(db, co);
            connect(new Api(a.baseUrl(), co.token()), co.id(), emu.baseUrl(), concurrent, perMinute);
            say("emulator " + emu.baseUrl() + ": latency " + latency + " ms, " + concurrent + " concurrent requests, "
                    + perMinute + " requests/min");
            double ceiling = ceiling(n, latency, concurrent, perMinute);
            results.put("export_ceiling_s", round(ceiling, 1));
            results.put("export_ceiling_formula", "max(" + MIN_REQUESTS_PER_CCO + "*N/(" + perMinute + "/60 s), "
                    + MIN_REQUESTS_PER_CCO + "*N*" + latency + " ms/" + concurrent + "), N=" + n);
            if (only.contains("export")) {
                ExportRun r = export(emu, List.of(a), co, linked, 0, n, latency, concurrent, perMinute);
                results.put("export_elapsed_s", round(r.elapsedS(), 1));
                results.put("export_ceiling_ratio", round(r.ratio(), 3));
                results.put("export_requests_per_cco", round(r.requestsPerCco(), 3));
                results.put("export_requests", r.requests());
                results.put("export_429s", r.tooMany());
                results.put("export_failed", r.failed());
                results.put("export_duplicates", r.duplicates());
                results.put("export_accept_p99_ms", round(r.acceptP99Ms(), 1));
                results.put("cpu_ms_per_cco", round(r.cpuMsPerCco(), 2));
                row("1. export " + n + " CCOs, 1 instance: elapsed (ceiling " + fmt(ceiling, 0) + " s)",
                        fmt(r.elapsedS(), 1) + " s", "", true);
                row("   ceiling / elapsed", fmt(r.ratio(), 3), ">= " + EXPORT_RATIO_TARGET, r.ratio() >= EXPORT_RATIO_TARGET);
                row("   ERP requests per CCO (emulator count, incl. " + r.logins() + " sign-ins)",
                        fmt(r.requestsPerCco(), 3), MIN_REQUESTS_PER_CCO + " + sign-ins", r.requestsPerCcoWithoutLogins() <= MIN_REQUESTS_PER_CCO);
                row("   failed / duplicates", r.failed() + " / " + r.duplicates(), "0 / 0",
                        r.failed() == 0 && r.duplicates() == 0);
                row("5. service CPU per exported CCO", fmt(r.cpuMsPerCco(), 2) + " ms", "", true);
            }
            if (only.contains("two")) {
                ServiceProcess b = ServiceProcess.start("service-b", jar, javaOpts, ServiceProcess.freePort(),
                        serviceArgs("home-b"), target.resolve("logs/service-b.log"), Map.of());
                try {
                    say("service B (pid " + b.pid() + ") UP in " + fmt(b.awaitUp(Duration.ofMinutes(3)), 1) + " s");
                    ExportRun r = export(emu, List.of(a, b), co, linked, n, n, latency, concurrent, perMinute);
                    results.put("two_instances_elapsed_s", round(r.elapsedS(), 1));
                    results.put("two_instances_ceiling_ratio", round(r.ratio(), 3));
                    results.put("two_instances_requests_per_cco", round(r.requestsPerCco(), 3));
                    results.put("two_instances_requests", r.requests());
                    results.put("two_instances_429s", r.tooMany());
                    results.put("two_instances_failed", r.failed());
                    results.put("two_instances_duplicates", r.duplicates());
                    results.put("two_instances_cpu_ms_per_cco", round(r.cpuMsPerCco(), 2));
                    row("2. export " + n + " CCOs, 2 instances: elapsed", fmt(r.elapsedS(), 1) + " s", "", true);
                    row("   ceiling / elapsed", fmt(r.ratio(), 3), ">= " + EXPORT_RATIO_TARGET, r.ratio() >= EXPORT_RATIO_TARGET);
                    row("   ERP requests per CCO (incl. " + r.logins() + " sign-ins)", fmt(r.requestsPerCco(), 3),
                            MIN_REQUESTS_PER_CCO + " + sign-ins", r.requestsPerCcoWithoutLogins() <= MIN_REQUESTS_PER_CCO);
                    row("   failed / duplicates", r.failed() + " / " + r.duplicates(), "0 / 0",
                            r.failed() == 0 && r.duplicates() == 0);
                } finally {
                    b.close();
                }
            }
            if (only.contains("single")) {
                singleExports(emu, co, linked, 2 * n, num("single-samples", 60));
            }
            if (only.contains("bills")) {
                bills(emu, co, linked, num("bills", 200), latency, concurrent, perMinute);
            }
            if (only.contains("budget")) {
                budgetImport(emu, co, num("budget-lines", 300), latency, concurrent, perMinute);
            }
            if (only.contains("bulk")) {
                ExportRun r = export(emu, List.of(a), co, linked, 2 * n + 1000, n, latency, concurrent, perMinute,
                        Accepting.BULK);
                results.put("bulk_accept_elapsed_s", round(r.elapsedS(), 1));
                results.put("bulk_accept_ceiling_ratio", round(r.ratio(), 3));
                results.put("bulk_accept_requests_per_cco", round(r.requestsPerCco(), 3));
                results.put("bulk_accept_failed", r.failed());
                results.put("bulk_accept_duplicates", r.duplicates());
                results.put("bulk_accept_answer_ms", round(r.acceptP99Ms(), 1));
                row("4. bulk Accept of " + n + " CCOs in one action: ceiling / elapsed", fmt(r.ratio(), 3),
                        ">= " + EXPORT_RATIO_TARGET, r.ratio() >= EXPORT_RATIO_TARGET);
                row("   its answer (202, the job's Location) / failed / duplicates", fmt(r.acceptP99Ms(), 0) + " ms / "
                        + r.failed() + " / " + r.duplicates(), "0 / 0", r.failed() == 0 && r.duplicates() == 0);
            }
        }
    }

    /**
     * Scenario 2b: one CCO accepted on an idle system, timed from the Accept's answer to Synced as a person watching
     * the list would see it (the list polled every 10 ms), and where the time went: the scheduler's pick-up (accepted
     * → the export's first ERP request, erp_touched_at) and the ERP requests themselves (the service's own histogram).
     */
    private void singleExports(AcumaticaEmulator emu, Seed.Company co, Seed.Linked linked, int from, int samples)
            throws Exception {
        emu.limits().setMaxRequestsPerMinute(100_000); // idle: the licence's per-minute budget is not what is timed
        Api api = new Api(a.baseUrl(), co.token());
        long first = Seed.readyCcos(db, co, linked, from, samples + 5);
        long[] total = new long[samples];
        long[] pickup = new long[samples];
        long[] erp = new long[samples];
        for (int i = 0; i < samples + 5; i++) {
            long id = first + i;
            double erp0 = ServiceProcess.sum(a.prometheus(ERP_TIMER), "crosswalk_erp_requests_seconds_sum");
            long t0 = System.nanoTime();
            api.expect(api.post("/rest/v1.0/companies/" + co.id() + "/erp/commitment_change_orders/" + id + "/accept",
                    null), 200, "accept " + id);
            String state;
            do {
                Thread.sleep(10);
                state = exportState(id);
            } while (!state.equals("synced") && !state.equals("failed") && System.nanoTime() - t0 < 60e9);
            long elapsed = System.nanoTime() - t0;
            if (!state.equals("synced")) {
                throw new IllegalStateException("single export of CCO " + id + " ended " + state);
            }
            double erpSeconds = ServiceProcess.sum(a.prometheus(ERP_TIMER), "crosswalk_erp_requests_seconds_sum") - erp0;
            if (i >= 5) { // the first few warm the service's code paths
                total[i - 5] = elapsed;
                pickup[i - 5] = pickupNanos(id);
                erp[i - 5] = (long) (erpSeconds * 1e9);
            }
        }
        double p50 = p(total, 0.5) / 1e6;
        double p99 = p(total, 0.99) / 1e6;
        results.put("single_export_p50_ms", round(p50, 1));
        results.put("single_export_p99_ms", round(p99, 1));
        results.put("single_export_pickup_p50_ms", round(p(pickup, 0.5) / 1e6, 1));
        results.put("single_export_pickup_p99_ms", round(p(pickup, 0.99) / 1e6, 1));
        results.put("single_export_erp_p50_ms", round(p(erp, 0.5) / 1e6, 1));
        results.put("single_export_erp_p99_ms", round(p(erp, 0.99) / 1e6, 1));
        say(String.format(Locale.ROOT, "single export (%d samples): p50 %.0f ms, p99 %.0f ms; pick-up p50 %.0f ms, ERP "
                + "requests p50 %.0f ms", samples, p50, p99, p(pickup, 0.5) / 1e6, p(erp, 0.5) / 1e6));
        row("2b. one CCO, idle, Accept → Synced: p50 / p99", fmt(p50, 0) + " ms / " + fmt(p99, 0) + " ms",
                "< 1,000 / < 2,000 ms", p50 < 1000 && p99 < 2000);
        row("    of it: scheduler pick-up p50 / ERP requests p50", fmt(p(pickup, 0.5) / 1e6, 0) + " ms / "
                + fmt(p(erp, 0.5) / 1e6, 0) + " ms", "", true);
    }

    private String exportState(long ccoId) throws Exception {
        try (PreparedStatement ps = db.prepareStatement("select state from erp_export where cco_id = ?")) {
            ps.setLong(1, ccoId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "?";
            }
        }
    }

    /** Accepted → the export's first ERP write noted (erp_touched_at, written just before it). */
    private long pickupNanos(long ccoId) throws Exception {
        try (PreparedStatement ps = db.prepareStatement("select extract(epoch from erp_touched_at - accepted_at) "
                + "from erp_export where cco_id = ?")) {
            ps.setLong(1, ccoId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? (long) (rs.getDouble(1) * 1e9) : 0;
            }
        }
    }

    /** The fastest any client could export n new CCOs: the per-minute budget or the concurrency × latency, whichever binds. */
    static double ceiling(int n, int latencyMs, int concurrent, int perMinute) {
        double requests = (double) MIN_REQUESTS_PER_CCO * n;
        double byRate = perMinute <= 0 ? 0 : requests / (perMinute / 60.0);
        double byConcurrency = concurrent <= 0 ? 0 : requests * latencyMs / 1000.0 / concurrent;
        return Math.max(byRate, byConcurrency);
    }

    /** How the bench accepts the CCOs it exports: one Accept each (4 at a time), or one bulk Accept of them all. */
    enum Accepting { ONE_BY_ONE, BULK }

    private ExportRun export(AcumaticaEmulator emu, List<ServiceProcess> services, Seed.Company co, Seed.Linked linked,
            int from, int n, int latency, int concurrent, int perMinute) throws Exception {
        return export(emu, services, co, linked, from, n, latency, concurrent, perMinute, Accepting.ONE_BY_ONE);
    }

    private ExportRun export(AcumaticaEmulator emu, List<ServiceProcess> services, Seed.Company co, Seed.Linked linked,
            int from, int n, int latency, int concurrent, int perMinute, Accepting accepting) throws Exception {
        long first = Seed.readyCcos(db, co, linked, from, n);
        long last = first + n - 1;
        say("exporting " + n + " CCOs (ids " + first + ".." + last + ") through " + services.size() + " instance(s)");
        emu.stats().reset();
        emu.limits().setMaxRequestsPerMinute(perMinute); // a fresh per-minute window, as the ceiling assumes
        long[] cpu0 = new long[services.size()];
        for (int i = 0; i < services.size(); i++) {
            cpu0[i] = services.get(i).cpuTicks();
        }
        List<Api> apis = services.stream().map(s -> new Api(s.baseUrl(), co.token())).toList();
        long[] acceptNanos;
        if (accepting == Accepting.BULK) {
            StringBuilder ids = new StringBuilder();
            for (long id = first; id <= last; id++) {
                ids.append(ids.isEmpty() ? "" : ",").append(id);
            }
            Api api = apis.get(0);
            acceptNanos = new long[] {api.expect(api.post("/rest/v1.0/companies/" + co.id()
                    + "/erp/commitment_change_orders/accept", "{\"ids\":[" + ids + "]}"), 202, "bulk accept").nanos()};
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Long>> accepts = new ArrayList<>();
            for (long id = first; id <= last; id++) {
                Api api = apis.get((int) (id % apis.size()));
                long cco = id;
                accepts.add(pool.submit(() -> api.expect(api.post("/rest/v1.0/companies/" + co.id()
                        + "/erp/commitment_change_orders/" + cco + "/accept", null), 200, "accept " + cco).nanos()));
            }
            acceptNanos = new long[n];
            for (int i = 0; i < n; i++) {
                acceptNanos[i] = accepts.get(i).get();
            }
            pool.shutdown();
        }
        say("accepted all " + n + " " + accepting + " (accept round trip p99 " + fmt(p(acceptNanos, 0.99) / 1e6, 1) + " ms)");
        double ceiling = ceiling(n, latency, concurrent, perMinute);
        long deadline = System.nanoTime() + (long) ((ceiling * 3 + 300) * 1e9);
        long lastReport = 0;
        long[] counts;
        while (true) {
            counts = states(first, last);
            if (counts[0] + counts[1] >= n || System.nanoTime() > deadline) {
                break;
            }
            if (System.nanoTime() - lastReport > 30e9) {
                lastReport = System.nanoTime();
                say("  synced " + counts[0] + ", failed " + counts[1] + ", exporting " + counts[2] + "; ERP requests "
                        + emu.stats().totalRequests());
            }
            Thread.sleep(200);
        }
        long[] cpu1 = new long[services.size()];
        for (int i = 0; i < services.size(); i++) {
            cpu1[i] = services.get(i).cpuTicks();
        }
        double elapsed;
        try (PreparedStatement ps = db.prepareStatement("select extract(epoch from max(synced_at) - min(accepted_at)) "
                + "from erp_export where cco_id between ? and ?")) {
            ps.setLong(1, first);
            ps.setLong(2, last);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                elapsed = rs.getDouble(1);
            }
        }
        long total = emu.stats().totalRequests();
        Map<String, Long> perKey = emu.stats().requests();
        // duplicates: change orders sharing an ExternalRefNbr, and CCOs of this run with a number of change orders ≠ 1
        Map<String, Integer> byRef = new HashMap<>();
        for (Snapshots.ChangeOrderSnapshot s : emu.store().changeOrders()) {
            if (s.externalRefNbr() != null && !s.externalRefNbr().isBlank()) {
                byRef.merge(s.externalRefNbr(), 1, Integer::sum);
            }
        }
        long dup = byRef.values().stream().filter(c -> c > 1).mapToLong(c -> c - 1).sum();
        for (long id = first; id <= last; id++) {
            if (byRef.getOrDefault("CW-" + co.id() + "-CCO-" + id + "-1", 0) != 1) {
                dup++;
            }
        }
        long cpuTicks = 0;
        for (int i = 0; i < services.size(); i++) {
            cpuTicks += cpu1[i] - cpu0[i];
        }
        double cpuMs = cpuTicks * 1000.0 / clockTicks / n;
        long notDone = n - counts[0] - counts[1];
        ExportRun r = new ExportRun(n, elapsed, ceiling, ceiling / elapsed, (double) total / n, counts[1] + notDone, dup,
                cpuMs, perKey, emu.stats().tooManyRequests(), p(acceptNanos, 0.99) / 1e6);
        say(String.format(Locale.ROOT, "done: synced %d, failed %d, not finished %d; elapsed %.1f s, ceiling %.1f s, ratio %.3f; "
                + "ERP requests %d (%.3f per CCO) %s, 429s %d; duplicates %d; service CPU %.2f ms per CCO",
                counts[0], counts[1], notDone, elapsed, ceiling, r.ratio(), total, r.requestsPerCco(), perKey,
                r.tooMany(), dup, cpuMs));
        return r;
    }

    /**
     * Scenario 1b: {@code n} subcontractor invoices accepted one by one and exported as Acumatica AP bills, against
     * the same licence ceiling with {@link #MIN_REQUESTS_PER_BILL}. Afterwards every invoice's key must name exactly
     * one bill holding what Crosswalk shows (10.00 of work on SC0001 line 1, 1.00 retained, Amount 9.00, Open).
     */
    private void bills(AcumaticaEmulator emu, Seed.Company co, Seed.Linked linked, int n, int latency, int concurrent,
            int perMinute) throws Exception {
        long first = Seed.readyBills(db, co, linked, 0, n);
        long last = first + n - 1;
        say("exporting " + n + " subcontractor invoices as bills (ids " + first + ".." + last + ")");
        emu.stats().reset();
        emu.limits().setMaxRequestsPerMinute(perMinute);
        Api api = new Api(a.baseUrl(), co.token());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Api.Response>> accepts = new ArrayList<>();
        for (long id = first; id <= last; id++) {
            long invoice = id;
            accepts.add(pool.submit(() -> api.expect(api.post("/rest/v1.0/companies/" + co.id()
                    + "/erp/requisitions/" + invoice + "/accept", null), 200, "accept invoice " + invoice)));
        }
        for (Future<Api.Response> f : accepts) {
            f.get();
        }
        pool.shutdown();
        double ceiling = MIN_REQUESTS_PER_BILL * ceiling(n, latency, concurrent, perMinute) / MIN_REQUESTS_PER_CCO;
        long deadline = System.nanoTime() + (long) ((ceiling * 3 + 300) * 1e9);
        long[] counts;
        while (true) {
            counts = states("requisition_id", first, last);
            if (counts[0] + counts[1] >= n || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(200);
        }
        double elapsed;
        try (PreparedStatement ps = db.prepareStatement("select extract(epoch from max(synced_at) - min(accepted_at)) "
                + "from erp_export where requisition_id between ? and ?")) {
            ps.setLong(1, first);
            ps.setLong(2, last);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                elapsed = rs.getDouble(1);
            }
        }
        long total = emu.stats().totalRequests();
        Map<String, Long> perKey = emu.stats().requests();
        long logins = perKey.entrySet().stream().filter(e -> e.getKey().contains(" auth ") || e.getKey().contains("identity"))
                .mapToLong(Map.Entry::getValue).sum();
        long wrong = 0;
        for (long id = first; id <= last; id++) {
            List<ObjectNode> bills = emu.store().billsByVendorRef(
                    "CW-" + co.id() + "-INV-" + id + "-1");
            boolean equal = bills.size() == 1 && bills.get(0).path("Amount").path("value").decimalValue()
                    .compareTo(new java.math.BigDecimal("9.00")) == 0
                    && "Open".equals(bills.get(0).path("Status").path("value").asText())
                    && bills.get(0).path("Details").size() == 1
                    && bills.get(0).path("Details").get(0).path("Amount").path("value").decimalValue()
                    .compareTo(new java.math.BigDecimal("10.00")) == 0;
            if (!equal) {
                wrong++;
            }
        }
        double ratio = ceiling / elapsed;
        double perBill = (double) total / n;
        long notDone = n - counts[0] - counts[1];
        results.put("bills", n);
        results.put("bill_elapsed_s", round(elapsed, 1));
        results.put("bill_ceiling_s", round(ceiling, 1));
        results.put("bill_ceiling_ratio", round(ratio, 3));
        results.put("bill_requests_per_bill", round(perBill, 3));
        results.put("bill_failed", counts[1] + notDone);
        results.put("bill_not_as_shown", wrong);
        say(String.format(Locale.ROOT, "bills done: synced %d, failed %d, not finished %d; elapsed %.1f s, ceiling %.1f s, "
                + "ratio %.3f; ERP requests %d (%.3f per bill) %s; bills missing, duplicated or not as shown: %d",
                counts[0], counts[1], notDone, elapsed, ceiling, ratio, total, perBill, perKey, wrong));
        row("1b. export " + n + " invoices as AP bills: ceiling / elapsed", fmt(ratio, 3), ">= " + EXPORT_RATIO_TARGET,
                ratio >= EXPORT_RATIO_TARGET);
        row("   ERP requests per bill (incl. " + logins + " sign-ins)", fmt(perBill, 3),
                MIN_REQUESTS_PER_BILL + " + sign-ins", (total - logins) <= (long) MIN_REQUESTS_PER_BILL * n);
        row("   failed / missing, duplicated or not as shown", (counts[1] + notDone) + " / " + wrong, "0 / 0",
                counts[1] + notDone == 0 && wrong == 0);
    }

    /**
     * Scenario 1c: one project's cost budget of {@code lines} lines (and as many released cost transactions) imported
     * from the ERP, twice (the second finds no change): ERP requests per import and per line, and the import's time
     * from the click's answer to the job's end against the ceiling of those requests alone.
     */
    private void budgetImport(AcumaticaEmulator emu, Seed.Company co, int lines, int latency, int concurrent,
            int perMinute) throws Exception {
        Store s = emu.store();
        String erpProject = "BENCH" + lines;
        s.put("Project", o("ProjectID", erpProject, "Description", lines + " cost codes", "Status", "Active", "Hold", false),
                Store.PutMode.INSERT, null, null);
        s.put("ProjectTask", o("ProjectID", erpProject, "ProjectTaskID", "01", "Description", "General", "Status", "Active",
                "Default", true), Store.PutMode.INSERT, null, null);
        for (int i = 0; i < lines; i++) {
            String code = String.format(Locale.ROOT, "%02d-%03d", 40 + i / 100, i % 100);
            s.put("CostCode", o("CostCodeID", code, "Description", "Bench code " + i),
                    Store.PutMode.INSERT, null, null);
            s.put("ProjectBudget", o("ProjectID", erpProject, "ProjectTaskID", "01", "AccountGroup", "SUBCON", "CostCode",
                    code, "Description", "Bench code " + i, "OriginalBudgetedAmount",
                    new java.math.BigDecimal(10000 + i * 37)), Store.PutMode.INSERT,
                    null, null);
            ObjectNode tx = o("Module", "PM", "Description", "Cost " + i);
            tx.putArray("Details").add(o("Project", erpProject, "ProjectTask", "01", "AccountGroup", "SUBCON", "CostCode",
                    code, "Date", String.format(Locale.ROOT, "2025-%02d-15", 1 + i % 12), "Description", "Cost " + i,
                    "Amount", new java.math.BigDecimal(9000 + (i % 7) * 500)));
            String ref = s.put("ProjectTransaction", tx, Store.PutMode.INSERT,
                    null, null).path("ReferenceNbr").path("value").asText();
            s.releaseTransaction("PM", ref);
        }
        long project = Seed.budgetProject(db, co, erpProject, lines);
        Api api = new Api(a.baseUrl(), co.token());
        double[] seconds = new double[2];
        long[] requests = new long[2];
        String[] summaries = new String[2];
        for (int run = 0; run < 2; run++) {
            emu.stats().reset();
            emu.limits().setMaxRequestsPerMinute(perMinute);
            long t0 = System.nanoTime();
            Api.Response started = api.expect(api.post("/rest/v1.0/projects/" + project + "/budget/import", null), 202,
                    "budget import");
            String job = new ObjectMapper().readTree(started.body()).path("id").asText();
            com.fasterxml.jackson.databind.JsonNode done;
            while (true) {
                done = new ObjectMapper().readTree(api.expect(api.get("/rest/v1.0/companies/" + co.id() + "/jobs/" + job),
                        200, "job").body());
                String state = done.path("state").asText();
                if (state.equals("finished") || state.equals("failed")) {
                    break;
                }
                Thread.sleep(10);
            }
            seconds[run] = (System.nanoTime() - t0) / 1e9;
            requests[run] = emu.stats().totalRequests();
            summaries[run] = done.path("state").asText() + ": " + done.path("summary").asText();
            say("budget import " + (run + 1) + " of " + lines + " lines: " + fmt(seconds[run], 2) + " s, " + requests[run]
                    + " ERP requests " + emu.stats().requests() + "; " + summaries[run]);
        }
        double ceiling = ceiling(1, latency, concurrent, perMinute) * requests[1] / MIN_REQUESTS_PER_CCO;
        results.put("budget_lines", lines);
        results.put("budget_import_requests", requests[1]);
        results.put("budget_import_requests_per_line", round((double) requests[1] / lines, 4));
        results.put("budget_import_s", round(seconds[1], 2));
        results.put("budget_first_import_s", round(seconds[0], 2));
        results.put("budget_import_ceiling_ratio", round(ceiling / seconds[1], 3));
        results.put("budget_import_outcome", summaries[1]);
        row("1c. import a " + lines + "-line budget: ERP requests (per line)", requests[1] + " ("
                + fmt((double) requests[1] / lines, 4) + ")", "2", requests[1] <= 2 && summaries[1].startsWith("finished"));
        row("   its time, click to done (first import " + fmt(seconds[0], 2) + " s); ceiling / elapsed",
                fmt(seconds[1], 2) + " s; " + fmt(ceiling / seconds[1], 3), "", true);
    }

    /** synced, failed, other — of the erp_export rows of CCOs first..last. */    /** synced, failed, other — of the erp_export rows of CCOs first..last. */
    private long[] states(long first, long last) throws Exception {
        return states("cco_id", first, last);
    }

    /** synced, failed, other — of the erp_export rows whose {@code idColumn} is first..last. */
    private long[] states(String idColumn, long first, long last) throws Exception {
        try (PreparedStatement ps = db.prepareStatement("select count(*) filter (where state = 'synced'), "
                + "count(*) filter (where state = 'failed'), count(*) filter (where state not in ('synced', 'failed')) "
                + "from erp_export where " + idColumn + " between ? and ?")) {
            ps.setLong(1, first);
            ps.setLong(2, last);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
            }
        }
    }

    // ------------------------------------------------------------------------------------------- scenario 3

    private void scale() throws Exception {
        int projects = num("projects", 300);
        int commitments = num("commitments", 10_000);
        int synced = num("synced", 100_000);
        int ready = num("ready", 1_000);
        int samples = num("samples", 200);
        try (AcumaticaEmulator emu = AcumaticaEmulator.start(EmulatorConfig.defaults().withPort(0).withDemo(true)
                .withValidateContract(false))) {
            Seed.Company co = Seed.company(db, "Bench Scale Co", "bench_scale");
            long t0 = System.nanoTime();
            Seed.largeContractor(db, co, projects, commitments, synced, ready);
            double seedS = (System.nanoTime() - t0) / 1e9;
            say("seeded " + projects + " projects, " + commitments + " commitments, " + synced + " synced CCOs, " + ready
                    + " ready CCOs in " + fmt(seedS, 1) + " s");
            results.put("scale_seed_s", round(seedS, 1));
            Api api = new Api(a.baseUrl(), co.token());
            a.signIn("bench_scale", Seed.PASSWORD);
            connect(api, co.id(), emu.baseUrl(), 4, 100_000);
            String base = "/rest/v1.0/companies/" + co.id() + "/erp/commitment_change_orders";
            int deepPage = Math.max(1, synced / 100 * 9 / 10);
            String uri = "uri=\"/rest/v1.0/companies/{companyId}/erp/{records"; // the template includes the path regex
            Timing first = measure(api, base + "?view=synced&page=1&per_page=100", samples, uri);
            Timing deep = measure(api, base + "?view=synced&page=" + deepPage + "&per_page=100", samples, uri);
            Timing search = measure(api, base + "?view=synced&search=rebar&page=1&per_page=100", samples, uri);
            Timing readyList = measure(api, base + "?view=ready_to_export&page=1&per_page=100", samples, uri);
            put("synced_list", first);
            put("deep_page", deep);
            put("search", search);
            put("ready_list", readyList);
            results.put("deep_page_number", deepPage);
            row("3. synced list, first page (100 rows of " + synced + "): server p99 / HTTP p99",
                    fmt(first.serverP99Ms(), 1) + " ms / " + fmt(first.p99Ms(), 1) + " ms", "< 20 / < 30 ms",
                    first.serverP99Ms() < 20 && first.p99Ms() < 30);
            row("   synced list, page " + deepPage + ": server p99 / HTTP p99",
                    fmt(deep.serverP99Ms(), 1) + " ms / " + fmt(deep.p99Ms(), 1) + " ms", "< 20 / < 30 ms",
                    deep.serverP99Ms() < 20 && deep.p99Ms() < 30);
            row("   synced list, search 'rebar': server p99 / HTTP p99",
                    fmt(search.serverP99Ms(), 1) + " ms / " + fmt(search.p99Ms(), 1) + " ms", "< 20 / < 30 ms",
                    search.serverP99Ms() < 20 && search.p99Ms() < 30);
            row("   Ready to Export list (" + ready + " rows): server p99 / HTTP p99",
                    fmt(readyList.serverP99Ms(), 1) + " ms / " + fmt(readyList.p99Ms(), 1) + " ms", "< 20 / < 30 ms",
                    readyList.serverP99Ms() < 20 && readyList.p99Ms() < 30);
            // unlink: ERP latency 0, and the ERP time the service measured itself (crosswalk.erp.requests) subtracted
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = db.prepareStatement("select cco_id from erp_link where company_id = ? and "
                    + "record_type = 'commitment_change_order' order by id limit ?")) {
                ps.setLong(1, co.id());
                ps.setInt(2, samples + 20);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            String unlinkUri = "uri=\"/rest/v1.0/companies/{companyId}/erp/commitment_change_orders/{id}/unlink\"";
            String u0 = a.prometheus(HTTP_TIMER);
            long[] e2e = new long[samples];
            long[] overhead = new long[samples];
            double erpTotal = 0;
            List<Long> overheadWithoutGc = new ArrayList<>();
            int gcSamples = 0;
            for (int i = 0; i < ids.size(); i++) {
                String before = a.prometheus(ERP_TIMER, GC_PAUSES);
                Api.Response r = api.expect(api.post(base + "/" + ids.get(i) + "/unlink", null), 200, "unlink");
                String after = a.prometheus(ERP_TIMER, GC_PAUSES);
                double erp = ServiceProcess.sum(after, "crosswalk_erp_requests_seconds_sum")
                        - ServiceProcess.sum(before, "crosswalk_erp_requests_seconds_sum");
                boolean gc = ServiceProcess.sum(after, "jvm_gc_pause_seconds_count")
                        > ServiceProcess.sum(before, "jvm_gc_pause_seconds_count");
                if (i == 0) {
                    say("unlink answer: " + r.body());
                }
                if (i >= 20) {
                    e2e[i - 20] = r.nanos();
                    overhead[i - 20] = r.nanos() - (long) (erp * 1e9);
                    erpTotal += erp;
                    if (gc) {
                        gcSamples++;
                    } else {
                        overheadWithoutGc.add(overhead[i - 20]);
                    }
                }
            }
            long[] noGc = overheadWithoutGc.stream().mapToLong(Long::longValue).toArray();
            double overheadP99NoGc = noGc.length == 0 ? Double.NaN : p(noGc, 0.99) / 1e6;
            results.put("unlink_gc_samples", gcSamples);
            results.put("unlink_overhead_p99_without_gc_ms", round(overheadP99NoGc, 2));
            String u1 = a.prometheus(HTTP_TIMER);
            double unlinkServerMean = (ServiceProcess.sum(u1, "http_server_requests_seconds_sum", unlinkUri)
                    - ServiceProcess.sum(u0, "http_server_requests_seconds_sum", unlinkUri))
                    / Math.max(1, ServiceProcess.sum(u1, "http_server_requests_seconds_count", unlinkUri)
                    - ServiceProcess.sum(u0, "http_server_requests_seconds_count", unlinkUri)) * 1000;
            results.put("unlink_server_mean_ms", round(unlinkServerMean, 2));
            double unlinkP99 = p(e2e, 0.99) / 1e6;
            double overheadP99 = p(overhead, 0.99) / 1e6;
            results.put("unlink_p99_ms", round(unlinkP99, 2));
            results.put("unlink_p50_ms", round(p(e2e, 0.5) / 1e6, 2));
            results.put("unlink_erp_mean_ms", round(erpTotal / samples * 1000, 2));
            results.put("unlink_overhead_p99_ms", round(overheadP99, 2));
            results.put("unlink_overhead_p50_ms", round(p(overhead, 0.5) / 1e6, 2));
            say(String.format(Locale.ROOT, "unlink: HTTP p50 %.1f ms, p99 %.1f ms; overhead p50 %.1f ms, p99 %.1f ms; a GC "
                    + "fell into %d of %d unlinks, overhead p99 of the others %.1f ms", p(e2e, 0.5) / 1e6, unlinkP99,
                    p(overhead, 0.5) / 1e6, overheadP99, gcSamples, samples, overheadP99NoGc));
            Files.writeString(target.resolve("prometheus-service-a.txt"), a.prometheus());
            int hold = num("hold-seconds", 0);
            if (hold > 0) {
                say("holding for " + hold + " s: psql " + jdbcUrl + " (user postgres), service " + a.baseUrl()
                        + ", token of the scale company " + co.token());
                Thread.sleep(hold * 1000L);
            }
            row("   unlink (ERP latency 0): HTTP p99, minus ERP time = overhead p99",
                    fmt(unlinkP99, 1) + " ms, " + fmt(overheadP99, 1) + " ms", "< 10 ms", overheadP99 < 10);
        }
    }

    /**
     * {@code gcSamples}: how many samples a garbage collection of the service fell into (its pause count grew between
     * the reads around the sample); {@code serverP99NoGcMs}: the server p99 of the other samples.
     */
    record Timing(double p50Ms, double p99Ms, double maxMs, double serverMeanMs, double serverP50Ms,
            double serverP99Ms, int samples, int gcSamples, double gcPauseMs, double serverP99NoGcMs) {
    }

    /**
     * HTTP round trips on loopback, and each request's own server time: the service's http_server_requests histogram
     * is read before and after every request (outside the timed round trip), so the difference is that one request.
     */
    private Timing measure(Api api, String path, int samples, String uriLabel) throws Exception {
        for (int i = 0; i < 20; i++) {
            api.expect(api.get(path), 200, path);
        }
        long[] t = new long[samples];
        long[] server = new long[samples];
        List<Long> serverWithoutGc = new ArrayList<>();
        int gcSamples = 0;
        String first = a.prometheus(HTTP_TIMER, GC_PAUSES);
        double before = ServiceProcess.sum(first, "http_server_requests_seconds_sum", uriLabel);
        double gcBefore = ServiceProcess.sum(first, "jvm_gc_pause_seconds_count");
        double gcPauses0 = ServiceProcess.sum(first, "jvm_gc_pause_seconds_sum");
        double gcPauses = gcPauses0;
        for (int i = 0; i < samples; i++) {
            t[i] = api.expect(api.get(path), 200, path).nanos();
            String scrape = a.prometheus(HTTP_TIMER, GC_PAUSES);
            double after = ServiceProcess.sum(scrape, "http_server_requests_seconds_sum", uriLabel);
            double gcAfter = ServiceProcess.sum(scrape, "jvm_gc_pause_seconds_count");
            server[i] = (long) ((after - before) * 1e9);
            if (gcAfter > gcBefore) {
                gcSamples++;
            } else {
                serverWithoutGc.add(server[i]);
            }
            before = after;
            gcBefore = gcAfter;
            gcPauses = ServiceProcess.sum(scrape, "jvm_gc_pause_seconds_sum");
        }
        double mean = Arrays.stream(server).average().orElse(Double.NaN) / 1e6;
        long[] noGc = serverWithoutGc.stream().mapToLong(Long::longValue).toArray();
        Timing timing = new Timing(p(t, 0.5) / 1e6, p(t, 0.99) / 1e6, p(t, 1.0) / 1e6, mean, p(server, 0.5) / 1e6,
                p(server, 0.99) / 1e6, samples, gcSamples, (gcPauses - gcPauses0) * 1000,
                noGc.length == 0 ? Double.NaN : p(noGc, 0.99) / 1e6);
        say(String.format(Locale.ROOT, "GET %s: HTTP p50 %.1f ms, p99 %.1f ms, max %.1f ms (loopback); server p50 %.1f ms, "
                + "p99 %.1f ms; a GC fell into %d of %d samples (%.1f ms of pauses), server p99 of the others %.1f ms",
                path, timing.p50Ms(), timing.p99Ms(), timing.maxMs(), timing.serverP50Ms(), timing.serverP99Ms(),
                gcSamples, samples, timing.gcPauseMs(), timing.serverP99NoGcMs()));
        return timing;
    }

    private void put(String name, Timing t) {
        results.put(name + "_p50_ms", round(t.p50Ms(), 2));
        results.put(name + "_p99_ms", round(t.p99Ms(), 2));
        results.put(name + "_max_ms", round(t.maxMs(), 2));
        results.put(name + "_server_mean_ms", round(t.serverMeanMs(), 2));
        results.put(name + "_server_p50_ms", round(t.serverP50Ms(), 2));
        results.put(name + "_server_p99_ms", round(t.serverP99Ms(), 2));
        results.put(name + "_gc_samples", t.gcSamples());
        results.put(name + "_gc_pause_ms", round(t.gcPauseMs(), 2));
        results.put(name + "_server_p99_without_gc_ms", round(t.serverP99NoGcMs(), 2));
    }

    // ------------------------------------------------------------------------------------------- scenario 4

    private void footprint() throws Exception {
        // The launcher prepares its fast start once per build (extracted jar + class-data-sharing archive); that
        // one-time step is not part of a start.
        Process prepare = new ProcessBuilder(root.resolve("crosswalk").toString(), "prepare").inheritIO().start();
        if (prepare.waitFor() != 0) {
            throw new IllegalStateException("./crosswalk prepare failed");
        }
        Path home = target.resolve("demo-home");
        ServiceProcess.deleteTree(home);
        double fresh = demoStart(home, "fresh");
        double again = demoStart(home, "existing");
        results.put("startup_fresh_home_s", round(fresh, 2));
        results.put("startup_existing_home_s", round(again, 2));
        results.put("startup_s", round(fresh, 2));
        results.put("startup_again_s", round(again, 2));
        row("5. start-up of the demo until /actuator/health UP: fresh / existing CROSSWALK_HOME",
                fmt(fresh, 1) + " s / " + fmt(again, 1) + " s", "< 5 / < 3 s", fresh < 5 && again < 3);
        double jarMib = Files.size(jar) / 1024.0 / 1024.0;
        results.put("jar_mib", round(jarMib, 1));
        row("   the production jar (" + jar.getFileName() + ")", fmt(jarMib, 1) + " MiB", "< 64 MiB", jarMib < 64);
    }

    /** {@code ./crosswalk demo}, exactly as a new user types it, timed from launch to the first UP. */
    private double demoStart(Path home, String label) throws Exception {
        int port = ServiceProcess.freePort();
        int emulatorPort = ServiceProcess.freePort();
        List<String> cmd = List.of(root.resolve("crosswalk").toString(), "demo", "--port", Integer.toString(port),
                "--emulator-port", Integer.toString(emulatorPort));
        try (ServiceProcess demo = ServiceProcess.run("demo-" + label, cmd, port,
                target.resolve("logs/demo-" + label + ".log"), Map.of("CROSSWALK_HOME", home.toString()))) {
            double up = demo.awaitUp(Duration.ofMinutes(3));
            double rss = demo.rssMib();
            results.put("demo_rss_at_start_" + label + "_mib", round(rss, 1));
            say("demo (" + label + " CROSSWALK_HOME) UP in " + fmt(up, 2) + " s, RSS " + fmt(rss, 0) + " MiB");
            return up;
        }
    }

    // ------------------------------------------------------------------------------------------- scenario 6

    /** {@code --only chaos --kills 100 --chaos-ccos 1000}: the real launcher killed with SIGKILL while exporting. */
    private void chaos() throws Exception {
        int kills = num("kills", 100);
        int minCcos = num("chaos-ccos", 1000);
        Chaos chaos = new Chaos(new Chaos.Settings(root, target.resolve("chaos"), kills, minCcos,
                Long.parseLong(opts.getOrDefault("seed", "20261202")), num("chaos-latency-ms", 20),
                Duration.ofMinutes(10), num("chaos-producers", 4), num("chaos-max-pause-ms", 6000)), BenchMain::say);
        Chaos.Result r;
        try {
            r = chaos.run();
        } finally {
            chaos.close();
        }
        results.put("chaos_kills", r.kills());
        results.put("chaos_kills_survived", r.killsSurvived());
        results.put("chaos_kills_by_moment", r.killsByMoment());
        results.put("chaos_ccos_accepted", r.ccosAccepted());
        results.put("chaos_ccos_exported", r.ccosExported());
        results.put("chaos_duplicates", r.duplicates());
        results.put("chaos_lost", r.lost());
        results.put("chaos_content_mismatches", r.mismatches());
        results.put("chaos_restart_median_s", round(r.restartMedian(), 2));
        results.put("chaos_restart_max_s", round(r.restartMax(), 2));
        results.put("chaos_restart_s", r.restartSeconds().stream().map(x -> round(x, 2)).toList());
        results.put("chaos_leftover_sessions_signed_out", r.leftoverSessionsSignedOut());
        results.put("chaos_elapsed_s", round(r.elapsedSeconds(), 1));
        results.put("chaos_problems", r.problems().stream().limit(50).toList());
        r.problems().stream().limit(20).forEach(p -> say("chaos problem: " + p));
        row("6. chaos: ./crosswalk demo killed with SIGKILL while exporting: kills survived", r.killsSurvived() + " / "
                + r.kills(), "all", r.killsSurvived() == r.kills());
        row("   CCOs accepted / exported (Synced, ERP content equal)", r.ccosAccepted() + " / " + r.ccosExported(),
                "equal", r.ccosAccepted() == r.ccosExported());
        row("   duplicates / lost / content mismatches", r.duplicates() + " / " + r.lost() + " / " + r.mismatches(),
                "0 / 0 / 0", r.duplicates() == 0 && r.lost() == 0 && r.mismatches() == 0);
        row("   restart after a kill until UP: median / max", fmt(r.restartMedian(), 1) + " s / "
                + fmt(r.restartMax(), 1) + " s", "< 10 s", r.restartMax() < 10);
        row("   ERP sessions of killed runs signed out by the next start", Long.toString(r.leftoverSessionsSignedOut()),
                "", true);
    }

    // --------------------------------------------------------------------------------------------- helpers

    private void shutdown() {
        if (a != null) {
            a.close();
        }
        try {
            if (db != null) {
                db.close();
            }
            if (pg != null) {
                pg.close();
            }
        } catch (Exception e) {
            System.err.println("closing PostgreSQL: " + e);
        }
    }

    private void row(String figure, String value, String target, boolean ok) {
        table.add(new String[] {figure, value, target, target.isEmpty() ? "" : ok ? "yes" : "NO"});
    }

    private void printTable() {
        int w0 = 10;
        int w1 = 5;
        int w2 = 6;
        for (String[] r : table) {
            w0 = Math.max(w0, r[0].length());
            w1 = Math.max(w1, r[1].length());
            w2 = Math.max(w2, r[2].length());
        }
        StringBuilder sb = new StringBuilder("\n");
        String fmt = "| %-" + w0 + "s | %" + w1 + "s | %-" + w2 + "s | %-4s |\n";
        sb.append(String.format(fmt, "figure", "value", "target", "met"));
        sb.append("|").append("-".repeat(w0 + 2)).append("|").append("-".repeat(w1 + 1)).append(":|")
                .append("-".repeat(w2 + 2)).append("|------|\n");
        for (String[] r : table) {
            sb.append(String.format(fmt, (Object[]) r));
        }
        System.out.println(sb);
    }

    static double p(long[] values, double q) {
        long[] v = values.clone();
        Arrays.sort(v);
        int i = (int) Math.ceil(q * v.length) - 1;
        return v[Math.max(0, Math.min(v.length - 1, i))];
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    private static String fmt(double v, int digits) {
        return String.format(Locale.ROOT, "%,." + digits + "f", v);
    }

    private static Path findRoot() {
        Path p = Path.of(System.getProperty("crosswalk.root", System.getProperty("user.dir"))).toAbsolutePath();
        while (p != null && !(Files.exists(p.resolve("crosswalk")) && Files.exists(p.resolve("bench/pom.xml")))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("run from the Crosswalk repository (./crosswalk bench)");
        }
        return p;
    }
}
