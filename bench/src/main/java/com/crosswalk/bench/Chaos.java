package com.crosswalk.bench;

import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import com.crosswalk.acumatica.emulator.EmulatorConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The chaos run (#13): the real launcher, {@code ./crosswalk demo} with its own CROSSWALK_HOME and free ports (its
 * embedded PostgreSQL included), exporting continuously through the REST API while it is killed with SIGKILL at
 * random moments and started again at once — during start-up, during an ERP write, right after the ERP's release
 * (while the link is written), and at any other moment. At the end every accepted CCO must be Synced exactly once,
 * and the ERP's change order must hold the CCO's content: its lines (commitment, commitment line, amount,
 * description), released, not reversed.
 *
 * <p>The ERP is the Acumatica emulator in this JVM (it outlives the service, as a real Acumatica would), with a trial
 * licence's 2 API users: a restarted service can sign in only once the killed one's sessions are signed out, so the
 * run also proves that. The demo runs with {@code --crosswalk.demo-emulator=false} (pointing at this emulator) and
 * export heartbeats of 1 s (an export picked by a killed process is run again after ~4 s instead of 2 minutes).
 * Its content is read through the emulator's admin endpoint ({@code /emulator/admin/data}).
 *
 * <p>Used by {@code ./crosswalk bench --only chaos --kills 100} and by {@code ChaosIT} (5 kills) in {@code mvn verify}.
 */
public final class Chaos {

    /** What a run measured. */
    public record Result(int kills, int killsSurvived, int ccosAccepted, int ccosExported, int duplicates, int lost,
            int mismatches, List<Double> restartSeconds, Map<String, Integer> killsByMoment, List<String> problems,
            long leftoverSessionsSignedOut, double elapsedSeconds) {

        public double restartMedian() {
            return percentile(0.5);
        }

        public double restartMax() {
            return percentile(1.0);
        }

        private double percentile(double q) {
            if (restartSeconds.isEmpty()) {
                return Double.NaN;
            }
            List<Double> sorted = new ArrayList<>(restartSeconds);
            sorted.sort(Double::compare);
            int i = (int) Math.ceil(q * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
        }
    }

    /** Settings of a run. */
    public record Settings(Path root, Path work, int kills, int minCcos, long seed, int erpLatencyMs,
            Duration settleTimeout, int producers, int maxPauseMs) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static final String[] MOMENTS = {"start-up", "erp-write", "link-write", "any"};

    private final Settings settings;
    private final Consumer<String> say;
    private final Random random;
    private final Path home;
    private final Path log;
    private final int port;
    private final int emulatorPort;
    private AcumaticaEmulator emu;
    private Process service;

    // the demo's ids, read through the API
    private long company;
    private long project;
    private long commitment;
    private String commitmentErpKey;
    private final List<long[]> commitmentLines = new ArrayList<>(); // {id, line number}
    private String pmToken;
    private String approverToken;

    /** CCO id → its lines as sent (commitment line id, amount, description); only CCOs whose Accept was confirmed. */
    private final Map<Long, List<Object[]>> accepted = new ConcurrentHashMap<>();
    private final AtomicBoolean producing = new AtomicBoolean(true);

    public Chaos(Settings settings, Consumer<String> say) throws IOException {
        this.settings = settings;
        this.say = say;
        this.random = new Random(settings.seed());
        this.home = settings.work().resolve("home");
        this.log = settings.work().resolve("chaos-service.log");
        this.port = ServiceProcess.freePort();
        this.emulatorPort = ServiceProcess.freePort();
    }

    public Result run() throws Exception {
        ServiceProcess.deleteTree(settings.work());
        Files.createDirectories(settings.work());
        long t0 = System.nanoTime();
        emu = AcumaticaEmulator.start(EmulatorConfig.defaults().withPort(emulatorPort).withDemo(true).withAdmin(true)
                .withMaxSessions(2).withLatencyMs(settings.erpLatencyMs()));
        // the launcher's one-time fast-start preparation is not part of any start measured here
        ProcessBuilder prepare = new ProcessBuilder(settings.root().resolve("crosswalk").toString(), "prepare")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        prepare.environment().put("CROSSWALK_SKIP_BUILD", "1");
        if (prepare.start().waitFor() != 0) {
            throw new IllegalStateException("./crosswalk prepare failed; see " + log);
        }
        List<String> problems = new ArrayList<>();
        List<Double> restarts = new ArrayList<>();
        Map<String, Integer> byMoment = new LinkedHashMap<>();
        int survived = 0;
        Set<String> demoChangeOrders;
        try {
            demoChangeOrders = erpChangeOrders().keySet();
            start();
            awaitUp(Duration.ofMinutes(5));
            say.accept("demo UP on port " + port + " (home " + home + "), ERP at " + emu.baseUrl()
                    + " with 2 API users");
            lookUpDemo();
            List<Thread> producers = new ArrayList<>();
            for (int i = 0; i < settings.producers(); i++) {
                long seed = settings.seed() + 1 + i;
                Thread producer = new Thread(() -> produce(seed), "chaos-producer-" + i);
                producer.setDaemon(true);
                producer.start();
                producers.add(producer);
            }
            long logoutsBefore = emu.stats().logouts();
            for (int k = 1; k <= settings.kills(); k++) {
                String moment = MOMENTS[random.nextInt(MOMENTS.length)];
                if (k <= MOMENTS.length) {
                    moment = MOMENTS[k - 1]; // each kind at least once
                }
                pause(500 + random.nextInt(Math.max(1, settings.maxPauseMs() - 500))); // exports run for a while
                boolean atMoment = killAt(moment);
                byMoment.merge(moment + (atMoment ? "" : " (fell back to any)"), 1, Integer::sum);
                long killed = System.nanoTime();
                start();
                awaitUp(Duration.ofMinutes(3));
                double restart = (System.nanoTime() - killed) / 1e9;
                restarts.add(restart);
                survived++;
                if (k % 10 == 0 || k == settings.kills()) {
                    say.accept(String.format(Locale.ROOT, "kill %d/%d (%s): UP again in %.1f s; %d CCOs accepted so far",
                            k, settings.kills(), moment, restart, accepted.size()));
                }
                while (k == settings.kills() && accepted.size() < settings.minCcos()) {
                    pause(1000); // the last one: let the producer reach the wanted number
                }
            }
            producing.set(false);
            for (Thread producer : producers) {
                producer.join(TimeUnit.MINUTES.toMillis(2));
            }
            long signedOut = emu.stats().logouts() - logoutsBefore;
            say.accept(accepted.size() + " CCOs accepted; waiting for every export to settle");
            Verdict v = verify(demoChangeOrders, problems);
            return new Result(settings.kills(), survived, accepted.size(), v.exported, v.duplicates, v.lost,
                    v.mismatches, restarts, byMoment, problems, signedOut, (System.nanoTime() - t0) / 1e9);
        } finally {
            producing.set(false);
        }
    }

    /** Kills the service at the given moment; false when that moment did not come and it was killed anyway. */
    private boolean killAt(String moment) throws Exception {
        boolean hit = true;
        switch (moment) {
            case "start-up" -> {
                // kill, start again, and kill that start before it is UP
                kill();
                start();
                long upAt = System.nanoTime() + (long) ((0.3 + random.nextDouble() * 2.5) * 1e9);
                while (System.nanoTime() < upAt && !up()) {
                    Thread.sleep(20);
                }
                hit = !up();
            }
            case "erp-write" -> hit = awaitRequest("PUT", "ChangeOrder", null, 0);
            case "link-write" -> hit = awaitRequest("POST", "ChangeOrder", "ReleaseChangeOrder",
                    settings.erpLatencyMs() + random.nextInt(40));
            default -> {
            }
        }
        kill();
        return hit;
    }

    /** Waits (up to 30 s) until the ERP receives such a request, then {@code afterMs} more. */
    private boolean awaitRequest(String method, String entity, String action, int afterMs) throws InterruptedException {
        long before = emu.stats().requests(method, entity, action);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (emu.stats().requests(method, entity, action) == before) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(1);
        }
        if (afterMs > 0) {
            Thread.sleep(afterMs);
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------ the service

    private void start() throws IOException {
        List<String> cmd = List.of(settings.root().resolve("crosswalk").toString(), "demo", "--port",
                Integer.toString(port), "--emulator-port", Integer.toString(emulatorPort),
                "--crosswalk.demo-emulator=false", "--crosswalk.reconcile.enabled=false",
                "--crosswalk.export.heartbeat-interval=1s", "--crosswalk.export.missed-heartbeats=4");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("CROSSWALK_") || k.equals("SERVER_PORT"));
        pb.environment().put("CROSSWALK_HOME", home.toString());
        pb.environment().put("CROSSWALK_SKIP_BUILD", "1");
        service = pb.start();
    }

    /** SIGKILL (the launcher execs java, so this is the service's JVM), and wait until it is gone. */
    private void kill() throws InterruptedException {
        service.destroyForcibly();
        service.waitFor(30, TimeUnit.SECONDS);
    }

    long servicePid() {
        return service.pid();
    }

    private boolean up() {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void awaitUp(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!up()) {
            if (!service.isAlive()) {
                throw new IllegalStateException("the demo exited with " + service.exitValue() + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the demo was not UP within " + timeout + "; see " + log);
            }
            Thread.sleep(50);
        }
    }

    private String base() {
        return "http://localhost:" + port;
    }

    // ------------------------------------------------------------------------------------------ the API

    record Reply(int status, JsonNode json, String body) {
    }

    /** One request; -1 when the service did not answer (it is down or was killed mid-request). */
    private Reply call(String method, String path, String authorization, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).header("Accept", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            String body = r.body();
            JsonNode node = body != null && (body.startsWith("{") || body.startsWith("[")) ? JSON.readTree(body) : null;
            return new Reply(r.statusCode(), node, body);
        } catch (IOException e) {
            return new Reply(-1, null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(-1, null, "interrupted");
        }
    }

    /** The request again until the service answers (it restarts in seconds); fails on a timeout. */
    private Reply answered(String method, String path, String authorization, String json) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (true) {
            Reply r = call(method, path, authorization, json);
            if (r.status() != -1 && r.status() != 503) {
                return r;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(method + " " + path + ": no answer for 5 minutes: " + r.body());
            }
            Thread.sleep(100);
        }
    }

    private static String basic(String login) {
        return "Basic " + Base64.getEncoder().encodeToString((login + ":demo").getBytes(StandardCharsets.UTF_8));
    }

    private void lookUpDemo() throws InterruptedException {
        pmToken = "Bearer " + expect(answered("POST", "/rest/v1.0/me/access_tokens", basic("pm"),
                "{\"name\":\"chaos\"}"), 201, "pm token").json().get("token").asText();
        approverToken = "Bearer " + expect(answered("POST", "/rest/v1.0/me/access_tokens", basic("approver"),
                "{\"name\":\"chaos\"}"), 201, "approver token").json().get("token").asText();
        for (JsonNode p : expect(answered("GET", "/rest/v1.0/projects", pmToken, null), 200, "projects").json()) {
            if (p.path("number").asText().equals("1001")) {
                project = p.get("id").asLong();
                company = p.path("company_id").asLong(0);
            }
        }
        for (JsonNode c : expect(answered("GET", "/rest/v1.0/projects/" + project + "/commitments", pmToken, null),
                200, "commitments").json()) {
            if (c.path("number").asText().equals("SC-001")) {
                commitment = c.get("id").asLong();
                commitmentErpKey = c.path("erp").path("erp_key").asText(null);
                for (JsonNode l : c.path("line_items")) {
                    commitmentLines.add(new long[] {l.get("id").asLong(), l.get("line_number").asLong()});
                }
            }
        }
        if (company == 0) {
            company = expect(answered("GET", "/rest/v1.0/me", pmToken, null), 200, "me").json().path("companies")
                    .path(0).path("id").asLong();
        }
        if (commitment == 0 || commitmentErpKey == null || commitmentLines.isEmpty()) {
            throw new IllegalStateException("the demo's Riverside SC-001 (synced, with lines) was not found");
        }
        say.accept("demo company " + company + ", project " + project + ", SC-001 = " + commitmentErpKey + " with "
                + commitmentLines.size() + " lines");
    }

    private static Reply expect(Reply r, int status, String what) {
        if (r.status() != status) {
            throw new IllegalStateException(what + ": HTTP " + r.status() + " " + r.body());
        }
        return r;
    }

    /**
     * Creates CCOs of 1 to 3 lines with random amounts on SC-001 and takes each through Approve, Send to ERP and
     * Accept, as long as the run lasts. Every step is repeated until the service answers it (it may be killed under
     * any of them); an Accept whose answer was lost counts once the CCO's ERP state shows it was accepted.
     */
    private void produce(long seed) {
        Random r = new Random(seed);
        String ccos = "/rest/v1.0/projects/" + project + "/commitment_change_orders";
        while (producing.get()) {
            try {
                List<Object[]> lines = new ArrayList<>();
                StringBuilder items = new StringBuilder();
                int n = 1 + r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    long[] line = commitmentLines.get(r.nextInt(commitmentLines.size()));
                    BigDecimal amount = BigDecimal.valueOf(100 + r.nextInt(500_000), 2).setScale(2, RoundingMode.UNNECESSARY);
                    String text = "Chaos line " + (i + 1) + " " + Long.toString(r.nextLong() & 0xffffff, 36);
                    lines.add(new Object[] {line[1], amount, text});
                    if (i > 0) {
                        items.append(',');
                    }
                    items.append("{\"commitment_line_item_id\":").append(line[0]).append(",\"description\":\"")
                            .append(text).append("\",\"quantity\":1,\"unit_cost\":").append(amount.toPlainString())
                            .append(",\"amount\":").append(amount.toPlainString()).append('}');
                }
                Reply created = answered("POST", ccos, pmToken, "{\"commitment_id\":" + commitment
                        + ",\"title\":\"Chaos " + r.nextInt(1_000_000) + "\",\"line_items\":[" + items + "]}");
                if (created.status() != 201) {
                    throw new IllegalStateException("create: HTTP " + created.status() + " " + created.body());
                }
                long id = created.json().get("id").asLong();
                Reply approved = answered("PATCH", ccos + "/" + id, pmToken, "{\"status\":\"approved\"}");
                if (approved.status() != 200 && !status(ccos, id).equals("approved")) { // answer lost: done before
                    throw new IllegalStateException("approve: HTTP " + approved.status() + " " + approved.body());
                }
                Reply sent = answered("POST", ccos + "/" + id + "/send_to_erp", pmToken, null);
                if (sent.status() != 200 && !state(id).equals("ready_to_export")) {
                    throw new IllegalStateException("send: HTTP " + sent.status() + " " + sent.body());
                }
                Reply accept = answered("POST", "/rest/v1.0/companies/" + company
                        + "/erp/commitment_change_orders/" + id + "/accept", approverToken, null);
                if (accept.status() == 200 || !Set.of("not_sent", "ready_to_export").contains(state(id))) {
                    accepted.put(id, lines);
                } else {
                    throw new IllegalStateException("accept: HTTP " + accept.status() + " " + accept.body());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                say.accept("producer: " + e.getMessage());
                try {
                    Thread.sleep(500);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private String status(String ccos, long id) throws InterruptedException {
        Reply r = answered("GET", ccos + "/" + id, pmToken, null);
        return r.json() == null ? "?" : r.json().path("status").asText("?");
    }

    private String state(long id) throws InterruptedException {
        Reply r = answered("GET", "/rest/v1.0/projects/" + project + "/commitment_change_orders/" + id, pmToken, null);
        return r.json() == null ? "?" : r.json().path("erp").path("state").asText("?");
    }

    // ------------------------------------------------------------------------------------------ the verdict

    private record Verdict(int exported, int duplicates, int lost, int mismatches) {
    }

    /** The ERP's change orders by RefNbr, as the emulator's admin endpoint shows them (every field). */
    private Map<String, JsonNode> erpChangeOrders() throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/emulator/admin/data"))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode co : JSON.readTree(r.body()).path("entities").path("ChangeOrder")) {
            out.put(co.path("RefNbr").path("value").asText(), co);
        }
        return out;
    }

    private Verdict verify(Set<String> demoChangeOrders, List<String> problems) throws Exception {
        // settle: every accepted CCO leaves ready_to_export / exporting (bounded)
        Map<Long, JsonNode> erpState = new HashMap<>();
        long deadline = System.nanoTime() + settings.settleTimeout().toNanos();
        while (true) {
            erpState.clear();
            int open = 0;
            for (long id : accepted.keySet()) {
                Reply r = answered("GET", "/rest/v1.0/projects/" + project + "/commitment_change_orders/" + id,
                        pmToken, null);
                JsonNode erp = r.json() == null ? null : r.json().path("erp");
                erpState.put(id, erp);
                String s = erp == null ? "?" : erp.path("state").asText();
                if (!s.equals("synced") && !s.equals("failed") && !s.equals("rejected")) {
                    open++;
                }
            }
            if (open == 0 || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(1000);
        }
        Map<String, JsonNode> erp = erpChangeOrders();
        Map<String, List<String>> byExternalRef = new HashMap<>();
        for (JsonNode co : erp.values()) {
            String ext = co.path("ExternalRefNbr").path("value").asText("");
            if (!ext.isEmpty()) {
                byExternalRef.computeIfAbsent(ext, x -> new ArrayList<>()).add(co.path("RefNbr").path("value").asText());
            }
        }
        int exported = 0;
        int lost = 0;
        int mismatches = 0;
        Set<String> linked = new HashSet<>();
        for (Map.Entry<Long, List<Object[]>> e : accepted.entrySet()) {
            long id = e.getKey();
            JsonNode state = erpState.get(id);
            String s = state == null ? "?" : state.path("state").asText();
            String key = state == null ? null : state.path("erp_key").asText(null);
            if (!s.equals("synced") || key == null) {
                lost++;
                problems.add("CCO " + id + ": " + s + (state == null ? "" : " " + state));
                continue;
            }
            JsonNode co = erp.get(key);
            if (co == null) {
                lost++;
                problems.add("CCO " + id + ": linked to " + key + ", which the ERP does not have");
                continue;
            }
            if (!linked.add(key)) {
                problems.add("CCO " + id + ": " + key + " is linked to another CCO too");
                mismatches++;
                continue;
            }
            exported++;
            String difference = difference(e.getValue(), co);
            if (difference != null) {
                mismatches++;
                problems.add("CCO " + id + " vs " + key + ": " + difference);
            }
        }
        int duplicates = 0;
        for (Map.Entry<String, List<String>> e : byExternalRef.entrySet()) {
            if (e.getValue().size() > 1) {
                duplicates += e.getValue().size() - 1;
                problems.add("ExternalRefNbr " + e.getKey() + " on " + e.getValue());
            }
        }
        for (String ref : erp.keySet()) {
            if (!demoChangeOrders.contains(ref) && !linked.contains(ref)) {
                JsonNode co = erp.get(ref);
                String ext = co.path("ExternalRefNbr").path("value").asText("");
                if (byExternalRef.getOrDefault(ext, List.of()).size() <= 1) { // not counted above already
                    duplicates++;
                    problems.add("ERP change order " + ref + " (" + ext + ", " + co.path("Status").path("value").asText()
                            + ") is linked to no CCO");
                }
            }
        }
        return new Verdict(exported, duplicates, lost, mismatches);
    }

    /** Null when the ERP change order holds exactly the CCO's lines, released and not reversed; else what differs. */
    private String difference(List<Object[]> lines, JsonNode co) {
        String status = co.path("Status").path("value").asText();
        if (!status.equals("Closed")) {
            return "status " + status + ", expected Closed (released)";
        }
        String reverse = co.path("ReverseStatus").path("value").asText("None");
        if (!reverse.isEmpty() && !reverse.equals("None")) {
            return "reverse status " + reverse;
        }
        List<String> expected = new ArrayList<>();
        for (Object[] l : lines) {
            expected.add(commitmentErpKey + "/" + l[0] + " " + ((BigDecimal) l[1]).setScale(2, RoundingMode.HALF_UP)
                    .toPlainString() + " " + l[2]);
        }
        List<String> actual = new ArrayList<>();
        for (JsonNode l : co.path("Commitments")) {
            BigDecimal amount = new BigDecimal(l.path("Amount").path("value").asText("0"));
            actual.add(l.path("PONbr").path("value").asText() + "/" + l.path("POLineNbr").path("value").asText() + " "
                    + amount.setScale(2, RoundingMode.HALF_UP).toPlainString() + " "
                    + l.path("Description").path("value").asText());
        }
        List<String> e = new ArrayList<>(expected);
        List<String> a = new ArrayList<>(actual);
        e.sort(null);
        a.sort(null);
        return e.equals(a) ? null : "lines " + actual + ", expected " + expected;
    }

    /** Stops the service gracefully and the emulator. */
    public void close() {
        producing.set(false);
        if (service != null && service.isAlive()) {
            service.destroy();
            try {
                if (!service.waitFor(60, TimeUnit.SECONDS)) {
                    service.destroyForcibly();
                }
            } catch (InterruptedException e) {
                service.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (emu != null) {
            emu.close();
        }
    }

    Path home() {
        return home;
    }

    Path log() {
        return log;
    }

    int port() {
        return port;
    }

    List<String> contractViolations() {
        return emu.contractViolations();
    }

    /** Starts the demo again on the same home (for the checks after the run); not waiting for it. */
    Process startAnother(int otherPort, int otherEmulatorPort, Path otherLog) throws IOException {
        List<String> cmd = List.of(settings.root().resolve("crosswalk").toString(), "demo", "--port",
                Integer.toString(otherPort), "--emulator-port", Integer.toString(otherEmulatorPort),
                "--crosswalk.demo-emulator=false");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(otherLog.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("CROSSWALK_") || k.equals("SERVER_PORT"));
        pb.environment().put("CROSSWALK_HOME", home.toString());
        pb.environment().put("CROSSWALK_SKIP_BUILD", "1");
        return pb.start();
    }

    /** SIGKILL the running service without starting it again. */
    void killForGood() throws InterruptedException {
        kill();
    }

    private static void pause(long ms) throws InterruptedException {
        Thread.sleep(ms);
    }
}
