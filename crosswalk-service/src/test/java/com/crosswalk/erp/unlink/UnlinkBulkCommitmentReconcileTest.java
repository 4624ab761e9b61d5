package com.crosswalk.erp.unlink;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.erp.unlink.UnlinkTestSupport.Reply;
import com.crosswalk.erp.unlink.UnlinkTestSupport.Synced;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

/** Commitment unlink, bulk unlink with mixed results, reconciliation, and the unlink counter. */
@IntegrationTest
class UnlinkBulkCommitmentReconcileTest extends UnlinkTestBase {

    @Autowired
    PasswordEncoder encoder;
    @Autowired
    MeterRegistry meters;
    @Autowired
    Reconciliation reconciliation;

    @Test
    void aCommitmentWithSyncedCcosCanNotBeUnlinkedUntilTheyAre() {
        long harborSc1 = t.commitmentId(company, "1002", "SC-001"); // its CCO 003 is synced (demo)
        Reply r = t.post("approver", UnlinkTestSupport.commitmentUnlinkPath(company, harborSc1), null);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.message()).contains("CCO 003").contains("synced with Acumatica");
        assertThat(t.link("commitment_id", harborSc1)).containsEntry("erp_key", "SC0002");
    }

    @Test
    void aCommitmentStillInTheErpIsRefusedWithItsMessage() {
        long po1 = t.commitmentId(company, "1001", "PO-001"); // CCOs: one pending, one failed — none synced
        Reply r = t.post("approver", UnlinkTestSupport.commitmentUnlinkPath(company, po1), null);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.message()).isEqualTo("The commitment is still in Acumatica. Please delete it before retrying.");
        assertThat(t.link("commitment_id", po1)).containsEntry("erp_key", "PO0001");
    }

    @Test
    void aCommitmentGoneFromTheErpIsUnlinked() {
        long commitment = linkedCommitment("SC9" + (System.nanoTime() % 100000)); // no such subcontract in the ERP
        assertThat(t.post("pm", UnlinkTestSupport.commitmentUnlinkPath(company, commitment), null).status())
                .isEqualTo(403);
        Reply r = t.post("approver", UnlinkTestSupport.commitmentUnlinkPath(company, commitment), null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.message()).isEqualTo("Successfully Unlinked");
        assertThat(t.link("commitment_id", commitment)).isNull();
        assertThat(t.export("commitment_id", commitment)).containsEntry("state", "unlinked").containsEntry("generation", 2);
        assertThat(t.auditCount("commitment.unlinked", commitment)).isEqualTo(1);
    }

    @Test
    void bulkUnlinkGivesEachIdItsOwnResult() {
        long riverside = t.projectId(company, "1001");
        String riversideOnly = t.user(encoder, company, riverside, "admin", "standard", true);
        Synced gone = t.syncedCco(connectors, company, "Bulk gone", new BigDecimal("50.00"));
        reverseAndRelease(gone.refNbr());
        long present = t.ccoId(company, "1001", "SC-001", "001");    // demo, released, still in the ERP
        long notSynced = t.ccoId(company, "1001", "SC-001", "003");  // demo, never sent
        long otherProject = t.ccoId(company, "1002", "SC-001", "003"); // Harbor: no Commitments Admin there
        long missing = 987_654_321L;
        double unlinkedBefore = counter("unlinked");
        double forbiddenBefore = counter("forbidden");

        Reply r = t.post(riversideOnly, "/rest/v1.0/companies/" + company + "/erp/commitment_change_orders/unlink",
                Map.of("ids", List.of(gone.ccoId(), present, notSynced, otherProject, missing)));

        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(202);
        JsonNode job = awaitJob(riversideOnly, r);
        assertThat(job.get("state").asString()).isEqualTo("finished");
        assertThat(job.get("kind").asString()).isEqualTo("bulk_unlink");
        assertThat(job.get("done").asInt()).isEqualTo(5);
        assertThat(job.get("total").asInt()).isEqualTo(5);
        assertThat(job.get("errors").asInt()).isEqualTo(4);
        assertThat(job.get("summary").asString()).isEqualTo("1 of 5 unlinked from Acumatica; 4 refused (see each row)");
        JsonNode results = job.get("results");
        assertThat(results.size()).isEqualTo(5);
        assertResult(results.get(0), gone.ccoId(), 200, "Successfully Unlinked");
        assertResult(results.get(1), present, 409, "The CCO is still in Acumatica. Please delete it before retrying");
        assertResult(results.get(2), notSynced, 409, "This CCO is not synced with Acumatica");
        assertThat(results.get(3).get("status").asInt()).isEqualTo(403);
        assertThat(results.get(3).get("message").asString()).contains("'Admin' on the project's Commitments tool");
        assertThat(results.get(4).get("status").asInt()).isEqualTo(404);

        assertThat(t.link("cco_id", gone.ccoId())).isNull();
        assertThat(t.link("cco_id", present)).isNotNull();
        assertThat(t.link("cco_id", otherProject)).isNotNull();
        assertThat(counter("unlinked")).isEqualTo(unlinkedBefore + 1);
        assertThat(counter("forbidden")).isEqualTo(forbiddenBefore + 1);
    }

    @Test
    void bulkUnlinkIsBounded() {
        List<Long> ids = new ArrayList<>(LongStream.rangeClosed(1, 501).boxed().toList());
        Reply r = t.post("approver", "/rest/v1.0/companies/" + company + "/erp/commitment_change_orders/unlink",
                Map.of("ids", ids));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.message()).contains("500");
        Reply empty = t.post("approver", "/rest/v1.0/companies/" + company + "/erp/commitment_change_orders/unlink",
                Map.of("ids", List.of()));
        assertThat(empty.status()).isEqualTo(400);
    }

    @Test
    void reconciliationMarksAGoneCcoReadyToUnlink() {
        Synced gone = t.syncedCco(connectors, company, "Reconcile gone", new BigDecimal("60.00"));
        Synced pending = t.syncedCco(connectors, company, "Reconcile pending", new BigDecimal("61.00"));
        reverseAndRelease(gone.refNbr());
        emu.store().reverse(pending.refNbr());
        assertThat(t.link("cco_id", gone.ccoId())).containsEntry("erp_status", "present");

        assertThat(t.post("pm", "/rest/v1.0/companies/" + company + "/erp/reconcile", null).status()).isEqualTo(403);
        Reply r = t.post("accountant", "/rest/v1.0/companies/" + company + "/erp/reconcile", null);

        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(202);
        JsonNode job = awaitJob("accountant", r);
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("finished");
        assertThat(job.get("errors").asInt()).isZero();
        assertThat(job.get("total").asInt()).isGreaterThanOrEqualTo(2).isEqualTo(job.get("done").asInt());
        assertThat(job.get("summary").asString()).startsWith("Checked " + job.get("total").asInt()
                + " synced records with Acumatica: ").doesNotContain("could not be checked");
        assertThat(t.link("cco_id", gone.ccoId())).containsEntry("erp_status", "gone");
        assertThat(t.link("cco_id", gone.ccoId()).get("erp_checked_at")).isNotNull();
        assertThat(t.link("cco_id", pending.ccoId())).containsEntry("erp_status", "reversal_pending");
        long demo = t.ccoId(company, "1002", "SC-001", "003");
        assertThat(t.link("cco_id", demo)).containsEntry("erp_status", "present");
        // reconciliation only records what the ERP says; unlinking stays a person's decision
        assertThat(t.export("cco_id", gone.ccoId())).containsEntry("state", "synced");
    }

    /**
     * 120 more linked CCOs (their change orders not in the ERP) and the reversed / present ones: one pass asks about
     * 50 change orders per request, plus one request for the reversals of a batch with reversed ones — about N/50
     * requests, not N — and marks each correctly.
     */
    @Test
    void reconciliationAsksAboutFiftyChangeOrdersPerRequest() {
        Synced gone = t.syncedCco(connectors, company, "Batch gone", new BigDecimal("62.00"));
        Synced pending = t.syncedCco(connectors, company, "Batch pending", new BigDecimal("63.00"));
        reverseAndRelease(gone.refNbr());
        emu.store().reverse(pending.refNbr());
        long commitment = t.commitmentId(company, "1001", "SC-001");
        long project = t.projectId(company, "1001");
        List<Long> missing = new ArrayList<>();
        try {
            for (int i = 0; i < 120; i++) {
                long cco = com.crosswalk.TestChangeOrders.insert(jdbc, company, project, commitment, "Batch " + i,
                        "approved");
                missing.add(cco);
                jdbc.sql("""
                        insert into erp_link (company_id, record_type, cco_id, erp_key, external_ref)
                        values (:c, 'commitment_change_order', :cco, :key, :ref)""")
                        .param("c", company).param("cco", cco).param("key", "ZZ" + cco).param("ref", "CW-ZZ" + cco)
                        .update();
            }
            long ccoLinks = jdbc.sql("""
                    select count(*) from erp_link where company_id = :c and record_type = 'commitment_change_order'""")
                    .param("c", company).query(Long.class).single();
            // commitments and subcontractor invoices: one request each
            long commitmentLinks = jdbc.sql("""
                    select count(*) from erp_link where company_id = :c and record_type in ('commitment', 'requisition')""")
                    .param("c", company).query(Long.class).single();
            // budget changes are change orders too: asked about 50 at a time (and their reversals in one more)
            long budgetLinks = jdbc.sql("""
                    select count(*) from erp_link where company_id = :c and record_type = 'budget_change'""")
                    .param("c", company).query(Long.class).single();
            long budgetBatches = (budgetLinks + 49) / 50;
            long coBefore = emu.stats().requests("GET", "ChangeOrder", null);
            long allBefore = emu.stats().totalRequests();

            Reconciliation.Counts counts = reconciliation.reconcile(company);

            long coRequests = emu.stats().requests("GET", "ChangeOrder", null) - coBefore;
            long batches = (ccoLinks + 49) / 50;
            assertThat(counts.checked()).isEqualTo(ccoLinks + commitmentLinks + budgetLinks);
            assertThat(counts.failed()).isZero();
            assertThat(coRequests).as("GET ChangeOrder for %d linked CCOs", ccoLinks)
                    .isBetween(batches + budgetBatches, 2 * batches + 2 * budgetBatches);
            // the rest are the commitments and invoices, one each (and perhaps a sign-in)
            assertThat(emu.stats().totalRequests() - allBefore).isLessThanOrEqualTo(coRequests + commitmentLinks + 1);
            for (long cco : missing) {
                assertThat(t.link("cco_id", cco)).containsEntry("erp_status", "gone");
            }
            assertThat(t.link("cco_id", gone.ccoId())).containsEntry("erp_status", "gone");
            assertThat(t.link("cco_id", pending.ccoId())).containsEntry("erp_status", "reversal_pending");
            long demo = t.ccoId(company, "1002", "SC-001", "003");
            assertThat(t.link("cco_id", demo)).containsEntry("erp_status", "present");
        } finally {
            for (long cco : missing) {
                jdbc.sql("delete from erp_link where cco_id = :id").param("id", cco).update();
                jdbc.sql("delete from commitment_change_order where id = :id").param("id", cco).update();
            }
        }
    }

    private JsonNode awaitJob(String login, Reply started) {
        return com.crosswalk.TestJobs.awaitDone(p -> t.get(login, p).body(),
                com.crosswalk.TestJobs.path(started.body()), java.time.Duration.ofSeconds(60));
    }

    private void assertResult(JsonNode result, long id, int status, String message) {
        assertThat(result.get("record_id").asLong()).isEqualTo(id);
        assertThat(result.get("status").asInt()).isEqualTo(status);
        assertThat(result.get("message").asString()).isEqualTo(message);
    }

    private double counter(String outcome) {
        return meters.get("crosswalk.unlinks").tag("outcome", outcome).counter().count();
    }

    private void reverseAndRelease(String refNbr) {
        String reversing = emu.store().reverse(refNbr);
        emu.store().removeHold(reversing);
        emu.store().release(reversing);
    }

    /** A new Riverside subcontract, exported long ago and linked to {@code erpKey}. */
    private long linkedCommitment(String erpKey) {
        long riverside = t.projectId(company, "1001");
        long vendor = jdbc.sql("select id from vendor where company_id = :c and name = 'Apex Concrete Co.'")
                .param("c", company).query(Long.class).single();
        long id = jdbc.sql("""
                insert into commitment (company_id, project_id, vendor_id, kind, number, title, status)
                values (:c, :p, :v, 'subcontract', :n, 'Removed in the ERP', 'approved') returning id""")
                .param("c", company).param("p", riverside).param("v", vendor).param("n", "SC-" + erpKey)
                .query(Long.class).single();
        jdbc.sql("""
                insert into erp_export (company_id, record_type, commitment_id, state, external_ref)
                values (:c, 'commitment', :id, 'synced', :ref)""")
                .param("c", company).param("id", id).param("ref", "CW-T-CMT-" + id).update();
        jdbc.sql("""
                insert into erp_link (company_id, record_type, commitment_id, erp_key, external_ref)
                values (:c, 'commitment', :id, :key, :ref)""")
                .param("c", company).param("id", id).param("key", erpKey).param("ref", "CW-T-CMT-" + id).update();
        return id;
    }
}
