package com.crosswalk.acumatica.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.crosswalk.acumatica.emulator.faults.FaultKind;
import com.crosswalk.acumatica.emulator.faults.FaultPhase;
import com.crosswalk.acumatica.emulator.faults.FaultRule;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LimitsAndFaultsTest {
    static AcumaticaEmulator emu;
    static Api api;

    @BeforeAll
    static void start() {
        emu = AcumaticaEmulator.start(EmulatorConfig.defaults().withPort(0).withDemo(true).withAdmin(true).withHangMs(1500));
        api = new Api(emu);
        api.login();
    }

    @AfterEach
    void reset() {
        emu.faults().clear();
        emu.faults().setDown(false);
        emu.limits().setMaxConcurrentRequests(0).setMaxRequestsPerMinute(0).setMaxQueueLength(20).setMaxQueueWait(Duration.ofMinutes(10));
    }

    @AfterAll
    static void stop() {
        assertThat(emu.contractViolations()).isEmpty();
        emu.close();
    }

    private List<Integer> parallel(int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Integer>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) fs.add(pool.submit(() -> api.get("Vendor/APEXCON").status()));
            List<Integer> out = new ArrayList<>();
            for (Future<Integer> f : fs) out.add(f.get());
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentRequestsQueueUpToTheLimit() throws Exception {
        emu.limits().setMaxConcurrentRequests(2);
        emu.faults().setLatencyMs(150);
        emu.stats().reset();
        assertThat(parallel(6)).containsOnly(200);
        assertThat(emu.stats().maxConcurrentRequests()).isEqualTo(2);
    }

    @Test
    void queueOverflowAndQueueWaitGive429() throws Exception {
        emu.limits().setMaxConcurrentRequests(1).setMaxQueueLength(1);
        emu.faults().setLatencyMs(300);
        long before = emu.stats().tooManyRequests();
        List<Integer> codes = parallel(5);
        assertThat(codes).contains(200, 429);
        assertThat(emu.stats().tooManyRequests()).isGreaterThan(before);
        emu.limits().setMaxQueueLength(20).setMaxQueueWait(Duration.ofMillis(100));
        assertThat(parallel(3)).contains(429);
    }

    @Test
    void perMinuteThrottlingDelaysOnceHalfTheBudgetIsUsed() {
        // a 30 s window instead of the minute (as the test below shortens it): the same rule, half the wait
        emu.limits().setWindow(Duration.ofSeconds(30));
        try {
            emu.limits().setMaxRequestsPerMinute(600); // 300 free, then delays
            long t0 = System.nanoTime();
            for (int i = 0; i < 20; i++) api.get("CostCode/01-100");
            long fast = (System.nanoTime() - t0) / 1_000_000;
            emu.limits().setMaxRequestsPerMinute(20); // half = 10
            t0 = System.nanoTime();
            for (int i = 0; i < 12; i++) assertThat(api.get("CostCode/01-100").status()).isEqualTo(200);
            long slow = (System.nanoTime() - t0) / 1_000_000;
            assertThat(slow).isGreaterThan(fast + 4000); // ~30s/10 per request after the 10th: 2 x 3 s
        } finally {
            emu.limits().setWindow(Duration.ofMinutes(1));
        }
    }

    /**
     * 8 threads offer 3x the limit (30 per 3 s window = 600/min scaled down, offered at 30 requests/s) for 7 s:
     * concurrent callers get successive slots, so no trailing window holds more than the limit (± one request: the
     * times are when the answers arrive, a few ms after the slot), yet the limit is used (more than one window's
     * worth gets through), and nobody gets a 429 (8 waiting, each less than a window).
     */
    @Test
    void perMinuteLimitHoldsOverEveryTrailingWindowUnderConcurrentOverload() throws Exception {
        int limit = 30;
        long windowMs = 3_000;
        emu.limits().setWindow(Duration.ofMillis(windowMs)).setMaxRequestsPerMinute(limit);
        try {
            int threads = 8;
            long offerIntervalMs = windowMs * threads / (3L * limit); // 8 threads together: 3x the limit
            long start = System.currentTimeMillis();
            long end = start + 7_000;
            List<Long> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Integer> refused = java.util.Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> fs = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    long first = start + i * offerIntervalMs / threads;
                    fs.add(pool.submit(() -> {
                        long next = first;
                        while (next < end) {
                            long wait = next - System.currentTimeMillis();
                            if (wait > 0) Thread.sleep(wait);
                            int status = api.get("CostCode/01-100").status();
                            if (status == 200) accepted.add(System.currentTimeMillis());
                            else refused.add(status);
                            next = Math.max(next + offerIntervalMs, System.currentTimeMillis());
                        }
                        return null;
                    }));
                }
                for (Future<?> f : fs) f.get();
            } finally {
                pool.shutdownNow();
            }
            // the slots the emulator handed out: the limit is about starts; the client's own clock adds the shared
            // machine's jitter between a request's start and its answer
            List<Long> times = new ArrayList<>(emu.limits().startSlotsSince(start));
            assertThat(times).hasSizeGreaterThanOrEqualTo(accepted.size());
            int worst = 0;
            for (int i = 0; i < times.size(); i++) {
                int inWindow = 0;
                for (int j = i; j >= 0 && times.get(j) > times.get(i) - windowMs; j--) inWindow++;
                worst = Math.max(worst, inWindow);
            }
            assertThat(refused).isEmpty();
            assertThat(worst).as("most requests accepted in any trailing window").isLessThanOrEqualTo(limit + 1);
            assertThat(times.size()).as("accepted in 7 s (2.3 windows)").isGreaterThan(limit + limit / 2);
        } finally {
            emu.limits().setWindow(Duration.ofMinutes(1));
        }
    }

    @Test
    void errorBeforeWriteLeavesNothingAndAfterWriteSavesTheRecord() {
        emu.faults().add(FaultRule.builder().method("PUT").entity("ChangeOrder").kind(FaultKind.ERROR_500).phase(FaultPhase.BEFORE_WRITE).count(1).build());
        Api.Res r = api.put("ChangeOrder", Api.newCo("CW-FAULT-B", 1, "5"), "If-None-Match", "*");
        assertThat(r.status()).isEqualTo(500);
        assertThat(emu.store().changeOrdersByExternalRef("CW-FAULT-B")).isEmpty();
        emu.faults().add(FaultRule.builder().method("PUT").entity("ChangeOrder").kind(FaultKind.ERROR_503).phase(FaultPhase.AFTER_WRITE).count(1).build());
        assertThat(api.put("ChangeOrder", Api.newCo("CW-FAULT-A", 1, "5"), "If-None-Match", "*").status()).isEqualTo(503);
        assertThat(emu.store().changeOrdersByExternalRef("CW-FAULT-A")).hasSize(1); // saved, client got an error
        // the rule was count=1: the retry goes through and (insert-only) hits 412
        assertThat(api.put("ChangeOrder", Api.newCo("CW-FAULT-B", 1, "5"), "If-None-Match", "*").status()).isEqualTo(200);
        emu.faults().add(FaultRule.builder().entity("ChangeOrder").action("RemoveChangeOrderFromHold").kind(FaultKind.TOO_MANY_REQUESTS_429).build());
        String ref = emu.store().changeOrdersByExternalRef("CW-FAULT-B").get(0).refNbr();
        assertThat(api.post("ChangeOrder/RemoveChangeOrderFromHold", Api.coRef(ref)).status()).isEqualTo(429);
        assertThat(api.get("ChangeOrder/" + ref).status()).isEqualTo(200);
    }

    @Test
    void droppedConnectionAfterWrite() {
        emu.faults().add(FaultRule.builder().method("PUT").entity("ChangeOrder").kind(FaultKind.DROP_CONNECTION).phase(FaultPhase.AFTER_WRITE).count(1).build());
        assertThatThrownBy(() -> api.put("ChangeOrder", Api.newCo("CW-DROP", 1, "5"), "If-None-Match", "*")).hasRootCauseInstanceOf(java.io.IOException.class);
        assertThat(emu.store().changeOrdersByExternalRef("CW-DROP")).hasSize(1);
    }

    @Test
    void timeoutHangsLongerThanTheClientWaits() throws Exception {
        emu.faults().add(FaultRule.builder().method("GET").entity("Vendor").kind(FaultKind.TIMEOUT).count(1).build());
        HttpClient c = HttpClient.newBuilder().cookieHandler(api.http.cookieHandler().orElseThrow()).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(emu.entityBaseUrl() + "/Vendor/APEXCON")).timeout(Duration.ofMillis(400)).build();
        assertThatThrownBy(() -> c.send(req, HttpResponse.BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);
        assertThat(api.get("Vendor/APEXCON").status()).isEqualTo(200);
    }

    @Test
    void probabilisticFaultsAreRepeatableWithTheSeed() {
        List<Integer> first = new ArrayList<>(), second = new ArrayList<>();
        for (List<Integer> run : List.of(first, second)) {
            emu.faults().clear();
            emu.faults().reseed(7);
            emu.faults().add(FaultRule.builder().method("GET").entity("CostCode").kind(FaultKind.ERROR_500).probability(0.5).build());
            for (int i = 0; i < 20; i++) run.add(api.get("CostCode/01-100").status());
        }
        assertThat(first).isEqualTo(second).contains(200, 500);
    }

    @Test
    void downAndAdminEndpoint() {
        emu.faults().setDown(true);
        assertThat(api.get("Vendor/APEXCON").status()).isEqualTo(503);
        assertThat(api.post("/entity/auth/login", "{}").status()).isEqualTo(503);
        emu.faults().setDown(false);
        assertThat(api.post("/emulator/admin/faults", "{\"rules\":[{\"method\":\"GET\",\"entity\":\"Project\",\"kind\":\"ERROR_500\",\"count\":1}]}").status()).isEqualTo(200);
        assertThat(api.get("Project/HARBOR").status()).isEqualTo(500);
        assertThat(api.get("Project/HARBOR").status()).isEqualTo(200);
        assertThat(api.post("/emulator/admin/limits", "{\"maxSessions\":5}").json().at("/limits/maxSessions").asInt()).isEqualTo(5);
        assertThat(emu.limits().maxSessions()).isEqualTo(5);
        assertThat(api.post("/emulator/admin/down", "{\"down\":true}").status()).isEqualTo(200);
        assertThat(api.get("Project/HARBOR").status()).isEqualTo(503);
        assertThat(api.post("/emulator/admin/down", "{\"down\":false}").status()).isEqualTo(200);
        assertThat(api.send("DELETE", "/emulator/admin/faults", null, null).status()).isEqualTo(200);
        assertThat(api.get("/emulator/admin/stats").json().at("/requests").size()).isPositive();
        assertThat(api.post("/emulator/admin/sessions/expire", "").status()).isEqualTo(200);
        assertThat(api.get("Project/HARBOR").status()).isEqualTo(401);
        api.login();
        assertThat(emu.stats().requests("GET", "Project", null)).isGreaterThanOrEqualTo(4);
    }

    @Test
    void adminEndpointIsOffByDefault() {
        try (AcumaticaEmulator other = AcumaticaEmulator.start(EmulatorConfig.defaults().withPort(0))) {
            assertThat(new Api(other).get("/emulator/admin").status()).isEqualTo(404);
        }
    }
}
