package com.crosswalk.acumatica.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.acumatica.client.AcumaticaClient;
import com.crosswalk.acumatica.client.AcumaticaClientConfig;
import com.crosswalk.acumatica.client.AcumaticaRequestListener;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import com.crosswalk.acumatica.emulator.EmulatorConfig;
import com.crosswalk.acumatica.emulator.faults.FaultKind;
import com.crosswalk.acumatica.emulator.faults.FaultPhase;
import com.crosswalk.acumatica.emulator.faults.FaultRule;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test helpers around the real emulator (started in-process, over HTTP). */
final class Emu {

    /** The endpoint versions the client is tested against (the emulator serves both side by side). */
    static final String V23 = "23.200.001";
    static final String V24 = "24.200.001";
    /** Short client timeout of the fault tests (a TIMEOUT fault hangs HANG_MS). */
    static final long CLIENT_TIMEOUT_MS = 800;
    static final long HANG_MS = 1_300;

    private Emu() { }

    static AcumaticaEmulator start(EmulatorConfig extra) {
        return AcumaticaEmulator.start(extra);
    }

    static EmulatorConfig demo() {
        return EmulatorConfig.defaults().withPort(0).withDemo(true).withValidateContract(true).withHangMs(HANG_MS);
    }

    /**
     * The end of every integration test class: the client (if the class keeps one) signs out — no session left in the
     * emulator — and nothing the client sent or the emulator answered broke the contract of the endpoint version used.
     */
    static void closeChecked(AcumaticaClient client, AcumaticaEmulator emu) {
        try {
            if (client != null) {
                client.close();
                assertThat(emu.stats().activeSessions()).isZero();
            }
            assertThat(emu.contractViolations()).isEmpty();
        } finally {
            emu.close();
        }
    }

    /** Client settings for tests (endpoint Default/24.200.001): short backoffs. */
    static AcumaticaClientConfig.Builder client(AcumaticaEmulator emu) {
        return client(emu, "24.200.001");
    }

    /** Client settings for tests against endpoint {@code Default/<version>}: short backoffs. */
    static AcumaticaClientConfig.Builder client(AcumaticaEmulator emu, String version) {
        return AcumaticaClientConfig.builder()
                .baseUrl(emu.baseUrl())
                .endpointName("Default").endpointVersion(version)
                .tenant("Demo").username("admin").password("demo")
                .maxSessions(2).maxConcurrentRequests(4).maxRequestsPerMinute(60_000)
                .connectTimeout(Duration.ofSeconds(2))
                .requestTimeout(Duration.ofSeconds(15)) // generous: the shared build machine is sometimes slow
                .maxRetries(6)
                .initialBackoff(Duration.ofMillis(10))
                .maxBackoff(Duration.ofMillis(150))
                .actionPollInterval(Duration.ofMillis(40))
                .sessionWaitTimeout(Duration.ofSeconds(30));
    }

    static void fault(AcumaticaEmulator emu, String method, String entity, String action, FaultKind kind,
                      FaultPhase phase, int count) {
        emu.faults().add(FaultRule.builder().method(method).entity(entity).action(action).kind(kind).phase(phase)
                .count(count).build());
    }

    static void faultStorm(AcumaticaEmulator emu, FaultKind kind, double probability) {
        emu.faults().add(FaultRule.builder().kind(kind).probability(probability).build());
    }

    /** Records every exchange the client makes. */
    static final class Recorder implements AcumaticaRequestListener {
        record Entry(String method, String entity, String action, int status) { }

        final List<Entry> entries = new CopyOnWriteArrayList<>();

        @Override
        public void onRequest(String method, String entity, String action, int status, long durationNanos) {
            entries.add(new Entry(method, entity, action, status));
        }

        /** Requests to the endpoint (not sign-in/out or token requests). */
        long erpRequests() {
            return entries.stream().filter(e -> !e.entity().equals("auth") && !e.entity().equals("oauth")).count();
        }

        long count(String action) {
            return entries.stream().filter(e -> action.equals(e.action())).count();
        }

        void clear() { entries.clear(); }
    }
}
