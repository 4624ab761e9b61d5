package com.crosswalk.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.TestApi;
import com.crosswalk.TestApi.Response;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import com.crosswalk.acumatica.emulator.store.DemoData;
import com.crosswalk.acumatica.emulator.store.Store;
import com.crosswalk.erp.sync.SyncRecords;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Subcontractor invoices through REST and the one sync lifecycle, against the Acumatica emulator over HTTP: the bill
 * Acumatica holds equals the invoice (lines, retainage, amount due); a refused export corrected and sent again ends
 * with the corrected amounts in the ERP; unlink is red while the bill is there and green once it is reversed.
 */
@IntegrationTest
class RequisitionExportTest {

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
        ObjectNode erpSc = DemoData.o("VendorID", "APEXCON", "Description", "Invoice test", "Status", "Open",
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
                values (:c, :p, :v, 'subcontract', :n, 'Invoice test', 'approved', 10) returning id""")
                .param("c", company).param("p", project).param("v", vendor)
                .param("n", "T-" + UUID.randomUUID().toString().substring(0, 8)).query(Long.class).single();
        line1 = line(1, costCode, "Walls", "100000");
        line2 = line(2, costCode, "Slab", "50000");
        long approver = jdbc.sql("select id from app_user where login = 'approver'").query(Long.class).single();
        tx.executeWithoutResult(s -> sync.linkExisting("commitment", "commitment_id", company, commitment, null, sc, null,
                approver, OffsetDateTime.now()));
        base = "/rest/v1.0/projects/" + project + "/requisitions";
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

    private tools.jackson.databind.JsonNode create(String start, String end, String lines) {
        Response r = as("approver").post(base, """
                {"commitment_id": %d, "period_start": "%s", "period_end": "%s", "billing_date": "%s",
                 "description": "Pay app", "lines": %s}""".formatted(commitment, start, end, end, lines));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    private void submitAndApprove(long id) {
        Response s = as("approver").patch(base + "/" + id, "{\"status\": \"under_review\"}");
        assertThat(s.status()).as(s.body()).isEqualTo(200);
        Response a = as("approver").post(base + "/" + id + "/approve", "{\"as_noted\": false}");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.json().get("status").asString()).isEqualTo("approved");
    }

    private String erpPath(long id, String action) {
        return "/rest/v1.0/companies/" + company + "/erp/requisitions/" + id + "/" + action;
    }

    /** Send to ERP, Accept, and wait for the background export: synced (its bill's ReferenceNbr) or failed (null). */
    private String sendAcceptWait(long id) throws InterruptedException {
        Response sent = as("approver").post("/rest/v1.0/projects/" + project + "/requisitions/" + id + "/send_to_erp", null);
        assertThat(sent.status()).as(sent.body()).isBetween(200, 299);
        Response accepted = as("approver").post(erpPath(id, "accept"), null);
        assertThat(accepted.status()).as(accepted.body()).isBetween(200, 299);
        long deadline = System.nanoTime() + 60_000_000_000L;
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

    private JsonNode bill(String nbr) {
        return emu.store().bill("Bill", nbr).orElseThrow();
    }

    private static List<String> lines(JsonNode bill) {
        List<String> out = new ArrayList<>();
        for (JsonNode l : bill.path("Details")) {
            out.add(l.at("/POOrderNbr/value").asText() + "/" + l.at("/POLine/value").asInt() + " "
                    + l.at("/Amount/value").decimalValue().setScale(2).toPlainString() + " " + l.at("/Description/value").asText());
        }
        return out.stream().sorted().toList();
    }

    @Test
    void exportedBillHoldsTheInvoiceWithRetainageAndMaterialsStored() throws Exception {
        var first = create("2026-01-01", "2026-01-31", """
                [{"commitment_line_item_id": %d, "work_completed_this_period": 20000.05, "materials_presently_stored": 5000},
                 {"commitment_line_item_id": %d, "work_completed_this_period": 10000}]""".formatted(line1, line2));
        long id = first.get("id").asLong();
        var summary = first.get("summary");
        // 35000.05 earned; retainage 10 %: 2000.01 + 500 + 1000 = 3500.01; due 31500.04
        assertThat(summary.get("total_completed_and_stored").decimalValue()).isEqualByComparingTo("35000.05");
        assertThat(summary.get("total_retainage").decimalValue()).isEqualByComparingTo("3500.01");
        assertThat(summary.get("current_payment_due").decimalValue()).isEqualByComparingTo("31500.04");
        submitAndApprove(id);
        long before = emu.stats().totalRequests();
        String nbr = sendAcceptWait(id);
        long requests = emu.stats().totalRequests() - before;
        assertThat(nbr).as(jdbc.sql("select last_error from erp_export where requisition_id = :id").param("id", id)
                .query(String.class).optional().orElse("")).isNotNull();
        JsonNode b = bill(nbr);
        assertThat(b.at("/Status/value").asText()).isEqualTo("Open");
        assertThat(b.at("/Vendor/value").asText()).isEqualTo("APEXCON");
        assertThat(lines(b)).containsExactly(
                sc + "/1 20000.05 Walls — work completed",
                sc + "/1 5000.00 Walls — materials stored",
                sc + "/2 10000.00 Slab — work completed");
        assertThat(b.at("/Amount/value").decimalValue()).isEqualByComparingTo("31500.04");
        assertThat(emu.store().billRetainage("Bill", nbr)).isEqualByComparingTo("3500.01");
        assertThat(emu.store().subcontractLineBilled(sc, 1)).isEqualByComparingTo("25000.05");
        // ERP requests of one export: insert, remove hold, release (the minimum), plus at most a sign-in
        System.out.println("ERP requests for one invoice export: " + requests);
        assertThat(requests).isBetween(3L, 4L);
        var synced = as("approver").get(base + "/" + id).json();
        assertThat(synced.get("erp").get("state").asString()).isEqualTo("synced");
        assertThat(synced.get("erp").get("erp_key").asString()).isEqualTo(nbr);

        // the next period: previous work from the approved invoice; materials used up
        var second = create("2026-02-01", "2026-02-28", """
                [{"commitment_line_item_id": %d, "work_completed_this_period": 30000, "materials_presently_stored": 1000}]"""
                .formatted(line1));
        var l1 = second.get("lines").get(0);
        assertThat(l1.get("work_completed_previous").decimalValue()).isEqualByComparingTo("20000.05");
        assertThat(l1.get("materials_previously_stored").decimalValue()).isEqualByComparingTo("5000");
        assertThat(second.get("summary").get("less_previous_certificates").decimalValue()).isEqualByComparingTo("31500.04");
        // 30000 − 4000 billed, retainage 3000 − 400: due 23400
        assertThat(second.get("summary").get("current_payment_due").decimalValue()).isEqualByComparingTo("23400.00");

        // unlink: red while the bill is in Acumatica; green once reversed with the debit adjustment released
        Response red = as("approver").post(erpPath(id, "unlink"), null);
        assertThat(red.status()).isEqualTo(409);
        assertThat(red.json().get("message").asString()).isEqualTo("The invoice is still in Acumatica. Please delete it before retrying");
        String adj = emu.store().reverseBill(nbr);
        assertThat(as("approver").post(erpPath(id, "unlink"), null).status()).as("reversal not released yet").isEqualTo(409);
        emu.store().releaseDebitAdjustment(adj);
        Response green = as("approver").post(erpPath(id, "unlink"), null);
        assertThat(green.status()).as(green.body()).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from erp_link where requisition_id = :id").param("id", id).query(Long.class).single())
                .isZero();
    }

    @Test
    void aRefusedExportCorrectedAndSentAgainLeavesTheCorrectedBill() throws Exception {
        // a retainage % the subcontract does not have: Acumatica applies 10 %, the invoice says 5 % → refused
        var r = create("2026-05-01", "2026-05-31", """
                [{"commitment_line_item_id": %d, "work_completed_this_period": 8000, "work_retainage_percent": 5}]"""
                .formatted(line1));
        long id = r.get("id").asLong();
        submitAndApprove(id);
        assertThat(sendAcceptWait(id)).isNull();
        String error = jdbc.sql("select last_error from erp_export where requisition_id = :id").param("id", id)
                .query(String.class).single();
        assertThat(error).contains("retainage").contains("400.00").contains("800.00");
        assertThat(emu.store().billsByVendorRef(externalRef(id))).isEmpty(); // removed again
        Response rejected = as("approver").post(erpPath(id, "reject"), "{\"reason\": \"Retainage is 10 % on this subcontract\"}");
        assertThat(rejected.status()).as(rejected.body()).isBetween(200, 299);
        // correct: back to Revise and Resubmit, the line at the subcontract's retainage, approve again, send again
        Response back = as("approver").patch(base + "/" + id, "{\"status\": \"revise_and_resubmit\"}");
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        Response fixed = as("approver").patch(base + "/" + id, """
                {"lines": [{"commitment_line_item_id": %d, "work_completed_this_period": 8000}]}""".formatted(line1));
        assertThat(fixed.status()).as(fixed.body()).isEqualTo(200);
        submitAndApprove(id);
        String nbr = sendAcceptWait(id);
        assertThat(nbr).isNotNull();
        JsonNode b = bill(nbr);
        assertThat(lines(b)).containsExactly(sc + "/1 8000.00 Walls — work completed");
        assertThat(b.at("/Amount/value").decimalValue()).isEqualByComparingTo("7200.00");
        assertThat(emu.store().billRetainage("Bill", nbr)).isEqualByComparingTo("800.00");
    }

    @Test
    void paymentsComeBackFromTheChecksAppliedToTheBill() throws Exception {
        var r = create("2026-09-01", "2026-09-30", """
                [{"commitment_line_item_id": %d, "work_completed_this_period": 10000}]""".formatted(line1));
        long id = r.get("id").asLong();
        submitAndApprove(id);
        String nbr = sendAcceptWait(id);
        assertThat(nbr).isNotNull();
        // 10000 less 10 % retainage: 9000 due; a first check of 4000
        emu.store().payBill("APEXCON", nbr, new BigDecimal("4000"), "CHK-5001", "2026-10-05");
        assertThat(payments.importFor(company).withPayments()).isGreaterThanOrEqualTo(1);
        var partly = as("approver").get(base + "/" + id).json();
        assertThat(partly.get("status").asString()).isEqualTo("approved");
        assertThat(partly.get("payment").get("amount_paid").decimalValue()).isEqualByComparingTo("4000");
        assertThat(partly.get("payment").get("balance").decimalValue()).isEqualByComparingTo("5000");
        assertThat(partly.get("payment").get("check_numbers").asString()).isEqualTo("CHK-5001");
        assertThat(partly.get("payment").get("paid_date").asString()).isEqualTo("2026-10-05");
        // a paid bill cannot be reversed: unlink says the payment must be voided first
        Response red = as("approver").post(erpPath(id, "unlink"), null);
        assertThat(red.status()).isEqualTo(409);
        assertThat(red.json().get("message").asString())
                .startsWith("The invoice is still in Acumatica. Please delete it before retrying")
                .contains("the payment must be voided in Acumatica first");
        String second = emu.store().payBill("APEXCON", nbr, new BigDecimal("5000"), "CHK-5002", "2026-10-20");
        payments.importFor(company);
        var paid = as("approver").get(base + "/" + id).json();
        assertThat(paid.get("status").asString()).isEqualTo("paid");
        assertThat(paid.get("payment").get("amount_paid").decimalValue()).isEqualByComparingTo("9000");
        assertThat(paid.get("payment").get("balance").decimalValue()).isEqualByComparingTo("0");
        assertThat(paid.get("payment").get("check_numbers").asString()).isEqualTo("CHK-5001, CHK-5002");
        assertThat(paid.get("payment").get("paid_date").asString()).isEqualTo("2026-10-20");
        // the second check voided in Acumatica: the invoice is Approved again, 4000 paid
        emu.store().voidCheck(second);
        payments.importFor(company);
        var voided = as("approver").get(base + "/" + id).json();
        assertThat(voided.get("status").asString()).isEqualTo("approved");
        assertThat(voided.get("payment").get("amount_paid").decimalValue()).isEqualByComparingTo("4000");
    }

    private String externalRef(long id) {
        return jdbc.sql("select external_ref from erp_export where requisition_id = :id").param("id", id).query(String.class).single();
    }

    @Test
    void payAppRules() {
        Response over = as("approver").post(base, """
                {"commitment_id": %d, "period_start": "2026-07-01", "period_end": "2026-07-31",
                 "lines": [{"commitment_line_item_id": %d, "work_completed_this_period": 100000.01}]}""".formatted(commitment, line1));
        assertThat(over.status()).isEqualTo(400);
        assertThat(over.json().get("message").asString()).contains("Line 1 would be 100.00 % complete").contains("over_100_percent");
        var ok = create("2026-07-01", "2026-07-31", """
                [{"commitment_line_item_id": %d, "work_completed_this_period": 100000.01, "over_100_percent": true}]"""
                .formatted(line1));
        Response second = as("approver").post(base, """
                {"commitment_id": %d, "period_start": "2026-08-01", "period_end": "2026-08-31", "lines": []}""".formatted(commitment));
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().get("message").asString()).contains("still open");
        long id = ok.get("id").asLong();
        // Commitments Standard (accountant) reads, submits, but does not approve; a Draft is submitted first
        assertThat(as("accountant").get(base + "/" + id).status()).isEqualTo(200);
        assertThat(as("approver").post(base + "/" + id + "/approve", null).status()).isEqualTo(409);
        assertThat(as("accountant").patch(base + "/" + id, "{\"status\": \"under_review\"}").status()).isEqualTo(200);
        assertThat(as("accountant").post(base + "/" + id + "/approve", null).status()).isEqualTo(403);
        assertThat(as("approver").post(base + "/" + id + "/approve", "{\"as_noted\": true}").json().get("status_label")
                .asString()).isEqualTo("Approved as Noted");
        // approved content is fixed
        assertThat(as("approver").patch(base + "/" + id, "{\"description\": \"x\"}").status()).isEqualTo(409);
        LocalDate.now();
    }
}
