package com.crosswalk.acumatica.client.it;

import com.crosswalk.acumatica.client.AcumaticaClient;
import com.crosswalk.acumatica.client.AcumaticaException;
import com.crosswalk.acumatica.client.AcumaticaValidationException;
import com.crosswalk.acumatica.client.model.ChangeOrder;
import com.crosswalk.acumatica.client.model.ChangeOrderCommitmentLine;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The CCO export (request count, idempotency, parallel under a session limit), 422, linked-CO states. */
@EachEndpointVersion
class ChangeOrderIntegrationTest {

    /** The endpoint version the client talks to (the emulator serves both). */
    @Parameter
    String version;

    static AcumaticaEmulator emu;

    @BeforeParameterizedClassInvocation
    static void start() {
        emu = Emu.start(Emu.demo().withMaxSessions(2));
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        Emu.closeChecked(null, emu);
    }

    static ChangeOrder draft(String ext, String amount) {
        return ChangeOrder.draft("RIVERSIDE", "COMMITMENT", LocalDate.of(2025, 4, 1), "Winter concrete heating " + ext,
                ext, List.of(ChangeOrderCommitmentLine.update("01", "03-300", "APEXCON", "Subcontract", "SC0001", 1,
                        new BigDecimal(amount), "Winter heating")));
    }

    @Test
    void exportTakesFourRequestsAndIsIdempotent() {
        Emu.Recorder rec = new Emu.Recorder();
        try (AcumaticaClient client = AcumaticaClient.create(Emu.client(emu, version).listener(rec).build())) {
            client.testConnection();
            rec.clear();
            BigDecimal before = emu.store().subcontractLine("SC0001", 1);
            ChangeOrder co = client.changeOrderExporter().export(draft("CW-1001-SC-001-003", "6200.00"));
            assertThat(co.isReleased()).isTrue();
            assertThat(co.refNbr()).isNotBlank();
            assertThat(co.commitments()).singleElement().satisfies(l ->
                    assertThat(l.amount()).isEqualByComparingTo("6200.00"));
            assertThat(rec.erpRequests()).as("ERP requests for one new CCO: " + rec.entries).isEqualTo(4);
            assertThat(rec.count("login")).isZero();
            assertThat(emu.store().subcontractLine("SC0001", 1)).isEqualByComparingTo(before.add(new BigDecimal("6200.00")));

            rec.clear();
            ChangeOrder again = client.changeOrderExporter().export(draft("CW-1001-SC-001-003", "6200.00"));
            assertThat(again.refNbr()).isEqualTo(co.refNbr());
            assertThat(rec.erpRequests()).as("an exported CCO costs one lookup").isEqualTo(1);
            assertThat(emu.store().changeOrdersByExternalRef("CW-1001-SC-001-003")).hasSize(1);
        }
        assertThat(emu.stats().activeSessions()).isZero();
    }

    @Test
    void exportContinuesAnExistingChangeOrderFromItsStatus() {
        try (AcumaticaClient client = AcumaticaClient.create(Emu.client(emu, version).build())) {
            ChangeOrder onHold = client.changeOrders().insert(draft("CW-CONTINUE-1", "10.00"));
            assertThat(onHold.status()).isEqualTo(ChangeOrder.STATUS_ON_HOLD);
            ChangeOrder open = client.changeOrders().insert(draft("CW-CONTINUE-2", "10.00"));
            client.changeOrders().removeFromHold(open.refNbr());

            assertThat(client.changeOrderExporter().export(draft("CW-CONTINUE-1", "10.00")).refNbr())
                    .isEqualTo(onHold.refNbr());
            assertThat(client.changeOrderExporter().export(draft("CW-CONTINUE-2", "10.00")).refNbr())
                    .isEqualTo(open.refNbr());
            assertThat(client.changeOrders().get(onHold.refNbr())).get().extracting(ChangeOrder::status)
                    .isEqualTo(ChangeOrder.STATUS_CLOSED);
            assertThat(client.changeOrders().get(open.refNbr())).get().extracting(ChangeOrder::status)
                    .isEqualTo(ChangeOrder.STATUS_CLOSED);
        }
    }

    @Test
    void approvalRequiredStopsTheExportWithAClearMessage() {
        emu.store().setApprovalRequired(true);
        try (AcumaticaClient client = AcumaticaClient.create(Emu.client(emu, version).build())) {
            for (int i = 0; i < 2; i++) { // second call adopts the Pending Approval change order
                assertThatThrownBy(() -> client.changeOrderExporter().export(draft("CW-APPROVAL-1", "5.00")))
                        .isInstanceOf(AcumaticaValidationException.class)
                        .hasMessageContaining("waiting for approval");
            }
            assertThat(emu.store().changeOrdersByExternalRef("CW-APPROVAL-1")).singleElement()
                    .satisfies(s -> assertThat(s.status()).isEqualTo("Pending Approval"));
        } finally {
            emu.store().setApprovalRequired(false);
        }
    }

    @Test
    void holdFalseOnInsertIsIgnored() {
        try (AcumaticaClient client = AcumaticaClient.create(Emu.client(emu, version).build())) {
            ChangeOrder co = client.changeOrders().insert(draft("CW-HOLD-FALSE", "1.00").withHold(false));
            assertThat(co.status()).isEqualTo(ChangeOrder.STATUS_ON_HOLD);
            assertThat(client.changeOrders().delete(co.refNbr())).isTrue();
        }
    }

    @Test
    void tooLongExternalRefIsAValidationErrorAPersonUnderstands() {
        String ext = "CW-" + "X".repeat(28); // 31 characters
        try (AcumaticaClient client = AcumaticaClient.create(Emu.client(emu, version).build())) {
            assertThatThrownBy(() -> client.changeOrderExporter().export(draft(ext, "1.00")))
                    .isInstanceOf(AcumaticaValidationException.class)
                    .satisfies(e -> {
                        AcumaticaValidationException v = (AcumaticaValidationException) e;
                        assertThat(v.httpStatus()).isEqualTo(422);
                        assertThat(v.fieldErrors()).anySatisfy(fe -> assertThat(fe.field()).isEqualTo("ExternalRefNbr"));
                        assertThat(v.userMessage()).startsWith("Acumatica refused the change order: ExternalRefNbr: '"
                                + ext + "'").contains("30");
                        assertThat(v.isRetryable()).isFalse();
                    });
        }
        assertThat(emu.store().changeOrdersByExternalRef(ext)).isEmpty();
    }

    @Test
    void twentyParallelExportsStayWithinTheSessionLimit() throws Exception {
        int n = 20;
        List<ChangeOrder> results = new ArrayList<>();
        try (AcumaticaClient client = AcumaticaClient.create(Emu.client(emu, version).maxSessions(2).build())) {
            ExecutorService pool = Executors.newFixedThreadPool(n);
            try {
                List<Future<ChangeOrder>> fs = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    String ext = "CW-PAR-" + i;
                    fs.add(pool.submit(() -> client.changeOrderExporter().export(draft(ext, "100.00"))));
                }
                for (Future<ChangeOrder> f : fs) results.add(f.get());
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(results).allMatch(ChangeOrder::isReleased);
        for (int i = 0; i < n; i++) {
            assertThat(emu.store().changeOrdersByExternalRef("CW-PAR-" + i)).singleElement()
                    .satisfies(s -> assertThat(s.status()).isEqualTo("Closed"));
        }
        assertThat(emu.stats().maxConcurrentSessions()).isLessThanOrEqualTo(2);
        assertThat(emu.stats().activeSessions()).isZero();
    }

    @Test
    void threeStatesOfALinkedChangeOrder() {
        try (AcumaticaClient client = AcumaticaClient.create(Emu.client(emu, version).build())) {
            var changeOrders = client.changeOrders();
            ChangeOrder co = client.changeOrderExporter().export(draft("CW-STATES-1", "500.00"));
            String ref = co.refNbr();

            // 1. present: released, not reversed, no reversal
            ChangeOrder present = changeOrders.get(ref).orElseThrow();
            assertThat(present.isReleased()).isTrue();
            assertThat(present.reverseStatus()).isEqualTo(ChangeOrder.REVERSE_NONE);
            assertThat(changeOrders.findReversalsOf(ref)).isEmpty();

            // a released change order cannot be deleted: a clear, non-retryable error
            assertThatThrownBy(() -> changeOrders.delete(ref)).isInstanceOf(AcumaticaException.class)
                    .satisfies(e -> assertThat(((AcumaticaException) e).isRetryable()).isFalse());

            // 2. reversed, reversal not released
            ChangeOrder reversal = changeOrders.reverse(ref);
            assertThat(reversal.isReversal()).isTrue();
            assertThat(reversal.status()).isEqualTo(ChangeOrder.STATUS_ON_HOLD);
            assertThat(reversal.originalCoRefNbr()).isEqualTo(ref);
            assertThat(changeOrders.get(ref).orElseThrow().isReversed()).isTrue();
            assertThat(changeOrders.findReversalsOf(ref)).extracting(ChangeOrder::status)
                    .containsExactly(ChangeOrder.STATUS_ON_HOLD);
            // the reversed original is no longer adopted for its ExternalRefNbr; the reversal has none
            assertThat(changeOrders.findByExternalRef("CW-STATES-1")).extracting(ChangeOrder::refNbr)
                    .containsExactly(ref);

            // deleting the unreleased reversal puts the original back to None
            assertThat(changeOrders.delete(reversal.refNbr())).isTrue();
            assertThat(changeOrders.get(reversal.refNbr())).isEmpty();
            assertThat(changeOrders.get(ref).orElseThrow().reverseStatus()).isEqualTo(ChangeOrder.REVERSE_NONE);

            // 3. gone: reversal released
            ChangeOrder reversal2 = changeOrders.reverse(ref);
            changeOrders.removeFromHold(reversal2.refNbr());
            changeOrders.release(reversal2.refNbr());
            assertThat(changeOrders.findReversalsOf(ref)).singleElement()
                    .satisfies(r -> assertThat(r.isReleased()).isTrue());
            assertThat(changeOrders.get(ref).orElseThrow().isReversed()).isTrue();

            // 3'. gone: deleted (unreleased change order)
            ChangeOrder unreleased = changeOrders.insert(draft("CW-STATES-2", "1.00"));
            assertThat(changeOrders.delete(unreleased.refNbr())).isTrue();
            assertThat(changeOrders.get(unreleased.refNbr())).isEmpty();
            assertThat(changeOrders.findByExternalRef("CW-STATES-2")).isEmpty();
            assertThat(changeOrders.delete(unreleased.refNbr())).isFalse();
        }
    }

    @Test
    void removeUnreleasedPutsItOnHoldFirstAndRefusesAReleasedOne() {
        try (AcumaticaClient client = AcumaticaClient.create(Emu.client(emu, version).build())) {
            var changeOrders = client.changeOrders();
            String prefix = "CW-RM-" + version.substring(0, 2) + "-";
            // On Hold: deleted as is
            String onHold = changeOrders.insert(draft(prefix + "HELD", "1.00")).refNbr();
            // Open: Acumatica refuses a plain delete (only On Hold can be deleted) ...
            String open = changeOrders.insert(draft(prefix + "OPEN", "1.00")).refNbr();
            changeOrders.removeFromHold(open);
            assertThatThrownBy(() -> changeOrders.delete(open)).isInstanceOf(AcumaticaValidationException.class)
                    .hasMessageContaining("On Hold");
            // ... Canceled likewise
            String canceled = changeOrders.insert(draft(prefix + "CANC", "1.00")).refNbr();
            emu.store().cancel(canceled);
            for (String ref : List.of(onHold, open, canceled)) {
                assertThat(changeOrders.removeUnreleased(ref)).as(ref).isTrue();
                assertThat(emu.store().changeOrder(ref)).as(ref).isEmpty();
            }
            assertThat(changeOrders.removeUnreleased(onHold)).as("already gone").isFalse();

            // Pending Approval and Rejected
            emu.store().setApprovalRequired(true);
            try {
                String pending = changeOrders.insert(draft(prefix + "PEND", "1.00")).refNbr();
                changeOrders.removeFromHold(pending);
                String rejected = changeOrders.insert(draft(prefix + "REJ", "1.00")).refNbr();
                changeOrders.removeFromHold(rejected);
                emu.store().reject(rejected);
                assertThat(changeOrders.removeUnreleased(pending)).isTrue();
                assertThat(changeOrders.removeUnreleased(rejected)).isTrue();
                assertThat(emu.store().changeOrdersByExternalRef(prefix + "PEND")).isEmpty();
                assertThat(emu.store().changeOrdersByExternalRef(prefix + "REJ")).isEmpty();
            } finally {
                emu.store().setApprovalRequired(false);
            }

            // released: refused, nothing changes
            String released = client.changeOrderExporter().export(draft(prefix + "REL", "1.00")).refNbr();
            assertThatThrownBy(() -> changeOrders.removeUnreleased(released))
                    .isInstanceOf(AcumaticaValidationException.class).hasMessageContaining("only reversed");
            assertThat(emu.store().changeOrder(released)).get().satisfies(c -> assertThat(c.status()).isEqualTo("Closed"));
        }
    }

    @Test
    void aPutThatSendsHoldFalseDoesNotTakeTheChangeOrderOffHold() {
        try (AcumaticaClient client = AcumaticaClient.create(Emu.client(emu, version).build())) {
            ChangeOrder co = client.changeOrders().insert(draft("CW-HOLDPUT-" + version.substring(0, 2), "2.00"));
            ChangeOrder updated = client.changeOrders().update(co.withHold(false).withStatus(null)
                    .withExternalRefNbr(co.externalRefNbr()));
            assertThat(updated.status()).isEqualTo(ChangeOrder.STATUS_ON_HOLD);
            assertThat(emu.store().changeOrder(co.refNbr())).get().satisfies(c -> assertThat(c.status()).isEqualTo("On Hold"));
            assertThat(client.changeOrders().removeUnreleased(co.refNbr())).isTrue();
        }
    }
}
