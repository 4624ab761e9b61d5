package com.crosswalk.acumatica.client.it;

import com.crosswalk.acumatica.client.AcumaticaClient;
import com.crosswalk.acumatica.client.model.ChangeOrder;
import com.crosswalk.acumatica.client.model.ChangeOrderCommitmentLine;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import com.crosswalk.acumatica.emulator.faults.FaultKind;
import com.crosswalk.acumatica.emulator.faults.FaultPhase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults injected at each step of a CCO export (insert, remove hold, release), before and after the write:
 * every export ends with exactly one released change order for its ExternalRefNbr, and the client returns it.
 */
@EachEndpointVersion
class FaultIntegrationTest {

    /** The endpoint version the client talks to (the emulator serves both). */
    @Parameter
    String version;

    static AcumaticaEmulator emu;
    static AcumaticaClient client;
    static final AtomicInteger SEQ = new AtomicInteger();

    @BeforeParameterizedClassInvocation
    static void start(String version) {
        emu = Emu.start(Emu.demo().withMaxSessions(2));
        // short client timeout: a TIMEOUT fault hangs longer than the client waits
        client = AcumaticaClient.create(Emu.client(emu, version).requestTimeout(Duration.ofMillis(Emu.CLIENT_TIMEOUT_MS)).build());
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        Emu.closeChecked(client, emu);
    }

    @AfterEach
    void clearFaults() {
        emu.faults().clear();
    }

    enum Step {
        INSERT("PUT", null), REMOVE_HOLD("POST", "RemoveChangeOrderFromHold"), RELEASE("POST", "ReleaseChangeOrder");
        final String method;
        final String action;
        Step(String method, String action) { this.method = method; this.action = action; }
    }

    static Stream<Arguments> faults() {
        List<Arguments> out = new ArrayList<>();
        for (Step step : Step.values()) {
            for (FaultKind kind : FaultKind.values()) {
                for (FaultPhase phase : FaultPhase.values()) {
                    if (kind == FaultKind.TOO_MANY_REQUESTS_429 && phase == FaultPhase.AFTER_WRITE) continue;
                    out.add(Arguments.of(step, kind, phase));
                }
            }
        }
        return out.stream();
    }

    static ChangeOrder draft(String ext) {
        return ChangeOrder.draft("HARBOR", "COMMITMENT", LocalDate.of(2025, 5, 1), "Fault test " + ext, ext,
                List.of(ChangeOrderCommitmentLine.update("01", "03-300", "APEXCON", "Subcontract", "SC0002", 1,
                        new BigDecimal("10.00"), "fault test")));
    }

    @ParameterizedTest(name = "{1} {2} at {0}")
    @MethodSource("faults")
    void exportSurvivesAFault(Step step, FaultKind kind, FaultPhase phase) {
        String ext = "CW-FAULT-" + SEQ.incrementAndGet();
        int injectedBefore = emu.faults().injected();
        Emu.fault(emu, step.method, "ChangeOrder", step.action, kind, phase, 1);

        ChangeOrder co = client.changeOrderExporter().export(draft(ext));

        assertThat(emu.faults().injected()).as("the fault fired").isEqualTo(injectedBefore + 1);
        var inErp = emu.store().changeOrdersByExternalRef(ext);
        assertThat(inErp).as("exactly one change order for " + ext).hasSize(1);
        assertThat(inErp.get(0).status()).isEqualTo("Closed");
        assertThat(co.refNbr()).isEqualTo(inErp.get(0).refNbr());
        assertThat(co.isReleased()).isTrue();
    }

    @Test
    void stormsOf429() {
        Emu.faultStorm(emu, FaultKind.TOO_MANY_REQUESTS_429, 0.3);
        for (int i = 0; i < 5; i++) {
            String ext = "CW-429-" + i;
            ChangeOrder co = client.changeOrderExporter().export(draft(ext));
            assertThat(emu.store().changeOrdersByExternalRef(ext)).singleElement()
                    .satisfies(s -> assertThat(s.refNbr()).isEqualTo(co.refNbr()))
                    .satisfies(s -> assertThat(s.status()).isEqualTo("Closed"));
        }
    }

    @Test
    void stormsOf500sAndDroppedConnections() {
        Emu.faultStorm(emu, FaultKind.ERROR_500, 0.15);
        emu.faults().add(com.crosswalk.acumatica.emulator.faults.FaultRule.builder()
                .kind(FaultKind.DROP_CONNECTION).phase(FaultPhase.AFTER_WRITE).probability(0.15).build());
        for (int i = 0; i < 5; i++) {
            String ext = "CW-500-" + i;
            ChangeOrder co = client.changeOrderExporter().export(draft(ext));
            assertThat(emu.store().changeOrdersByExternalRef(ext)).singleElement()
                    .satisfies(s -> assertThat(s.refNbr()).isEqualTo(co.refNbr()))
                    .satisfies(s -> assertThat(s.status()).isEqualTo("Closed"));
        }
    }
}
