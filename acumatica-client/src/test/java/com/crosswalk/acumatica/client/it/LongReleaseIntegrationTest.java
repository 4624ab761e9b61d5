package com.crosswalk.acumatica.client.it;

import com.crosswalk.acumatica.client.AcumaticaClient;
import com.crosswalk.acumatica.client.model.ChangeOrder;
import com.crosswalk.acumatica.client.model.ChangeOrderCommitmentLine;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** ReleaseChangeOrder as a long-running operation: 202 + Location, polled until 204. */
@EachEndpointVersion
class LongReleaseIntegrationTest {

    /** The endpoint version the client talks to (the emulator serves both). */
    @Parameter
    String version;

    static AcumaticaEmulator emu;

    @BeforeParameterizedClassInvocation
    static void start() {
        emu = Emu.start(Emu.demo().withReleaseDurationMs(400));
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        Emu.closeChecked(null, emu);
    }

    @Test
    void releaseIsPolledUntilDone() {
        Emu.Recorder rec = new Emu.Recorder();
        try (AcumaticaClient client = AcumaticaClient.create(Emu.client(emu, version).listener(rec).build())) {
            ChangeOrder co = client.changeOrderExporter().export(ChangeOrder.draft("RIVERSIDE", "COMMITMENT",
                    LocalDate.of(2025, 6, 1), "Long release", "CW-LONG-1",
                    List.of(ChangeOrderCommitmentLine.update("01", "05-120", "IRONCLAD", "Normal", "PO0001", 1,
                            new BigDecimal("22000.00"), "Galvanizing upgrade"))));
            assertThat(co.isReleased()).isTrue();
            assertThat(rec.entries).anyMatch(e -> "ReleaseChangeOrder".equals(e.action()) && e.status() == 202);
            assertThat(rec.count("poll")).isGreaterThanOrEqualTo(2);
            assertThat(rec.entries).filteredOn(e -> "poll".equals(e.action())).last()
                    .satisfies(e -> assertThat(e.status()).isEqualTo(204));
            assertThat(emu.store().changeOrder(co.refNbr())).get()
                    .satisfies(s -> assertThat(s.status()).isEqualTo("Closed"));
        }
        assertThat(emu.stats().activeSessions()).isZero();
    }
}
