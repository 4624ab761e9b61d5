package com.crosswalk.acumatica.client.it;

import com.crosswalk.acumatica.client.AcumaticaClient;
import com.crosswalk.acumatica.client.AcumaticaException;
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

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Acumatica refuses every request of a session running a long operation except that operation's status request
 * (the emulator counts each refusal: FidelityTest shows the counter moves). The client holds the session while it
 * polls a 202 release, so exports running side by side use the other sessions — and it never makes such a request.
 */
@EachEndpointVersion
class SessionLockIntegrationTest {

    @Parameter
    String version;

    static AcumaticaEmulator emu;

    @BeforeParameterizedClassInvocation
    static void start() {
        emu = Emu.start(Emu.demo().withMaxSessions(2).withReleaseDurationMs(250));
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        Emu.closeChecked(null, emu);
    }

    @AfterEach
    void clear() {
        emu.faults().clear();
    }

    static ChangeOrder draft(String ext) {
        return ChangeOrder.draft("RIVERSIDE", "COMMITMENT", LocalDate.of(2025, 7, 1), "Session lock " + ext, ext,
                List.of(ChangeOrderCommitmentLine.update("01", "03-300", "APEXCON", "Subcontract", "SC0001", 2,
                        new BigDecimal("25.00"), "lock test")));
    }

    @Test
    void exportsSideBySideNeverUseASessionWhileItsReleaseRuns() throws Exception {
        long refusedBefore = emu.stats().refusedDuringLongOperation();
        Emu.Recorder rec = new Emu.Recorder();
        int n = 8;
        List<ChangeOrder> done = new ArrayList<>();
        try (AcumaticaClient client = AcumaticaClient.create(Emu.client(emu, version).maxSessions(2).listener(rec).build())) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<ChangeOrder>> fs = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    String ext = "CW-LOCK-" + version.substring(0, 2) + "-" + i;
                    fs.add(pool.submit(() -> client.changeOrderExporter().export(draft(ext))));
                }
                for (Future<ChangeOrder> f : fs) done.add(f.get());
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(done).hasSize(n).allMatch(ChangeOrder::isReleased);
        for (int i = 0; i < n; i++) {
            assertThat(emu.store().changeOrdersByExternalRef("CW-LOCK-" + version.substring(0, 2) + "-" + i)).singleElement()
                    .satisfies(c -> assertThat(c.status()).isEqualTo("Closed"));
        }
        // every release was long-running and polled, the exports overlapped on two sessions ...
        assertThat(rec.entries).filteredOn(e -> "ReleaseChangeOrder".equals(e.action()) && e.status() == 202).hasSize(n);
        assertThat(rec.count("poll")).isGreaterThanOrEqualTo(n);
        assertThat(emu.stats().maxConcurrentSessions()).isEqualTo(2);
        // ... and no request ever went to a session while its release ran
        assertThat(emu.stats().refusedDuringLongOperation()).isEqualTo(refusedBefore);
        assertThat(rec.entries).noneMatch(e -> e.status() >= 400);
    }

    @Test
    void aSessionLeftWithARunningReleaseIsNeverReused() {
        // a release that runs until the test ends it
        AcumaticaEmulator slow = Emu.start(Emu.demo().withMaxSessions(2).withReleaseDurationMs(600_000));
        AcumaticaClient client = AcumaticaClient.create(Emu.client(slow, version).maxSessions(2).maxRetries(2)
                .actionTimeout(Duration.ofSeconds(30)).build());
        try {
            String ext = "CW-LOCK-LOST";
            // the release starts (202) but every status request of the client fails (the JDK client itself resends a GET
            // once on a dropped connection, hence more faults than attempts): it gives the session up
            Emu.fault(slow, "GET", "ChangeOrder", "ReleaseChangeOrder/status", FaultKind.DROP_CONNECTION, FaultPhase.BEFORE_WRITE, 50);
            assertThatThrownBy(() -> client.changeOrderExporter().export(draft(ext))).isInstanceOf(AcumaticaException.class);
            slow.faults().clear();
            assertThat(slow.longOperationRunning()).isTrue();
            // the client goes on working while that release still runs, on sessions that are free
            assertThat(client.vendors().list()).isNotEmpty();
            assertThat(client.changeOrders().findByExternalRef(ext)).singleElement()
                    .satisfies(c -> assertThat(c.status()).isEqualTo(ChangeOrder.STATUS_OPEN));
            slow.finishLongOperationsNow();
            // exporting again adopts the change order the first attempt released
            ChangeOrder co = client.changeOrderExporter().export(draft(ext));
            assertThat(co.isReleased()).isTrue();
            assertThat(slow.store().changeOrdersByExternalRef(ext)).singleElement()
                    .satisfies(c -> assertThat(c.refNbr()).isEqualTo(co.refNbr()));
            assertThat(slow.stats().refusedDuringLongOperation()).isZero();
        } finally {
            Emu.closeChecked(client, slow);
        }
    }
}
