package com.crosswalk.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.TestApi;
import com.crosswalk.TestApi.Response;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import com.crosswalk.erp.connector.CommitmentExport;
import com.crosswalk.erp.sync.CanonicalJson;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A subcontract Crosswalk exports carries its retainage percent (SC301000 Apply Retainage / Retainage Percent), so the
 * bills of a requisition on it hold the retainage Crosswalk computed — against the emulator over HTTP.
 */
@IntegrationTest
class CommitmentRetainageExportTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AcumaticaEmulator emu;

    long company;
    long project;

    private TestApi approver() {
        return TestApi.as(port, "approver");
    }

    /** Send to ERP, Accept, wait: the ERP key when synced, else fails with the last error. */
    private String export(String records, String column, String projectRecords, long id) throws InterruptedException {
        Response sent = approver().post("/rest/v1.0/projects/" + project + "/" + projectRecords + "/" + id + "/send_to_erp", null);
        assertThat(sent.status()).as(sent.body()).isBetween(200, 299);
        Response accepted = approver().post("/rest/v1.0/companies/" + company + "/erp/" + records + "/" + id + "/accept", null);
        assertThat(accepted.status()).as(accepted.body()).isBetween(200, 299);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            String state = jdbc.sql("select state from erp_export where " + column + " = :id").param("id", id)
                    .query(String.class).optional().orElse(null);
            if ("synced".equals(state)) {
                return jdbc.sql("select erp_key from erp_link where " + column + " = :id").param("id", id)
                        .query(String.class).single();
            }
            assertThat(state).as(jdbc.sql("select coalesce(last_error, '') from erp_export where " + column + " = :id")
                    .param("id", id).query(String.class).optional().orElse("")).isNotEqualTo("failed");
            Thread.sleep(100);
        }
        throw new AssertionError("export did not finish");
    }

    @Test
    void exportedSubcontractCarriesTheRetainageItsBillsApply() throws Exception {
        company = jdbc.sql("select id from company where name = 'Summit Ridge Builders'").query(Long.class).single();
        project = jdbc.sql("select id from project where company_id = :c and number = '1001'").param("c", company)
                .query(Long.class).single();
        long vendor = jdbc.sql("select id from vendor where company_id = :c and name = 'Apex Concrete Co.'")
                .param("c", company).query(Long.class).single();
        long costCode = jdbc.sql("select id from cost_code where company_id = :c and code = '03-300'")
                .param("c", company).query(Long.class).single();
        long costType = jdbc.sql("select id from cost_type where company_id = :c and code = 'S'").param("c", company)
                .query(Long.class).single();
        long commitment = jdbc.sql("""
                insert into commitment (company_id, project_id, vendor_id, kind, number, title, status, retainage_percent)
                values (:c, :p, :v, 'subcontract', :n, 'Retainage export test', 'approved', 10) returning id""")
                .param("c", company).param("p", project).param("v", vendor)
                .param("n", "R-" + UUID.randomUUID().toString().substring(0, 8)).query(Long.class).single();
        long line = jdbc.sql("""
                insert into commitment_line (company_id, commitment_id, line_number, cost_code_id, cost_type_id,
                                             description, amount)
                values (:c, :m, 1, :cc, :ct, 'Footings', 80000) returning id""")
                .param("c", company).param("m", commitment).param("cc", costCode).param("ct", costType)
                .query(Long.class).single();

        // Crosswalk exports the commitment: the ERP's subcontract holds Apply Retainage and 10 %
        String sc = export("commitments", "commitment_id", "commitments", commitment);
        JsonNode erpSc = emu.store().getByKeys("Subcontract", List.of(sc), null, "Details");
        assertThat(erpSc.at("/ApplyRetainage/value").asBoolean()).isTrue();
        assertThat(erpSc.at("/RetainagePct/value").decimalValue()).isEqualByComparingTo("10");
        String stored = jdbc.sql("select payload from erp_link where commitment_id = :id").param("id", commitment)
                .query(String.class).single();
        assertThat(CanonicalJson.read(stored, CommitmentExport.class).retainagePercent()).isEqualByComparingTo("10");

        // an invoice on it: the ERP bill retains what Crosswalk computed, and it exports (no retainage difference)
        String base = "/rest/v1.0/projects/" + project + "/requisitions";
        Response created = approver().post(base, """
                {"commitment_id": %d, "period_start": "2026-03-01", "period_end": "2026-03-31", "billing_date": "2026-03-31",
                 "description": "Pay app", "lines": [{"commitment_line_item_id": %d, "work_completed_this_period": 12345.67}]}"""
                .formatted(commitment, line));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long req = created.json().get("id").asLong();
        BigDecimal retainage = created.json().get("summary").get("total_retainage").decimalValue();
        BigDecimal due = created.json().get("summary").get("current_payment_due").decimalValue();
        assertThat(retainage).isEqualByComparingTo("1234.57");
        Response review = approver().patch(base + "/" + req, "{\"status\": \"under_review\"}");
        assertThat(review.status()).as(review.body()).isEqualTo(200);
        Response approve = approver().post(base + "/" + req + "/approve", "{\"as_noted\": false}");
        assertThat(approve.status()).as(approve.body()).isEqualTo(200);
        String bill = export("requisitions", "requisition_id", "requisitions", req);
        assertThat(emu.store().billRetainage("Bill", bill)).isEqualByComparingTo(retainage);
        assertThat(emu.store().bill("Bill", bill).orElseThrow().at("/Amount/value").decimalValue())
                .isEqualByComparingTo(due);
    }

    @Test
    void aPayloadStoredBeforeRetainageWasExportedStillReads() {
        String old = """
                {"date":"2026-01-05","external_ref":"CW-C-1","kind":"subcontract","lines":[{"amount":100.00,\
                "cost_code":"03-300","cost_type":"S","description":"Walls","line_number":1}],"number":"SC-9",\
                "project_key":"RIVERSIDE","title":"Old","vendor_key":"APEXCON"}""";
        CommitmentExport p = CanonicalJson.read(old, CommitmentExport.class);
        assertThat(p.retainagePercent()).isNull();
        assertThat(p.lines()).singleElement().satisfies(l -> assertThat(l.amount()).isEqualByComparingTo("100"));
        assertThat(p.vendorKey()).isEqualTo("APEXCON");
        assertThat(CanonicalJson.write(new CommitmentExport("CW-C-2", "subcontract", "P", "V", "SC-1", "t", null,
                List.of(), new BigDecimal("10.0000")))).contains("\"retainage_percent\":10.0000");
    }
}
