package com.crosswalk.acumatica.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ProjectBudget (PM309000 / PM301000 Cost Budget tab) and ProjectTransaction (PM304000) over HTTP; README fidelity rows 70–77. */
class ProjectBudgetTest {
    AcumaticaEmulator emu;
    Api api;

    @BeforeEach
    void start() {
        emu = AcumaticaEmulator.start(EmulatorConfig.defaults().withPort(0).withDemo(true));
        api = new Api(emu);
        api.login();
    }

    @AfterEach
    void stop() {
        assertThat(emu.contractViolations()).isEmpty();
        emu.close();
    }

    JsonNode line(String project, String task, String costCode) {
        JsonNode list = api.get("ProjectBudget?$filter=" + Api.enc("ProjectID eq '" + project + "' and ProjectTaskID eq '" + task
                + "' and CostCode eq '" + costCode + "'")).json();
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    static String dec(JsonNode n, String f) {
        return n.at("/" + f + "/value").decimalValue().stripTrailingZeros().toPlainString();
    }

    @Test
    void demoBudgetIsComputedFromCommitmentsChangeOrdersAndReleasedTransactions() {
        JsonNode all = api.get("ProjectBudget?$filter=" + Api.enc("ProjectID eq 'RIVERSIDE'")).json();
        assertThat(all).hasSize(6);
        JsonNode concrete = line("RIVERSIDE", "01", "03-300");
        assertThat(concrete.at("/InventoryID/value").asText()).isEqualTo("N/A");
        assertThat(concrete.at("/AccountGroup/value").asText()).isEqualTo("SUBCON");
        assertThat(dec(concrete, "OriginalBudgetedAmount")).isEqualTo("360000");
        assertThat(dec(concrete, "BudgetedCOAmount")).isEqualTo("0");
        assertThat(dec(concrete, "RevisedBudgetedAmount")).isEqualTo("360000");
        // SC0001: 250,000 + 120,000, plus the released change order 000001's 12,500
        assertThat(dec(concrete, "RevisedCommittedAmount")).isEqualTo("382500");
        assertThat(dec(concrete, "CommittedCOAmount")).isEqualTo("12500");
        assertThat(dec(concrete, "OriginalCommittedAmount")).isEqualTo("370000");
        assertThat(dec(concrete, "ActualAmount")).isEqualTo("210000");
        assertThat(dec(concrete, "CommittedInvoicedAmount")).isEqualTo("210000");
        assertThat(dec(concrete, "CommittedOpenAmount")).isEqualTo("172500");
        assertThat(dec(concrete, "ActualPlusOpenCommittedAmount")).isEqualTo("382500");
        assertThat(dec(concrete, "VarianceAmount")).isEqualTo("-22500"); // over budget
        assertThat(dec(concrete, "CostToComplete")).isEqualTo("150000");
        JsonNode gypsum = line("RIVERSIDE", "01", "09-250");
        assertThat(dec(gypsum, "ActualAmount")).isEqualTo("91500");
        assertThat(dec(gypsum, "VarianceAmount")).isEqualTo("-6500");
        assertThat(dec(gypsum, "Performance")).isEqualTo("107.65");
        // computed fields can be filtered on
        assertThat(api.get("ProjectBudget?$filter=" + Api.enc("VarianceAmount lt 0")).json()).hasSize(4);
    }

    @Test
    void computedFieldsAreReadOnlyAndLastCostToCompleteKeepsThePreviousValue() {
        JsonNode l = line("RIVERSIDE", "01", "26-050");
        String body = "{\"id\":\"" + l.get("id").asText() + "\",\"RevisedBudgetedAmount\":{\"value\":1},\"ActualAmount\":{\"value\":1},"
                + "\"OriginalBudgetedAmount\":{\"value\":250000},\"CostToComplete\":{\"value\":170000}}";
        Api.Res r = api.put("ProjectBudget", body);
        assertThat(r.status()).isEqualTo(200);
        assertThat(dec(r.json(), "RevisedBudgetedAmount")).isEqualTo("250000");
        assertThat(dec(r.json(), "ActualAmount")).isEqualTo("60000");
        assertThat(dec(r.json(), "CostToComplete")).isEqualTo("170000");
        assertThat(dec(r.json(), "LastCostToComplete")).isEqualTo("180000");
    }

    @Test
    void releasedCostBudgetLinesReviseTheBudgetAndTheirReversalTakesItBack() {
        String co = "{\"ProjectID\":{\"value\":\"RIVERSIDE\"},\"Class\":{\"value\":\"BUDGET\"},\"Description\":{\"value\":\"Deeper footings\"},"
                + "\"CostBudget\":[{\"ProjectTaskID\":{\"value\":\"01\"},\"AccountGroup\":{\"value\":\"SUBCON\"},\"CostCode\":{\"value\":\"03-300\"},"
                + "\"Amount\":{\"value\":15000},\"Description\":{\"value\":\"Deeper footings\"}}]}";
        Api.Res put = api.put("ChangeOrder?$expand=CostBudget", co);
        assertThat(put.status()).isEqualTo(200);
        assertThat(dec(put.json(), "CostBudgetChangeTotal")).isEqualTo("15000");
        String ref = put.json().at("/RefNbr/value").asText();
        assertThat(dec(line("RIVERSIDE", "01", "03-300"), "BudgetedCOAmount")).isEqualTo("0"); // not released yet
        assertThat(api.post("ChangeOrder/RemoveChangeOrderFromHold", Api.coRef(ref)).status()).isEqualTo(204);
        assertThat(api.post("ChangeOrder/ReleaseChangeOrder", Api.coRef(ref)).status()).isEqualTo(204);
        JsonNode after = line("RIVERSIDE", "01", "03-300");
        assertThat(dec(after, "BudgetedCOAmount")).isEqualTo("15000");
        assertThat(dec(after, "RevisedBudgetedAmount")).isEqualTo("375000");
        assertThat(dec(after, "OriginalBudgetedAmount")).isEqualTo("360000");

        String rev = emu.store().reverse(ref);
        JsonNode reversing = api.get("ChangeOrder/" + rev + "?$expand=CostBudget").json();
        assertThat(dec(reversing.get("CostBudget").get(0), "Amount")).isEqualTo("-15000");
        emu.store().removeHold(rev);
        emu.store().release(rev);
        assertThat(dec(line("RIVERSIDE", "01", "03-300"), "RevisedBudgetedAmount")).isEqualTo("360000");
    }

    @Test
    void costBudgetLinesNeedAClassThatChangesTheCostBudget() {
        String co = "{\"ProjectID\":{\"value\":\"RIVERSIDE\"},\"Class\":{\"value\":\"COMMITMENT\"},"
                + "\"CostBudget\":[{\"ProjectTaskID\":{\"value\":\"01\"},\"AccountGroup\":{\"value\":\"SUBCON\"},\"CostCode\":{\"value\":\"03-300\"},"
                + "\"Amount\":{\"value\":15000}}]}";
        Api.Res r = api.put("ChangeOrder", co);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().at("/CostBudget/0/AccountGroup/error").asText()).contains("does not allow changes to the cost budget");
    }

    @Test
    void projectTransactionsCountOnlyOnceReleasedAndANewKeyAddsABudgetLine() {
        String tx = "{\"Module\":{\"value\":\"PM\"},\"Description\":{\"value\":\"Patch and repair\"},\"Details\":[{\"Project\":{\"value\":\"RIVERSIDE\"},"
                + "\"ProjectTask\":{\"value\":\"02\"},\"AccountGroup\":{\"value\":\"SUBCON\"},\"CostCode\":{\"value\":\"09-250\"},"
                + "\"Amount\":{\"value\":5000},\"Date\":{\"value\":\"2025-07-15\"},\"Description\":{\"value\":\"Patch and repair\"}}]}";
        Api.Res put = api.put("ProjectTransaction?$expand=Details", tx);
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().at("/Status/value").asText()).isEqualTo("Balanced");
        assertThat(dec(put.json(), "TotalAmount")).isEqualTo("5000");
        String ref = put.json().at("/ReferenceNbr/value").asText();
        assertThat(api.get("ProjectBudget?$filter=" + Api.enc("ProjectTaskID eq '02' and CostCode eq '09-250'")).json()).isEmpty();
        Api.Res rel = api.post("ProjectTransaction/ReleaseTransactions",
                "{\"entity\":{\"Module\":{\"value\":\"PM\"},\"ReferenceNbr\":{\"value\":\"" + ref + "\"}},\"parameters\":{}}");
        assertThat(rel.status()).isEqualTo(204);
        JsonNode released = api.get("ProjectTransaction/PM/" + ref + "?$expand=Details").json();
        assertThat(released.at("/Status/value").asText()).isEqualTo("Released");
        assertThat(released.at("/Details/0/Released/value").asBoolean()).isTrue();
        JsonNode added = line("RIVERSIDE", "02", "09-250");
        assertThat(dec(added, "OriginalBudgetedAmount")).isEqualTo("0");
        assertThat(dec(added, "ActualAmount")).isEqualTo("5000");
        assertThat(api.delete("ProjectTransaction/PM/" + ref).status()).isEqualTo(500);
        // the demo's AP bills carry vendor, document and date
        JsonNode bills = api.get("ProjectTransaction?$expand=Details&$filter=" + Api.enc("Module eq 'AP'")).json();
        assertThat(bills.size()).isGreaterThanOrEqualTo(9);
        assertThat(bills.get(0).at("/OriginalDocType/value").asText()).isEqualTo("Bill");
        assertThat(bills.get(0).at("/Details/0/VendorOrCustomer/value").asText()).isNotBlank();
        assertThat(bills.get(0).at("/Details/0/Date/value").asText()).startsWith("2025-");
    }
}
