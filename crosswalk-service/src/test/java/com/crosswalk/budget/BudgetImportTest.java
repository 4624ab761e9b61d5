package com.crosswalk.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.TestApi;
import com.crosswalk.TestJobs;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import com.crosswalk.acumatica.emulator.store.DemoData;
import com.crosswalk.acumatica.emulator.store.Store;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Importing a project's budget and costs from the emulated Acumatica, the budget view, its CSV and the schedule. */
@IntegrationTest
class BudgetImportTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AcumaticaEmulator emulator;
    @Autowired
    BudgetImports imports;

    long project(String number) {
        return jdbc.sql("select p.id from project p join company c on c.id = p.company_id where c.name = 'Summit Ridge Builders' and p.number = ?")
                .params(number).query(Long.class).single();
    }

    JsonNode importNow(TestApi api, long project) {
        JsonNode job = TestJobs.awaitDone(api, api.post("/rest/v1.0/projects/" + project + "/budget/import", null));
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("finished");
        return job;
    }

    static JsonNode row(JsonNode view, String costCode, String costType) {
        for (JsonNode r : view.get("rows")) {
            if (costCode.equals(r.get("cost_code").asString()) && costType.equals(r.get("cost_type").asString())) {
                return r;
            }
        }
        throw new AssertionError("no row " + costCode + "/" + costType + " in " + view);
    }

    static BigDecimal dec(JsonNode n, String f) {
        return n.get(f).decimalValue();
    }

    @Test
    void importTwiceChangesNothingAndTheFiguresAreAcumaticasBesideOurs() {
        TestApi approver = TestApi.as(port, "approver");
        long riverside = project("1001");
        importNow(approver, riverside);
        JsonNode second = importNow(approver, riverside);
        assertThat(second.get("summary").asString()).contains("no change since the last import");
        JsonNode imports = approver.get("/rest/v1.0/projects/" + riverside + "/budget/imports").json();
        assertThat(imports.get(0).get("changes").asInt()).isZero();
        assertThat(imports.get(0).get("lines").asInt()).isEqualTo(6);

        JsonNode view = TestApi.as(port, "pm").get("/rest/v1.0/projects/" + riverside + "/budget").json();
        JsonNode concrete = row(view, "03-300", "S");
        // Acumatica: original 360,000, no budget change orders; actual 210,000 of AP bills
        assertThat(dec(concrete, "original_budget")).isEqualByComparingTo("360000");
        assertThat(dec(concrete, "revised_budget")).isEqualByComparingTo("360000");
        assertThat(dec(concrete, "actual")).isEqualByComparingTo("210000");
        // ours: the demo's SC-001 370,000, approved CCOs 001 + 002 + 003 = 27,450, draft CCO 004 1,450 pending — and
        // whatever tests that ran before in this JVM added on the same cost code (summed here by SQL of the test's own)
        BigDecimal commitments = ours("""
                select coalesce(sum(l.amount), 0) from commitment_line l join commitment c on c.id = l.commitment_id
                join cost_code cc on cc.id = l.cost_code_id join cost_type ct on ct.id = l.cost_type_id
                where c.project_id = :p and c.status in ('approved', 'complete') and cc.code = '03-300' and ct.code = 'S'""",
                riverside);
        BigDecimal approvedCcos = ccos(riverside, "'approved'");
        BigDecimal pending = ccos(riverside, "'draft', 'pending'");
        assertThat(commitments).isGreaterThanOrEqualTo(new BigDecimal("370000"));
        assertThat(approvedCcos).isGreaterThanOrEqualTo(new BigDecimal("27450"));
        assertThat(dec(concrete, "commitments")).isEqualByComparingTo(commitments);
        assertThat(dec(concrete, "approved_ccos")).isEqualByComparingTo(approvedCcos);
        assertThat(dec(concrete, "committed")).isEqualByComparingTo(commitments.add(approvedCcos));
        assertThat(dec(concrete, "pending_changes")).isEqualByComparingTo(pending);
        BigDecimal projected = commitments.add(approvedCcos).add(pending).max(new BigDecimal("210000"));
        assertThat(dec(concrete, "projected_final_cost")).isEqualByComparingTo(projected);
        assertThat(dec(concrete, "over_under")).isEqualByComparingTo(new BigDecimal("360000").subtract(projected));
        assertThat(concrete.get("over_budget").asBoolean()).isTrue();
        assertThat(concrete.get("cost_code_description").asString()).isEqualTo("Cast-in-Place Concrete");
        assertThat(concrete.get("cost_type_name").asString()).isEqualTo("Subcontract");
        // labor of tasks 01 and 02 in one row
        assertThat(dec(row(view, "01-100", "L"), "original_budget")).isEqualByComparingTo("190000");
        assertThat(dec(view.get("totals"), "original_budget")).isEqualByComparingTo("1375000");

        JsonNode over = approver.get("/rest/v1.0/projects/" + riverside + "/budget?over_budget=true").json();
        assertThat(over.get("rows").valueStream().allMatch(r -> r.get("over_budget").asBoolean())).isTrue();
        assertThat(over.get("rows").size()).isBetween(1, view.get("rows").size() - 1);
        JsonNode filtered = approver.get("/rest/v1.0/projects/" + riverside + "/budget?cost_code=03&cost_type=S").json();
        assertThat(filtered.get("rows")).hasSize(1);
        assertThat(dec(filtered.get("totals"), "committed")).isEqualByComparingTo(commitments.add(approvedCcos));

        JsonNode costs = approver.get("/rest/v1.0/projects/" + riverside + "/budget/costs?cost_code=03-300").json();
        assertThat(costs).hasSize(3);
        assertThat(costs.get(0).get("vendor").asString()).isEqualTo("APEXCON");
        assertThat(costs.get(0).get("document").asString()).isEqualTo("Bill 000113");
        JsonNode overTime = approver.get("/rest/v1.0/projects/" + riverside + "/budget/cost_over_time").json();
        assertThat(overTime.get(overTime.size() - 1).get("cumulative").decimalValue()).isEqualByComparingTo(dec(view.get("totals"), "actual"));

        // another company's project: 404; bad input: 400
        assertThat(TestApi.as(port, "nw_admin").get("/rest/v1.0/projects/" + riverside + "/budget").status()).isEqualTo(404);
        assertThat(approver.get("/rest/v1.0/projects/" + riverside + "/budget?over_budget=maybe").status()).isEqualTo(400);
        // a pm (ERP Integrations Read Only) may look but not import
        assertThat(TestApi.as(port, "pm").post("/rest/v1.0/projects/" + riverside + "/budget/import", null).status()).isEqualTo(403);
    }

    @Test
    void aChangeInAcumaticaShowsInTheReImport() {
        TestApi approver = TestApi.as(port, "approver");
        long harbor = project("1002");
        importNow(approver, harbor);
        // in Acumatica: the Harbor labor budget raised, and a new released cost
        com.fasterxml.jackson.databind.JsonNode line = emulator.store()
                .list("ProjectBudget", "ProjectID eq 'HARBOR' and CostCode eq '01-100'", null, null, null, null).get(0);
        com.fasterxml.jackson.databind.node.ObjectNode raise = DemoData.o("OriginalBudgetedAmount", new BigDecimal("52000.00"));
        raise.put("id", line.get("id").asText());
        emulator.store().put("ProjectBudget", raise, Store.PutMode.UPDATE, null, null);
        com.fasterxml.jackson.databind.node.ObjectNode tx = DemoData.o("Module", "PM", "Description", "Crane hire");
        tx.putArray("Details").add(DemoData.o("Project", "HARBOR", "ProjectTask", "01", "AccountGroup", "LABOR", "CostCode", "01-100",
                "Date", "2025-07-15", "Description", "Crane hire", "Amount", new BigDecimal("3500.00")));
        String ref = emulator.store().put("ProjectTransaction", tx, Store.PutMode.INSERT, null, null).path("ReferenceNbr").path("value").asText();
        emulator.store().releaseTransaction("PM", ref);

        JsonNode job = importNow(approver, harbor);
        assertThat(job.get("summary").asString()).contains("changes since the last import");
        JsonNode last = approver.get("/rest/v1.0/projects/" + harbor + "/budget/imports?limit=1").json().get(0);
        List<String> changes = last.get("change_list").valueStream()
                .map(c -> c.get("kind").asString() + " " + c.get("subject").asString() + " " + (c.get("field") == null ? "" : c.get("field").asString())
                        + " " + (c.get("old_value") == null ? "" : c.get("old_value").asString()) + " → "
                        + (c.get("new_value") == null ? "" : c.get("new_value").asString())).toList();
        assertThat(changes).contains("changed Budget task 01 · 01-100 · LABOR original budget 45000.00 → 52000.00",
                "changed Budget task 01 · 01-100 · LABOR actual 22000.00 → 25500.00");
        assertThat(changes).anyMatch(c -> c.startsWith("added Cost PM " + ref) && c.endsWith("→ 3500.00"));
        JsonNode labor = row(approver.get("/rest/v1.0/projects/" + harbor + "/budget").json(), "01-100", "L");
        assertThat(dec(labor, "original_budget")).isEqualByComparingTo("52000");
        assertThat(dec(labor, "actual")).isEqualByComparingTo("25500");
    }

    @Test
    void csvHoldsTheSameFiguresAsTheView() throws Exception {
        TestApi approver = TestApi.as(port, "approver");
        long riverside = project("1001");
        importNow(approver, riverside);
        JsonNode view = approver.get("/rest/v1.0/projects/" + riverside + "/budget").json();
        TestApi.Response csv = approver.get("/rest/v1.0/projects/" + riverside + "/budget.csv", "text/csv");
        assertThat(csv.status()).isEqualTo(200);
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv.body())).getRecords();
        assertThat(records).hasSize(view.get("rows").size() + 1);
        CSVRecord concrete = records.stream().filter(r -> r.get("Cost code").equals("03-300") && r.get("Cost type").equals("S"))
                .findFirst().orElseThrow();
        JsonNode row = row(view, "03-300", "S");
        assertThat(new BigDecimal(concrete.get("Committed"))).isEqualByComparingTo(dec(row, "committed"));
        assertThat(new BigDecimal(concrete.get("Revised budget"))).isEqualByComparingTo(dec(row, "revised_budget"));
        assertThat(new BigDecimal(concrete.get("Over/under"))).isEqualByComparingTo(dec(row, "over_under"));
        assertThat(concrete.get("Cost code description")).isEqualTo("Cast-in-Place Concrete");
        CSVRecord total = records.get(records.size() - 1);
        assertThat(total.get("Cost code")).isEqualTo("Total");
        assertThat(new BigDecimal(total.get("Actual"))).isEqualByComparingTo(dec(view.get("totals"), "actual"));
    }

    @Test
    void acceptTextCsvOnTheBudgetGivesTheSameCsvAsBudgetCsv() throws Exception {
        TestApi approver = TestApi.as(port, "approver");
        long riverside = project("1001");
        importNow(approver, riverside);
        String path = "/rest/v1.0/projects/" + riverside + "/budget";
        TestApi.Response viaAccept = approver.get(path + "?cost_code=0", "text/csv");
        TestApi.Response file = approver.get(path + ".csv?cost_code=0", "text/csv");
        assertThat(viaAccept.status()).isEqualTo(200);
        assertThat(viaAccept.json()).isNull();
        assertThat(viaAccept.body()).startsWith("Cost code,");
        assertThat(viaAccept.body()).isEqualTo(file.body());
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(viaAccept.body())).getRecords();
        JsonNode view = approver.get(path + "?cost_code=0").json();
        assertThat(records).hasSize(view.get("rows").size() + 1);
        for (int i = 0; i < view.get("rows").size(); i++) {
            JsonNode row = view.get("rows").get(i);
            assertThat(records.get(i).get("Cost code")).isEqualTo(row.get("cost_code").asString());
            assertThat(new BigDecimal(records.get(i).get("Approved budget changes"))).isEqualByComparingTo(dec(row, "approved_changes"));
            assertThat(new BigDecimal(records.get(i).get("Revised budget"))).isEqualByComparingTo(dec(row, "revised_budget"));
            assertThat(new BigDecimal(records.get(i).get("Actual"))).isEqualByComparingTo(dec(row, "actual"));
        }
        assertThat(records.get(records.size() - 1).get("Cost code")).isEqualTo("Total");
        // JSON stays the answer to JSON, a wildcard, or JSON preferred
        assertThat(approver.get(path, "application/json").json().has("rows")).isTrue();
        assertThat(approver.get(path, "*/*").json().has("rows")).isTrue();
        assertThat(approver.get(path, "application/json, text/csv;q=0.5").json().has("rows")).isTrue();
        assertThat(approver.get(path, "text/csv, application/json;q=0.5").body()).startsWith("Cost code,");
    }

    @Test
    void theScheduleIsTheCompanysAndAtLeastAQuarterHour() {
        long company = jdbc.sql("select id from company where name = 'Summit Ridge Builders'").query(Long.class).single();
        TestApi approver = TestApi.as(port, "approver");
        String path = "/rest/v1.0/companies/" + company + "/budget_schedule";
        assertThat(approver.get(path).json().get("interval_minutes").asInt()).isIn(1440, 30);
        assertThat(approver.send("PUT", path, "{\"interval_minutes\":10}").status()).isEqualTo(400);
        assertThat(TestApi.as(port, "accountant").send("PUT", path, "{\"interval_minutes\":30}").status()).isEqualTo(403);
        JsonNode set = approver.send("PUT", path, "{\"interval_minutes\":30,\"enabled\":true}").json();
        assertThat(set.get("interval_minutes").asInt()).isEqualTo(30);
        // a round queues the import of every linked project (the scheduler's task calls this)
        jdbc.sql("update budget_schedule set last_round_at = null where company_id = ?").params(company).update();
        assertThat(imports.scheduledRound()).doesNotContain(company); // first seen: its interval starts now
        jdbc.sql("update budget_schedule set last_round_at = now() - interval '31 minutes' where company_id = ?").params(company).update();
        assertThat(imports.scheduledRound()).contains(company);
        assertThat(imports.scheduledRound()).doesNotContain(company); // not due again for 30 minutes
        long jobId = jdbc.sql("select id from job where company_id = ? and kind = 'budget_import_all' order by id desc limit 1")
                .params(company).query(Long.class).single();
        JsonNode job = TestJobs.awaitDone(p -> approver.get(p).json(), "/rest/v1.0/companies/" + company + "/jobs/" + jobId,
                java.time.Duration.ofSeconds(90));
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("finished");
        assertThat(job.get("summary").asString()).matches("Imported the budgets of (\\d+) of \\1 projects from Acumatica; .*");
    }

    private BigDecimal ours(String sql, long projectId) {
        return jdbc.sql(sql).param("p", projectId).query(BigDecimal.class).single();
    }

    /** Our CCO lines on 03-300 / S of the project in these statuses. */
    private BigDecimal ccos(long projectId, String statuses) {
        return ours("""
                select coalesce(sum(li.amount), 0) from cco_line_item li join commitment_change_order co on co.id = li.cco_id
                join cost_code cc on cc.id = li.cost_code_id join cost_type ct on ct.id = li.cost_type_id
                where co.project_id = :p and cc.code = '03-300' and ct.code = 'S' and co.status in (""" + statuses + ")",
                projectId);
    }
}
