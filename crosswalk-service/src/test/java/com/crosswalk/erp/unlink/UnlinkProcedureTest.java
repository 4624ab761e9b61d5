package com.crosswalk.erp.unlink;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.acumatica.emulator.store.Snapshots.ChangeOrderSnapshot;
import com.crosswalk.erp.unlink.UnlinkTestSupport.Reply;
import com.crosswalk.erp.unlink.UnlinkTestSupport.Synced;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reference text ({@code shared/seed/unlink-ccos-synced-with-acumatica.txt}), step by step, through the REST API
 * as the demo user {@code approver}, against the Acumatica emulator over HTTP.
 */
@IntegrationTest
class UnlinkProcedureTest extends UnlinkTestBase {

    static final String RED = "The CCO is still in Acumatica. Please delete it before retrying";
    static final String GREEN = "Successfully Unlinked";

    /** The first Unlink a new user tries, on the demo's synced CCO: refused in red until it is reversed. */
    @Test
    void theDemoSyncedCcoIsRefusedInRedWhileItIsStillInAcumatica() {
        long cco = t.ccoId(company, "1001", "SC-001", "001");
        assertThat(t.link("cco_id", cco)).containsEntry("erp_key", "000001");
        assertThat(emu.store().changeOrder("000001")).get().extracting(ChangeOrderSnapshot::status).isEqualTo("Closed");
        long refused = t.auditCount("cco.unlink_refused", cco);

        Reply r = t.post("approver", UnlinkTestSupport.ccoUnlinkPath(company, cco), null);

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.message()).isEqualTo(RED);
        assertThat(t.link("cco_id", cco)).containsEntry("erp_key", "000001");
        assertThat(t.export("cco_id", cco)).containsEntry("state", "synced").containsEntry("generation", 1)
                .containsEntry("external_ref", "CW-DEMO-CCO-1");
        assertThat(t.auditCount("cco.unlink_refused", cco)).isEqualTo(refused + 1);
    }

    @Test
    void theReferenceProcedureStepByStep() {
        // A CCO synced with Acumatica: exported and released there, linked here.
        Synced synced = t.syncedCco(connectors, company, "Rebar at footings (entered wrong)", new BigDecimal("1250.00"));
        long cco = synced.ccoId();
        String path = UnlinkTestSupport.ccoUnlinkPath(company, cco);
        assertThat(emu.store().changeOrder(synced.refNbr())).get()
                .extracting(ChangeOrderSnapshot::status, ChangeOrderSnapshot::reverseStatus,
                        ChangeOrderSnapshot::externalRefNbr)
                .containsExactly("Closed", "None", synced.externalRef());

        // Click Unlink before reversing: red, nothing changes.
        Reply first = t.post("approver", path, null);
        assertThat(first.status()).isEqualTo(409);
        assertThat(first.message()).isEqualTo(RED);
        assertThat(t.link("cco_id", cco)).containsEntry("erp_key", synced.refNbr());
        assertThat(t.export("cco_id", cco)).containsEntry("state", "synced");

        // Prerequisite: reverse the change order in Acumatica. The reversing change order is created On Hold.
        String reversing = emu.store().reverse(synced.refNbr());
        assertThat(emu.store().changeOrder(reversing)).get()
                .extracting(ChangeOrderSnapshot::status, ChangeOrderSnapshot::reverseStatus,
                        ChangeOrderSnapshot::originalCORefNbr)
                .containsExactly("On Hold", "Reversing", synced.refNbr());

        // A reversal still on hold undoes nothing: the CCO is still in Acumatica.
        Reply onHold = t.post("approver", path, null);
        assertThat(onHold.status()).isEqualTo(409);
        assertThat(onHold.message()).isEqualTo(RED);
        assertThat(t.link("cco_id", cco)).isNotNull();

        // Release the reversing change order (remove hold, release).
        emu.store().removeHold(reversing);
        emu.store().release(reversing);
        assertThat(emu.store().changeOrder(reversing)).get().extracting(ChangeOrderSnapshot::status).isEqualTo("Closed");

        // Unlink: green; the link is gone, the CCO is back in the project as not synced, audited.
        long unlinkedEvents = t.auditCount("cco.unlinked", cco);
        Reply ok = t.post("approver", path, null);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.message()).isEqualTo(GREEN);
        assertThat(t.link("cco_id", cco)).isNull();
        Map<String, Object> export = t.export("cco_id", cco);
        assertThat(export).containsEntry("state", "unlinked").containsEntry("generation", 2);
        assertThat((String) export.get("external_ref")).isNotEqualTo(synced.externalRef()).hasSizeLessThanOrEqualTo(30);
        assertThat(t.auditCount("cco.unlinked", cco)).isEqualTo(unlinkedEvents + 1);
        Map<String, Object> event = jdbc.sql("""
                select actor_login, before_state::text as before, after_state::text as after from audit_event
                where action = 'cco.unlinked' and record_id = :id order by id desc limit 1""")
                .param("id", cco).query().singleRow();
        assertThat(event.get("actor_login")).isEqualTo("approver");
        assertThat((String) event.get("before")).contains(synced.refNbr(), synced.externalRef(), "\"synced\"");
        assertThat((String) event.get("after")).contains("\"unlinked\"");

        // Unlinking again: it is not synced any more.
        Reply again = t.post("approver", path, null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.message()).startsWith("This CCO is no longer synced with Acumatica");

        // Then delete the CCO in the project (set back to Draft first); the deletion stays in the audit log.
        long riverside = t.projectId(company, "1001");
        String ccoPath = "/rest/v1.0/projects/" + riverside + "/commitment_change_orders/" + cco;
        Reply draft = t.patch("approver", ccoPath, Map.of("status", "draft"));
        assertThat(draft.status()).as(String.valueOf(draft.body())).isEqualTo(200);
        Reply deleted = t.delete("approver", ccoPath);
        assertThat(deleted.status()).as(String.valueOf(deleted.body())).isEqualTo(204);
        assertThat(t.auditCount("cco.deleted", cco)).isEqualTo(1);
        assertThat(t.auditCount("cco.unlinked", cco)).isEqualTo(unlinkedEvents + 1);

        // Re-enter the correct information and export it again: a NEW change order; the reversed one not adopted.
        long commitment = t.commitmentId(company, "1001", "SC-001");
        long sovLine = jdbc.sql("select id from commitment_line where commitment_id = :m and line_number = 1")
                .param("m", commitment).query(Long.class).single();
        Reply created = t.post("approver", "/rest/v1.0/projects/" + riverside + "/commitment_change_orders", Map.of(
                "commitment_id", commitment, "title", "Rebar at footings (corrected)",
                "line_items", List.of(Map.of("commitment_line_item_id", sovLine, "amount", new java.math.BigDecimal("1200.00")))));
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        long corrected = created.body().get("id").asLong();
        String correctedPath = "/rest/v1.0/projects/" + riverside + "/commitment_change_orders/" + corrected;
        assertThat(t.patch("approver", correctedPath, Map.of("status", "approved")).status()).isEqualTo(200);

        int before = emu.store().changeOrders().size();
        String newRef = ExportSteps.sendAcceptAndWaitForSync(t, jdbc, company, riverside, corrected);

        assertThat(newRef).isNotEqualTo(synced.refNbr()).isNotEqualTo(reversing);
        assertThat(emu.store().changeOrders()).hasSize(before + 1);
        ChangeOrderSnapshot fresh = emu.store().changeOrder(newRef).orElseThrow();
        assertThat(fresh.status()).isEqualTo("Closed");
        assertThat(fresh.reverseStatus()).isEqualTo("None");
        assertThat(fresh.commitmentsTotal()).isEqualByComparingTo("1200.00");
        assertThat(t.link("cco_id", corrected)).containsEntry("erp_key", newRef);
        // the reversed original is untouched
        assertThat(emu.store().changeOrder(synced.refNbr())).get()
                .extracting(ChangeOrderSnapshot::reverseStatus).isEqualTo("Reversed");
    }

    /**
     * Unlink's own cost (#21: its overhead p99 under 10 ms): the statements of one green unlink through the REST API,
     * a constant and small number — the user, the record with its ERP keys, the ERP's name, the permissions, its link and
     * export, the connection's version, then one transaction locking both rows and writing the unlink, its audit event
     * and its webhook deliveries (13; 17 before this count was kept). Printed with
     * {@code -Dcrosswalk.measure=true}.
     */
    @Test
    void aGreenUnlinkCostsAFewStatements() throws Exception {
        Synced synced = t.syncedCco(connectors, company, "Statements of one unlink", new BigDecimal("10.00"));
        String reversing = emu.store().reverse(synced.refNbr());
        emu.store().removeHold(reversing);
        emu.store().release(reversing);
        String key = java.util.UUID.randomUUID().toString();
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
                        + UnlinkTestSupport.ccoUnlinkPath(company, synced.ccoId())))
                        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                                "approver:demo".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                        .header("Accept", "application/json").header(com.crosswalk.QueryCounter.HEADER, key)
                        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        List<String> statements = com.crosswalk.QueryCounter.awaitStatements(key);
        if (Boolean.getBoolean("crosswalk.measure")) {
            System.out.println("statements of one green unlink: " + statements.size());
            statements.forEach(sql -> System.out.println("  " + sql.replaceAll("\\s+", " ")));
        }
        assertThat(r.body()).contains(GREEN);
        assertThat(t.link("cco_id", synced.ccoId())).isNull();
        // the sign-in throttle's statements depend on earlier failed sign-ins from this address: not counted here
        assertThat(statements.stream().filter(sql -> !sql.contains("throttle_bucket")))
                .as("statements of one unlink besides the throttles'").hasSizeLessThanOrEqualTo(13);
    }
}
