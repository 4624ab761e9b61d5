package com.crosswalk.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.TestApi;
import com.crosswalk.TestApi.Response;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import com.crosswalk.acumatica.emulator.faults.FaultKind;
import com.crosswalk.acumatica.emulator.faults.FaultPhase;
import com.crosswalk.acumatica.emulator.faults.FaultRule;
import com.crosswalk.acumatica.emulator.store.DemoData;
import com.crosswalk.acumatica.emulator.store.Store;
import com.crosswalk.erp.sync.SyncRecords;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Retainage release invoices through REST and the one sync lifecycle, against the Acumatica emulator over HTTP: a part
 * released, then the rest; each export is ReleaseRetainage on the synced invoice's bill, and the retainage bill
 * Acumatica holds carries our key and exactly the amount the invoice releases; an export interrupted after the ERP
 * made the retainage bill, retried, never releases twice; over-release is refused with nothing changed; unlink is red
 * while the retainage bill is there and green once it is reversed; payments come back from checks on retainage bills.
 */
@IntegrationTest
class RetainageReleaseExportTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AcumaticaEmulator emu;
    @Autowired
    SyncRecords sync;
    @Autowired
    com.crosswalk.erp.payments.BillPaymentsImport payments;
    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    long company;
    long project;
    long commitment;
    long line1;
    long line2;
    String sc;
    String base;

    /** A fresh subcontract of Apex (10 % retainage) in the ERP, and our commitment linked to it. */
    @BeforeEach
    void subcontract() {
        ObjectNode erpSc = DemoData.o("VendorID", "APEXCON", "Description", "Retainage release test", "Status", "Open",
                "Date", "2026-01-05", "CurrencyID", "USD", "ApplyRetainage", true, "RetainagePct", new BigDecimal("10"));
        ArrayNode d = erpSc.putArray("Details");
        d.add(DemoData.o("LineNbr", 1, "Project", "RIVERSIDE", "Task", "01", "CostCode", "03-300", "Description", "Walls",
                "OrderQty", BigDecimal.ONE, "UnitCost", new BigDecimal("100000"), "Amount", new BigDecimal("100000")));
        d.add(DemoData.o("LineNbr", 2, "Project", "RIVERSIDE", "Task", "01", "CostCode", "03-300", "Description", "Slab",
                "OrderQty", BigDecimal.ONE, "UnitCost", new BigDecimal("50000"), "Amount", new BigDecimal("50000")));
        sc = emu.store().put("Subcontract", erpSc, Store.PutMode.INSERT, null, null).path("SubcontractNbr").path("value").asText();
        company = jdbc.sql("select id from company where name = 'Summit Ridge Builders'").query(Long.class).single();
        project = jdbc.sql("select id from project where company_id = :c and number = '1001'").param("c", company)
                .query(Long.class).single();
        long vendor = jdbc.sql("select id from vendor where company_id = :c and name = 'Apex Concrete Co.'").param("c", company)
                .query(Long.class).single();
        long costCode = jdbc.sql("select id from cost_code where company_id = :c and code = '03-300'").param("c", company)
                .query(Long.class).single();
        commitment = jdbc.sql("""
                insert into commitment (company_id, project_id, vendor_id, kind, number, title, status, retainage_percent)
                values (:c, :p, :v, 'subcontract', :n, 'Retainage release test', 'approved', 10) returning id""")
                .param("c", company).param("p", project).param("v", vendor)
                .param("n", "R-" + UUID.randomUUID().toString().substring(0, 8)).query(Long.class).single();
        line1 = line(1, costCode, "Walls", "100000");
        line2 = line(2, costCode, "Slab", "50000");
        long approver = jdbc.sql("select id from app_user where login = 'approver'").query(Long.class).single();
        tx.executeWithoutResult(s -> sync.linkExisting("commitment", "commitment_id", company, commitment, null, sc, null,
                approver, OffsetDateTime.now()));
        base = "/rest/v1.0/projects/" + project + "/requisitions";
    }

    @AfterEach
    void noFaults() {
        emu.faults().clear();
    }

    private long line(int n, long costCode, String desc, String amount) {
        return jdbc.sql("""
                insert into commitment_line (company_id, commitment_id, line_number, cost_code_id, description, amount)
                values (:c, :m, :n, :cc, :d, :a) returning id""").param("c", company).param("m", commitment).param("n", n)
                .param("cc", costCode).param("d", desc).param("a", new BigDecimal(amount)).query(Long.class).single();
    }

    private TestApi as(String login) {
        return TestApi.as(port, login);
    }

    private void submitAndApprove(long id) {
        Response s = as("approver").patch(base + "/" + id, "{\"status\": \"under_review\"}");
        assertThat(s.status()).as(s.body()).isEqualTo(200);
        Response a = as("approver").post(base + "/" + id + "/approve", "{\"as_noted\": false}");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
    }

    private String erpPath(long id, String action) {
        return "/rest/v1.0/companies/" + company + "/erp/requisitions/" + id + "/" + action;
    }

    private void sendAndAccept(long id) {
        Response sent = as("approver").post(base + "/" + id + "/send_to_erp", null);
        assertThat(sent.status()).as(sent.body()).isBetween(200, 299);
        Response accepted = as("approver").post(erpPath(id, "accept"), null);
        assertThat(accepted.status()).as(accepted.body()).isBetween(200, 299);
    }

    /** Waits for the background export: synced (its ERP key) or failed (null). */
    private String await(long id, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            String state = jdbc.sql("select state from erp_export where requisition_id = :id").param("id", id)
                    .query(String.class).optional().orElse(null);
            if ("synced".equals(state)) {
                return jdbc.sql("select erp_key from erp_link where requisition_id = :id").param("id", id).query(String.class).single();
            }
            if ("failed".equals(state)) {
                return null;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("export did not finish");
    }

    private String externalRef(long id) {
        return jdbc.sql("select external_ref from erp_export where requisition_id = :id").param("id", id).query(String.class).single();
    }

    /** The retainage bills Acumatica made from bill {@code nbr} ("Retainage of bill N"), any Vendor Ref. */
    private List<JsonNode> retainageBillsOf(String nbr, String... vendorRefs) {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (String ref : vendorRefs) {
            for (JsonNode b : emu.store().billsByVendorRef(ref)) {
                if (("Retainage of bill " + nbr).equals(b.at("/Description/value").asText())) out.add(b);
            }
        }
        return out;
    }

    /** Invoice #1 billing 20000 on line 1 and 10000 on line 2 (10 % retainage: 3000 held), approved and synced. */
    private String progressInvoiceSynced() throws InterruptedException {
        Response r = as("approver").post(base, """
                {"commitment_id": %d, "period_start": "2026-01-01", "period_end": "2026-01-31", "billing_date": "2026-01-31",
                 "lines": [{"commitment_line_item_id": %d, "work_completed_this_period": 20000},
                           {"commitment_line_item_id": %d, "work_completed_this_period": 10000}]}"""
                .formatted(commitment, line1, line2));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long id = r.json().get("id").asLong();
        submitAndApprove(id);
        sendAndAccept(id);
        String nbr = await(id, 60_000);
        assertThat(nbr).isNotNull();
        assertThat(emu.store().unreleasedRetainage(nbr)).isEqualByComparingTo("3000.00");
        return nbr;
    }

    private long countInvoices() {
        return jdbc.sql("select count(*) from requisition where commitment_id = :c").param("c", commitment).query(Long.class).single();
    }

    @Test
    void releasePartThenTheRestTheRetainageBillsHoldWhatTheInvoicesRelease() throws Exception {
        String bill = progressInvoiceSynced();
        String billRef = jdbc.sql("select external_ref from erp_link where erp_key = :k and record_type = 'requisition'")
                .param("k", bill).query(String.class).single();

        // refused, nothing changed: more than line 1 holds; amount and percent together; nothing at all
        long before = countInvoices();
        Response over = as("approver").post(base + "/retainage_releases", """
                {"commitment_id": %d, "billing_date": "2026-03-15",
                 "lines": [{"commitment_line_item_id": %d, "amount": 2000.01}]}""".formatted(commitment, line1));
        assertThat(over.status()).as(over.body()).isEqualTo(400);
        assertThat(over.json().get("message").asString()).contains("Line 1 cannot release 2000.01").contains("only 2000.00");
        Response both = as("approver").post(base + "/retainage_releases", """
                {"commitment_id": %d, "lines": [{"commitment_line_item_id": %d, "amount": 10, "percent": 10}]}"""
                .formatted(commitment, line1));
        assertThat(both.status()).isEqualTo(400);
        assertThat(countInvoices()).isEqualTo(before);

        // a part: half of line 1's retainage
        Response part = as("approver").post(base + "/retainage_releases", """
                {"commitment_id": %d, "billing_date": "2026-03-15", "description": "Half of the walls' retainage",
                 "lines": [{"commitment_line_item_id": %d, "percent": 50}]}""".formatted(commitment, line1));
        assertThat(part.status()).as(part.body()).isEqualTo(201);
        var p = part.json();
        long partId = p.get("id").asLong();
        assertThat(p.get("kind").asString()).isEqualTo("retainage_release");
        assertThat(p.get("summary").get("current_payment_due").decimalValue()).isEqualByComparingTo("1000.00");
        assertThat(p.get("retainage_totals").get("held").decimalValue()).isEqualByComparingTo("3000.00");
        assertThat(p.get("retainage_totals").get("released_to_date").decimalValue()).isEqualByComparingTo("1000.00");
        assertThat(p.get("retainage_totals").get("still_held").decimalValue()).isEqualByComparingTo("2000.00");
        // one open invoice at a time; and while this one is open nothing more can be released
        submitAndApprove(partId);
        long beforeExport = emu.stats().totalRequests();
        sendAndAccept(partId);
        String rb1 = await(partId, 60_000);
        assertThat(rb1).as(jdbc.sql("select last_error from erp_export where requisition_id = :id").param("id", partId)
                .query(String.class).optional().orElse("")).isNotNull();
        System.out.println("ERP requests for one retainage release export (one released bill): "
                + (emu.stats().totalRequests() - beforeExport));
        JsonNode r1 = emu.store().bill("Bill", rb1).orElseThrow();
        assertThat(r1.at("/Description/value").asText()).isEqualTo("Retainage of bill " + bill);
        assertThat(r1.at("/VendorRef/value").asText()).isEqualTo(externalRef(partId));
        assertThat(r1.at("/Status/value").asText()).isEqualTo("Open");
        assertThat(r1.at("/Amount/value").decimalValue()).isEqualByComparingTo("1000.00");
        assertThat(emu.store().unreleasedRetainage(bill)).isEqualByComparingTo("2000.00");

        // more than is still held, once the part is released: refused
        Response again = as("approver").post(base + "/retainage_releases", """
                {"commitment_id": %d, "lines": [{"commitment_line_item_id": %d, "amount": 1000.01}]}"""
                .formatted(commitment, line1));
        assertThat(again.status()).isEqualTo(400);

        // the rest, in full — the export interrupted: the ERP made the retainage bill (the answer lost), then every
        // PUT refused, so our key never reached it; retried, the same retainage bill is adopted, none made twice
        Response rest = as("approver").post(base + "/retainage_releases", """
                {"commitment_id": %d, "billing_date": "2026-04-15", "release_all": true}""".formatted(commitment));
        assertThat(rest.status()).as(rest.body()).isEqualTo(201);
        long restId = rest.json().get("id").asLong();
        assertThat(rest.json().get("summary").get("current_payment_due").decimalValue()).isEqualByComparingTo("2000.00");
        submitAndApprove(restId);
        emu.faults().add(FaultRule.builder().method("POST").entity("Bill").action("ReleaseRetainage")
                .kind(FaultKind.DROP_CONNECTION).phase(FaultPhase.AFTER_WRITE).count(1).build());
        emu.faults().add(FaultRule.builder().method("PUT").entity("Bill").kind(FaultKind.ERROR_503)
                .phase(FaultPhase.BEFORE_WRITE).count(100000).build());
        sendAndAccept(restId);
        assertThat(await(restId, 90_000)).isNull();
        assertThat(retainageBillsOf(bill, billRef)).as("the interrupted attempt's retainage bill, without our key").hasSize(1);
        assertThat(emu.store().unreleasedRetainage(bill)).isEqualByComparingTo("0.00");
        emu.faults().clear();
        Response retry = as("approver").post(erpPath(restId, "retry"), null);
        assertThat(retry.status()).as(retry.body()).isEqualTo(200);
        String rb2 = await(restId, 60_000);
        assertThat(rb2).isNotNull();
        assertThat(retainageBillsOf(bill, billRef)).isEmpty();
        List<JsonNode> mine = retainageBillsOf(bill, externalRef(restId));
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).at("/ReferenceNbr/value").asText()).isEqualTo(rb2);
        assertThat(mine.get(0).at("/Amount/value").decimalValue()).isEqualByComparingTo("2000.00");
        assertThat(mine.get(0).at("/Status/value").asText()).isEqualTo("Open");
        assertThat(emu.store().unreleasedRetainage(bill)).isEqualByComparingTo("0.00");
        var shown = as("approver").get(base + "/" + restId).json();
        assertThat(shown.get("erp").get("state").asString()).isEqualTo("synced");
        assertThat(shown.get("retainage_totals").get("still_held").decimalValue()).isEqualByComparingTo("0.00");
        assertThat(shown.get("retainage_totals").get("released_to_date").decimalValue()).isEqualByComparingTo("3000.00");
        // nothing left to release
        Response none = as("approver").post(base + "/retainage_releases", """
                {"commitment_id": %d, "release_all": true}""".formatted(commitment));
        assertThat(none.status()).isEqualTo(400);

        // payments back from a check on the first retainage bill: Paid
        emu.store().payBill("APEXCON", rb1, new BigDecimal("1000.00"), "CHK-7001", "2026-04-20");
        payments.importFor(company);
        var paid = as("approver").get(base + "/" + partId).json();
        assertThat(paid.get("status").asString()).isEqualTo("paid");
        assertThat(paid.get("payment").get("check_numbers").asString()).isEqualTo("CHK-7001");

        // unlink the second: red while its retainage bill is in Acumatica, green once reversed and the reversal released
        Response red = as("approver").post(erpPath(restId, "unlink"), null);
        assertThat(red.status()).isEqualTo(409);
        assertThat(red.json().get("message").asString()).isEqualTo("The invoice is still in Acumatica. Please delete it before retrying");
        String adj = emu.store().reverseBill(rb2);
        assertThat(as("approver").post(erpPath(restId, "unlink"), null).status()).as("reversal not released yet").isEqualTo(409);
        emu.store().releaseDebitAdjustment(adj);
        Response green = as("approver").post(erpPath(restId, "unlink"), null);
        assertThat(green.status()).as(green.body()).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from erp_link where requisition_id = :id").param("id", restId)
                .query(Long.class).single()).isZero();
    }

    /**
     * Bulk unlink of invoices (the ERP Integrations tool's "Unlink selected", REST {@code POST …/erp/requisitions/unlink}):
     * one job, each invoice through the single unlink — red while its bill (or retainage bill) is in Acumatica, green
     * once it is reversed with the reversal released.
     */
    @Test
    void bulkUnlinkOfInvoicesRedThenGreen() throws Exception {
        String bill = progressInvoiceSynced();
        long progress = jdbc.sql("select requisition_id from erp_link where erp_key = :k and record_type = 'requisition'")
                .param("k", bill).query(Long.class).single();
        Response all = as("approver").post(base + "/retainage_releases", """
                {"commitment_id": %d, "billing_date": "2026-02-20", "release_all": true}""".formatted(commitment));
        assertThat(all.status()).as(all.body()).isEqualTo(201);
        long release = all.json().get("id").asLong();
        submitAndApprove(release);
        sendAndAccept(release);
        String rb = await(release, 60_000);
        assertThat(rb).isNotNull();
        assertThat(emu.store().bill("Bill", rb).orElseThrow().at("/Amount/value").decimalValue()).isEqualByComparingTo("3000.00");
        String bulk = "/rest/v1.0/companies/" + company + "/erp/requisitions/unlink";
        var red = com.crosswalk.TestJobs.awaitDone(as("approver"), as("approver").post(bulk,
                "{\"ids\": [%d, %d]}".formatted(progress, release)));
        assertThat(red.toString()).contains("The invoice is still in Acumatica. Please delete it before retrying");
        assertThat(jdbc.sql("select count(*) from erp_link where requisition_id in (:a, :b)").param("a", progress)
                .param("b", release).query(Long.class).single()).isEqualTo(2);
        emu.store().releaseDebitAdjustment(emu.store().reverseBill(rb));
        var green = com.crosswalk.TestJobs.awaitDone(as("approver"), as("approver").post(bulk,
                "{\"ids\": [%d]}".formatted(release)));
        assertThat(green.toString()).contains("Successfully Unlinked");
        assertThat(jdbc.sql("select count(*) from erp_link where requisition_id = :id").param("id", release)
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from erp_link where requisition_id = :id").param("id", progress)
                .query(Long.class).single()).isEqualTo(1);
    }
}
