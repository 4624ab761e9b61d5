package com.crosswalk.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.TestApi;
import com.crosswalk.TestApi.Response;
import com.crosswalk.TestJobs;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import com.crosswalk.acumatica.emulator.store.Snapshots.ChangeOrderSnapshot;
import com.crosswalk.acumatica.emulator.store.Snapshots.CostBudgetLine;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Budget changes through REST and the one sync lifecycle, against the Acumatica emulator over HTTP: the change order
 * Acumatica holds has exactly the cost budget lines the budget change shows (and no commitment lines), released; the
 * budget view counts an approved change once, before and after the re-import; a refused export corrected and sent
 * again ends equal; unlink is red while the change order is there and green once it is reversed, then the change is
 * deleted, re-entered and exported again; bad input is refused (4xx) and changes nothing.
 */
@IntegrationTest
class BudgetChangeExportTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AcumaticaEmulator emu;

    long company;
    long project;
    String base;

    @BeforeEach
    void riverside() {
        company = jdbc.sql("select id from company where name = 'Summit Ridge Builders'").query(Long.class).single();
        project = jdbc.sql("select id from project where company_id = :c and number = '1001'").param("c", company)
                .query(Long.class).single();
        base = "/rest/v1.0/projects/" + project + "/budget_changes";
    }

    private TestApi as(String login) {
        return TestApi.as(port, login);
    }

    private void importBudget() {
        TestApi api = as("approver");
        JsonNode job = TestJobs.awaitDone(api, api.post("/rest/v1.0/projects/" + project + "/budget/import", null));
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("finished");
    }

    private JsonNode create(String body) {
        Response r = as("approver").post(base, body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    private void approve(long id) {
        Response a = as("approver").post(base + "/" + id + "/approve", null);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.json().get("status").asString()).isEqualTo("approved");
    }

    private String erpPath(long id, String action) {
        return "/rest/v1.0/companies/" + company + "/erp/budget_changes/" + id + "/" + action;
    }

    /** Send to ERP, Accept, and wait for the background export: synced (its change order's RefNbr) or failed (null). */
    private String sendAcceptWait(long id) throws InterruptedException {
        Response sent = as("approver").post(base + "/" + id + "/send_to_erp", null);
        assertThat(sent.status()).as(sent.body()).isBetween(200, 299);
        Response accepted = as("approver").post(erpPath(id, "accept"), null);
        assertThat(accepted.status()).as(accepted.body()).isBetween(200, 299);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            String state = jdbc.sql("select state from erp_export where budget_change_id = :id").param("id", id)
                    .query(String.class).optional().orElse(null);
            if ("synced".equals(state)) {
                return jdbc.sql("select erp_key from erp_link where budget_change_id = :id").param("id", id)
                        .query(String.class).single();
            }
            if ("failed".equals(state)) {
                return null;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("export did not finish");
    }

    /** The change order's cost budget lines as "task group costcode amount description", sorted. */
    private static List<String> erpLines(ChangeOrderSnapshot co) {
        List<String> out = new ArrayList<>();
        for (CostBudgetLine l : co.costBudget()) {
            out.add(l.projectTaskId() + " " + l.accountGroup() + " " + l.costCode() + " "
                    + l.amount().setScale(2).toPlainString() + " " + l.description());
        }
        return out.stream().sorted().toList();
    }

    /** What we show of a budget change's lines, in the same words (the line's description, else the change's title). */
    private static List<String> ourLines(JsonNode change) {
        List<String> out = new ArrayList<>();
        for (JsonNode l : change.get("lines")) {
            String d = l.get("description").asString();
            out.add(l.get("project_task").asString() + " " + l.get("account_group").asString() + " "
                    + l.get("cost_code").asString() + " " + l.get("amount").decimalValue().setScale(2).toPlainString() + " "
                    + (d.isBlank() ? change.get("title").asString() : d));
        }
        return out.stream().sorted().toList();
    }

    private ChangeOrderSnapshot changeOrder(String ref) {
        return emu.store().changeOrder(ref).orElseThrow();
    }

    private BigDecimal approvedChanges(String costCode, String costType) {
        JsonNode view = as("pm").get("/rest/v1.0/projects/" + project + "/budget").json();
        JsonNode row = BudgetImportTest.row(view, costCode, costType);
        assertThat(BudgetImportTest.dec(row, "revised_budget")).isEqualByComparingTo(
                BudgetImportTest.dec(row, "original_budget").add(BudgetImportTest.dec(row, "approved_changes")));
        return BudgetImportTest.dec(row, "approved_changes");
    }

    @Test
    void theExportedChangeOrderHoldsTheLinesWeShowAndTheBudgetCountsThemOnce() throws Exception {
        importBudget();
        BigDecimal electricalBefore = approvedChanges("26-050", "S");
        BigDecimal laborBefore = approvedChanges("01-100", "L");
        JsonNode draft = create("""
                {"title": "Added feeders", "description": "Owner request 14", "change_date": "2026-03-02",
                 "lines": [{"cost_code": "26-050", "cost_type": "S", "project_task": "01", "description": "Feeders",
                            "amount": 15000.50},
                           {"cost_code": "01-100", "cost_type": "L", "amount": -2500}]}""");
        long id = draft.get("id").asLong();
        assertThat(draft.get("status").asString()).isEqualTo("draft");
        assertThat(draft.get("total").decimalValue()).isEqualByComparingTo("12500.50");
        // a draft is not an approved change
        assertThat(approvedChanges("26-050", "S")).isEqualByComparingTo(electricalBefore);
        approve(id);
        // approved: counted at once, before any export
        assertThat(approvedChanges("26-050", "S")).isEqualByComparingTo(electricalBefore.add(new BigDecimal("15000.50")));
        assertThat(approvedChanges("01-100", "L")).isEqualByComparingTo(laborBefore.add(new BigDecimal("-2500")));

        long before = emu.stats().totalRequests();
        String ref = sendAcceptWait(id);
        long requests = emu.stats().totalRequests() - before;
        assertThat(ref).as(jdbc.sql("select last_error from erp_export where budget_change_id = :id").param("id", id)
                .query(String.class).optional().orElse("")).isNotNull();
        System.out.println("ERP requests for one budget change export: " + requests);

        JsonNode shown = as("approver").get(base + "/" + id).json();
        assertThat(shown.get("erp").get("state").asString()).isEqualTo("synced");
        assertThat(shown.get("erp").get("erp_key").asString()).isEqualTo(ref);
        ChangeOrderSnapshot co = changeOrder(ref);
        assertThat(co.status()).isEqualTo("Closed");
        assertThat(co.projectId()).isEqualTo("RIVERSIDE");
        assertThat(co.externalRefNbr()).isEqualTo(jdbc.sql("select external_ref from erp_export where budget_change_id = :id")
                .param("id", id).query(String.class).single());
        assertThat(co.description()).isEqualTo("Budget change " + shown.get("number").asString() + " Added feeders");
        assertThat(co.commitments()).isEmpty();
        // the task of the second line came from the imported budget (01-100 labor is on task 01 first)
        assertThat(erpLines(co)).containsExactly(
                "01 LABOR 01-100 -2500.00 Added feeders",
                "01 SUBCON 26-050 15000.50 Feeders");
        assertThat(erpLines(co)).isEqualTo(ourLines(shown));

        // synced, not yet re-imported: still counted once (ours); re-imported: the ERP's Budgeted CO, still once
        assertThat(approvedChanges("26-050", "S")).isEqualByComparingTo(electricalBefore.add(new BigDecimal("15000.50")));
        importBudget();
        assertThat(approvedChanges("26-050", "S")).isEqualByComparingTo(electricalBefore.add(new BigDecimal("15000.50")));
        assertThat(approvedChanges("01-100", "L")).isEqualByComparingTo(laborBefore.add(new BigDecimal("-2500")));

        // synced: locked
        Response edit = as("approver").patch(base + "/" + id, "{\"status\": \"draft\"}");
        assertThat(edit.status()).isEqualTo(409);
        assertThat(as("approver").delete(base + "/" + id).status()).isEqualTo(409);
        // and listed in the ERP Integrations tool's synced view
        JsonNode synced = as("approver").get("/rest/v1.0/companies/" + company + "/erp/budget_changes?view=synced&search="
                + "feeders").json();
        assertThat(synced.valueStream().anyMatch(r -> r.get("id").asLong() == id && ref.equals(r.get("erp_key").asString())))
                .as(synced.toString()).isTrue();
    }

    @Test
    void aRefusedExportCorrectedAndSentAgainEndsEqual() throws Exception {
        JsonNode draft = create("""
                {"title": "Steel connections", "lines": [{"cost_code": "05-120", "cost_type": "M", "project_task": "99",
                 "amount": 4200}]}""");
        long id = draft.get("id").asLong();
        approve(id);
        assertThat(sendAcceptWait(id)).isNull();
        String error = jdbc.sql("select last_error from erp_export where budget_change_id = :id").param("id", id)
                .query(String.class).single();
        assertThat(error).contains("99");
        String firstRef = jdbc.sql("select external_ref from erp_export where budget_change_id = :id").param("id", id)
                .query(String.class).single();
        Response rejected = as("approver").post(erpPath(id, "reject"), "{\"reason\": \"Task 99 does not exist\"}");
        assertThat(rejected.status()).as(rejected.body()).isBetween(200, 299);
        // correct: back to Draft, the right task, approve again, send again
        Response back = as("approver").patch(base + "/" + id, """
                {"status": "draft", "lines": [{"cost_code": "05-120", "cost_type": "M", "project_task": "01",
                 "description": "Moment connections", "amount": 4200}]}""");
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        approve(id);
        String ref = sendAcceptWait(id);
        assertThat(ref).isNotNull();
        JsonNode shown = as("approver").get(base + "/" + id).json();
        ChangeOrderSnapshot co = changeOrder(ref);
        assertThat(co.status()).isEqualTo("Closed");
        assertThat(erpLines(co)).containsExactly("01 MATERIAL 05-120 4200.00 Moment connections");
        assertThat(erpLines(co)).isEqualTo(ourLines(shown));
        // nothing of the refused attempt is left in Acumatica
        assertThat(emu.store().changeOrdersByExternalRef(firstRef)).isEmpty();
    }

    @Test
    void unlinkIsRedWhileTheChangeOrderIsThereAndGreenOnceReversedThenItIsEnteredAgain() throws Exception {
        String body = """
                {"title": "Gypsum rework", "lines": [{"cost_code": "09-250", "cost_type": "S", "project_task": "01",
                 "amount": 7300.25}]}""";
        long id = create(body).get("id").asLong();
        approve(id);
        String ref = sendAcceptWait(id);
        assertThat(ref).isNotNull();

        Response red = as("approver").post(erpPath(id, "unlink"), null);
        assertThat(red.status()).isEqualTo(409);
        assertThat(red.json().get("message").asString())
                .isEqualTo("The budget change is still in Acumatica. Please delete it before retrying");
        String reversing = emu.store().reverse(ref);
        assertThat(as("approver").post(erpPath(id, "unlink"), null).status()).as("reversal not released yet").isEqualTo(409);
        emu.store().removeHold(reversing);
        emu.store().release(reversing);
        assertThat(erpLines(changeOrder(reversing))).containsExactly("01 SUBCON 09-250 -7300.25 Gypsum rework");
        Response green = as("approver").post(erpPath(id, "unlink"), null);
        assertThat(green.status()).as(green.body()).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from erp_link where budget_change_id = :id").param("id", id).query(Long.class)
                .single()).isZero();

        // delete, re-enter, export again: a new change order, the reversed one not adopted
        assertThat(as("approver").delete(base + "/" + id).status()).isEqualTo(204);
        assertThat(as("approver").get(base + "/" + id).status()).isEqualTo(404);
        long again = create(body).get("id").asLong();
        approve(again);
        String fresh = sendAcceptWait(again);
        assertThat(fresh).isNotNull().isNotEqualTo(ref);
        assertThat(changeOrder(fresh).status()).isEqualTo("Closed");
        assertThat(changeOrder(fresh).reverseStatus()).isEqualTo("None");
        assertThat(erpLines(changeOrder(fresh))).containsExactly("01 SUBCON 09-250 7300.25 Gypsum rework");
        assertThat(changeOrder(ref).reverseStatus()).isEqualTo("Reversed");
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        long count = jdbc.sql("select count(*) from budget_change").query(Long.class).single();
        long lines = jdbc.sql("select count(*) from budget_change_line").query(Long.class).single();
        for (String bad : List.of(
                "{\"lines\": []}",
                "{\"title\": \"  \", \"lines\": []}",
                "{\"title\": \"x\", \"lines\": [{\"cost_code\": \"NOPE\", \"cost_type\": \"S\", \"amount\": 1}]}",
                "{\"title\": \"x\", \"lines\": [{\"cost_code\": \"03-300\", \"cost_type\": \"ZZ\", \"amount\": 1}]}",
                "{\"title\": \"x\", \"lines\": [{\"cost_code\": \"03-300\", \"cost_type\": \"S\", \"amount\": 0}]}",
                "{\"title\": \"x\", \"lines\": [{\"cost_code\": \"03-300\", \"cost_type\": \"S\", \"amount\": 1.005}]}",
                "{\"title\": \"x\", \"lines\": [{\"cost_code\": \"03-300\", \"cost_type\": \"S\", \"amount\": \"abc\"}]}",
                "{\"title\": \"x\", \"lines\": [{\"cost_code\": \"03-300\", \"cost_type\": \"S\", \"amount\": 1e20}]}",
                "{\"title\": \"x\", \"lines\": [{\"cost_code\": \"03-300\", \"cost_type\": \"S\"}]}",
                "{\"title\": \"x\", \"change_date\": \"2026-02-30\"}",
                "[1, 2]")) {
            Response r = as("approver").post(base, bad);
            assertThat(r.status()).as(bad + " → " + r.body()).isBetween(400, 499);
        }
        // a draft with no lines cannot be approved; an approved change's content is fixed; status only "draft"
        long id = create("{\"title\": \"Empty for now\"}").get("id").asLong();
        assertThat(as("approver").post(base + "/" + id + "/approve", null).status()).isEqualTo(409);
        assertThat(as("approver").patch(base + "/" + id, "{\"status\": \"approved\"}").status()).isEqualTo(400);
        // who: Commitments Standard cannot approve; another company's project is not found (nor written)
        assertThat(as("nw_admin").post(base, "{\"title\": \"x\"}").status()).isEqualTo(404);
        assertThat(as("accountant").post(base + "/" + id + "/approve", null).status()).isEqualTo(403);
        long other = jdbc.sql("select p.id from project p join company c on c.id = p.company_id where c.name <> 'Summit Ridge Builders' "
                + "order by p.id limit 1").query(Long.class).single();
        assertThat(as("approver").get("/rest/v1.0/projects/" + other + "/budget_changes").status()).isEqualTo(404);
        assertThat(as("approver").get(base + "/999999999").status()).isEqualTo(404);
        // a draft cannot be sent: 409 naming why
        Response send = as("approver").post(base + "/" + id + "/send_to_erp", null);
        assertThat(send.status()).isEqualTo(409);
        assertThat(send.json().get("message").asString()).contains("not Approved").contains("no lines");
        assertThat(as("approver").delete(base + "/" + id).status()).isEqualTo(204);
        assertThat(jdbc.sql("select count(*) from budget_change").query(Long.class).single()).isEqualTo(count);
        assertThat(jdbc.sql("select count(*) from budget_change_line").query(Long.class).single()).isEqualTo(lines);
    }
}
