package com.crosswalk.commitments;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.TestApi;
import com.crosswalk.TestApi.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class ChangeOrderApiTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ErpRecordState erpState;

    long project;
    long vendor;
    String ccos;

    @BeforeEach
    void riverside() {
        project = jdbc.sql("""
                select p.id from project p join company c on c.id = p.company_id
                where c.name = 'Summit Ridge Builders' and p.number = '1001'""").query(Long.class).single();
        vendor = jdbc.sql("select id from vendor where name = 'Apex Concrete Co.'").query(Long.class).single();
        ccos = "/rest/v1.0/projects/" + project + "/commitment_change_orders";
    }

    /** A fresh commitment of our own (so numbering starts at 001), made through the API by a Commitments Admin. */
    private JsonNode newCommitment() {
        Response r = TestApi.as(port, "approver").post("/rest/v1.0/projects/" + project + "/commitments", """
                {"kind": "subcontract", "number": "T-%s", "title": "Test subcontract", "vendor_id": %d, "status": "approved",
                 "line_items": [{"cost_code": "03-300", "cost_type": "S", "description": "Walls", "amount": 1000.00},
                                {"cost_code": "09-250", "cost_type": "M", "description": "Board", "amount": 500}]}"""
                .formatted(UUID.randomUUID().toString().substring(0, 8), vendor));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("grand_total").decimalValue()).isEqualByComparingTo("1500");
        return r.json();
    }

    private Response create(String login, long commitment, String lines) {
        return TestApi.as(port, login).post(ccos, """
                {"commitment_id": %d, "title": "Extra work", "change_date": "2026-03-01", "description": "why",
                 "line_items": %s}""".formatted(commitment, lines));
    }

    @Test
    void concurrentCreatesGetConsecutiveNumbersPerCommitment() throws Exception {
        long commitment = newCommitment().get("id").asLong();
        var pool = Executors.newFixedThreadPool(4);
        List<Future<Response>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(pool.submit((Callable<Response>) () -> create("pm", commitment, "[{\"amount\": 10}]")));
        }
        List<String> numbers = new ArrayList<>();
        for (Future<Response> f : results) {
            Response r = f.get();
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            numbers.add(r.json().get("number").asString());
        }
        pool.shutdown();
        assertThat(numbers).containsExactlyInAnyOrder("001", "002", "003", "004");
        Response list = TestApi.as(port, "pm").get(ccos + "?commitment_id=" + commitment);
        assertThat(list.json().size()).isEqualTo(4);
    }

    @Test
    void lifecycleDeleteOnlyDraftApprovedLinesFixedEverythingAudited() {
        JsonNode commitment = newCommitment();
        long sovLine = commitment.get("line_items").get(0).get("id").asLong();
        Response created = create("accountant", commitment.get("id").asLong(), """
                [{"commitment_line_item_id": %d, "description": "more walls", "quantity": 3, "unit_cost": 12.5}]"""
                .formatted(sovLine));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode cco = created.json();
        assertThat(cco.get("status").asString()).isEqualTo("draft");
        assertThat(cco.get("number").asString()).isEqualTo("001");
        JsonNode line = cco.get("line_items").get(0);
        assertThat(line.get("amount").decimalValue()).isEqualByComparingTo("37.50");
        assertThat(line.get("cost_code").asString()).isEqualTo("03-300");
        assertThat(line.get("cost_type").asString()).isEqualTo("S");
        assertThat(cco.get("grand_total").decimalValue()).isEqualByComparingTo("37.50");
        assertThat(cco.get("erp").get("state").asString()).isEqualTo("not_sent");
        String path = ccos + "/" + cco.get("id").asLong();

        // Standard moves Draft -> Pending but may not approve or delete
        assertThat(TestApi.as(port, "accountant").patch(path, "{\"status\": \"pending\"}").status()).isEqualTo(200);
        Response standardApproves = TestApi.as(port, "accountant").patch(path, "{\"status\": \"approved\"}");
        assertThat(standardApproves.status()).isEqualTo(403);
        assertThat(standardApproves.message()).contains("'Admin'");
        assertThat(TestApi.as(port, "pm").patch(path, "{\"status\": \"approved\"}").status()).isEqualTo(200);

        Response editApproved = TestApi.as(port, "pm").patch(path, "{\"line_items\": [{\"amount\": 1}]}");
        assertThat(editApproved.status()).isEqualTo(409);
        assertThat(editApproved.message()).contains("Approved").contains("fixed");
        Response deleteApproved = TestApi.as(port, "pm").delete(path);
        assertThat(deleteApproved.status()).isEqualTo(409);
        assertThat(deleteApproved.message()).startsWith("Only a Draft CCO can be deleted");
        assertThat(TestApi.as(port, "pm").get(path).json().get("line_items").get(0).get("amount").decimalValue())
                .isEqualByComparingTo("37.50");

        assertThat(TestApi.as(port, "pm").patch(path, "{\"status\": \"draft\"}").status()).isEqualTo(200);
        Response edited = TestApi.as(port, "pm").patch(path, "{\"title\": \"Corrected\", \"line_items\": [{\"amount\": 40}]}");
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.json().get("grand_total").decimalValue()).isEqualByComparingTo("40");
        assertThat(TestApi.as(port, "accountant").delete(path).status()).isEqualTo(403);
        assertThat(TestApi.as(port, "pm").delete(path).status()).isEqualTo(204);
        assertThat(TestApi.as(port, "pm").get(path).status()).isEqualTo(404);

        assertThat(jdbc.sql("""
                select action from audit_event where record_type = 'commitment_change_order' and record_id = :id order by id""")
                .param("id", cco.get("id").asLong()).query(String.class).list())
                .containsExactly("cco.created", "cco.status_changed", "cco.status_changed", "cco.status_changed",
                        "cco.updated", "cco.deleted");
        String deleted = jdbc.sql("""
                select cast(before_state as text) from audit_event
                where action = 'cco.deleted' and record_id = :id""").param("id", cco.get("id").asLong())
                .query(String.class).single();
        assertThat(deleted).contains("Corrected");
    }

    @Test
    void aLockedCcoRefusesChangesAndDeletionWithTheReason() {
        // any synced CCO of the project (other tests may have unlinked the demo's first one)
        var linked = jdbc.sql("""
                select o.id from commitment_change_order o join erp_link l on l.cco_id = o.id
                where o.project_id = :p order by o.id limit 1""").param("p", project).query(Long.class).optional();
        Assumptions.assumeTrue(linked.isPresent(), "no synced CCO left in the demo project");
        long synced = linked.get();
        var reason = erpState.lockReason(ChangeOrders.RECORD_TYPE, synced);
        Assumptions.assumeTrue(reason.isPresent(), "the ERP Integrations tool's ErpRecordState is not in place yet");
        String before = TestApi.as(port, "approver").get(ccos + "/" + synced).body();
        Response patch = TestApi.as(port, "approver").patch(ccos + "/" + synced, "{\"status\": \"draft\"}");
        assertThat(patch.status()).isEqualTo(409);
        assertThat(patch.message()).isEqualTo(reason.get());
        Response delete = TestApi.as(port, "approver").delete(ccos + "/" + synced);
        assertThat(delete.status()).isEqualTo(409);
        assertThat(TestApi.as(port, "approver").get(ccos + "/" + synced).body()).isEqualTo(before);
    }

    @Test
    void badInputIsA400WithAMessageAndWritesNothing() {
        JsonNode commitment = newCommitment();
        long id = commitment.get("id").asLong();
        long otherCommitmentsLine = jdbc.sql("""
                select l.id from commitment_line l join commitment c on c.id = l.commitment_id
                where c.project_id = :p and c.number = 'PO-001'""").param("p", project).query(Long.class).single();
        long ccoRows = count("commitment_change_order");
        long lineRows = count("cco_line_item");
        long events = count("audit_event");
        TestApi pm = TestApi.as(port, "pm");
        String ok = "{\"commitment_id\": " + id + ", \"title\": \"T\", \"line_items\": [{\"amount\": 1}]}";
        assertThat(pm.post(ccos, ok.replace("\"T\"", "\"T\" ,,")).status()).isEqualTo(400);
        assertBad(pm.post(ccos, "{\"commitment_id\": " + id + ", \"title\": \"T\""));
        assertBad(pm.post(ccos, ok.replace("\"title\"", "\"colour\": 1, \"title\"")));
        assertBad(pm.post(ccos, ok.replace("\"T\"", "42.5e999")));
        assertBad(pm.post(ccos, ok.replace(String.valueOf(id), "\"abc\"")));
        assertBad(pm.post(ccos, ok.replace("\"T\"", "\"" + "t".repeat(256) + "\"")));
        assertBad(pm.post(ccos, ok.replace("\"T\"", "\"   \"")));
        assertBad(pm.post(ccos, ok.replace("\"title\": \"T\"", "\"title\": \"T\", \"description\": \"" + "d".repeat(4001) + "\"")));
        assertBad(pm.post(ccos, ok.replace("\"amount\": 1", "\"amount\": 10000000000000.00")));
        assertBad(pm.post(ccos, ok.replace("\"amount\": 1", "\"amount\": 1.001")));
        assertBad(pm.post(ccos, ok.replace("\"amount\": 1", "\"quantity\": 2, \"unit_cost\": 3, \"amount\": 7")));
        assertBad(pm.post(ccos, ok.replace("\"amount\": 1", "\"amount\": 1, \"cost_code\": \"00-000\"")));
        assertBad(pm.post(ccos, ok.replace("\"amount\": 1", "\"amount\": 1, \"cost_type\": \"Z\"")));
        assertBad(pm.post(ccos, ok.replace("\"amount\": 1", "\"amount\": 1, \"commitment_line_item_id\": " + otherCommitmentsLine)));
        assertBad(pm.post(ccos, ok.replace("\"amount\": 1", "\"amount\": 1, \"commitment_line_item_id\": -4")));
        assertBad(pm.post(ccos, ok.replace(String.valueOf(id), "-7")));
        assertBad(pm.post(ccos, ok.replace("\"title\": \"T\"", "\"title\": \"T\", \"change_date\": \"yesterday\"")));
        assertBad(pm.get(ccos + "/abc"));
        assertThat(pm.get(ccos + "/-5").status()).isEqualTo(404);
        assertThat(pm.get("/rest/v1.0/projects/-1/commitment_change_orders").status()).isEqualTo(404);
        assertThat(pm.get("/rest/v1.0/projects/0/commitments").status()).isEqualTo(404);
        assertThat(count("commitment_change_order")).isEqualTo(ccoRows);
        assertThat(count("cco_line_item")).isEqualTo(lineRows);
        assertThat(count("audit_event")).isEqualTo(events);
    }

    @Test
    void readersAndWriters() {
        // pm reads (Commitments Admin); the operator manages the platform, not company records (403, said so);
        // Commitments Standard (accountant) cannot create commitments
        assertThat(TestApi.as(port, "pm").get(ccos).status()).isEqualTo(200);
        assertThat(TestApi.as(port, "operator").get(ccos).status()).isEqualTo(403);
        assertThat(TestApi.as(port, "operator").get(ccos).message()).contains("platform operator");
        assertThat(TestApi.as(port, "operator").post(ccos, "{\"commitment_id\": 1, \"title\": \"T\"}").status())
                .isEqualTo(403);
        Response accountantCommitment = TestApi.as(port, "accountant").post("/rest/v1.0/projects/" + project + "/commitments",
                "{\"kind\": \"subcontract\", \"number\": \"NOPE\", \"title\": \"T\", \"vendor_id\": " + vendor + "}");
        assertThat(accountantCommitment.status()).isEqualTo(403);
        JsonNode list = TestApi.as(port, "accountant").get("/rest/v1.0/projects?company_id="
                + jdbc.sql("select company_id from project where id = :p").param("p", project).query(Long.class).single()).json();
        assertThat(list.size()).isEqualTo(2);
    }

    private static void assertBad(Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.message()).isNotBlank();
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }
}
