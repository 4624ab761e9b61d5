package com.crosswalk.acumatica.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** AP bills (AP301000) linked to subcontract lines, with retainage, and checks (AP302000) paying them — over HTTP. */
class BillWorkflowTest {
    static AcumaticaEmulator emu;
    static Api api;

    @BeforeAll
    static void start() {
        emu = AcumaticaEmulator.start(EmulatorConfig.defaults().withPort(0).withDemo(true));
        api = new Api(emu);
        api.login();
    }

    @AfterAll
    static void stop() {
        assertThat(emu.contractViolations()).isEmpty();
        emu.close();
    }

    static String bill(String vendorRef, String sc, int line, String amount) {
        return "{\"Vendor\":{\"value\":\"APEXCON\"},\"VendorRef\":{\"value\":\"" + vendorRef + "\"},\"Hold\":{\"value\":true},"
                + "\"Description\":{\"value\":\"Pay app\"},\"Details\":[{\"POOrderType\":{\"value\":\"Subcontract\"},"
                + "\"POOrderNbr\":{\"value\":\"" + sc + "\"},\"POLine\":{\"value\":" + line + "},\"Amount\":{\"value\":" + amount + "}}]}";
    }

    static String ref(String type, String nbr) {
        return "{\"entity\":{\"Type\":{\"value\":\"" + type + "\"},\"ReferenceNbr\":{\"value\":\"" + nbr + "\"}},\"parameters\":{}}";
    }

    private String insert(String vendorRef, int line, String amount) {
        Api.Res r = api.put("Bill?$expand=Details", bill(vendorRef, "SC0001", line, amount), "If-None-Match", "*");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().at("/ReferenceNbr/value").asText();
    }

    private void removeHoldAndRelease(String nbr) {
        Api.Res h = api.put("Bill", "{\"Type\":{\"value\":\"Bill\"},\"ReferenceNbr\":{\"value\":\"" + nbr + "\"},\"Hold\":{\"value\":false}}");
        assertThat(h.status()).as(h.body()).isEqualTo(200);
        assertThat(h.json().at("/Status/value").asText()).isEqualTo("Balanced");
        Api.Res rel = api.post("Bill/ReleaseBill", ref("Bill", nbr));
        assertThat(rel.status()).as(rel.body()).isEqualTo(204);
    }

    @Test
    void billOnHoldBalancedOpenWithSubcontractRetainageAndBilledAmounts() {
        java.math.BigDecimal billed = emu.store().subcontractLineBilled("SC0001", 2); // the demo's bills
        String nbr = insert("CW-T-1", 2, "10000.05");
        JsonNode b = api.get("Bill/Bill/" + nbr + "?$expand=Details").json();
        assertThat(b.at("/Status/value").asText()).isEqualTo("On Hold");
        // SC0001 retains 10 %: 1000.01 (half-up per line); Amount = Detail Total − Retained Amount
        assertThat(b.at("/Amount/value").decimalValue()).isEqualByComparingTo("9000.04");
        assertThat(b.at("/Details/0/ProjectTask/value").asText()).isEqualTo("01");
        assertThat(b.at("/Details/0/CostCode/value").asText()).isEqualTo("03-300");
        assertThat(b.at("/Project/value").asText()).isEqualTo("RIVERSIDE");
        assertThat(emu.store().billRetainage("Bill", nbr)).isEqualByComparingTo("1000.01");
        // On Hold cannot be released
        assertThat(api.post("Bill/ReleaseBill", ref("Bill", nbr)).status()).isEqualTo(500);
        removeHoldAndRelease(nbr);
        b = api.get("Bill/Bill/" + nbr).json();
        assertThat(b.at("/Status/value").asText()).isEqualTo("Open");
        assertThat(b.at("/Balance/value").decimalValue()).isEqualByComparingTo("9000.04");
        assertThat(emu.store().subcontractLineBilled("SC0001", 2)).isEqualByComparingTo(billed.add(new java.math.BigDecimal("10000.05")));
        // released: no edit, no delete
        Api.Res edit = api.put("Bill", "{\"Type\":{\"value\":\"Bill\"},\"ReferenceNbr\":{\"value\":\"" + nbr + "\"},\"Description\":{\"value\":\"x\"}}");
        assertThat(edit.status()).isEqualTo(500);
        Api.Res del = api.delete("Bill/Bill/" + nbr);
        assertThat(del.status()).isEqualTo(500);
        assertThat(del.body()).contains("can only be reversed");
    }

    @Test
    void unreleasedBillCanBeDeletedAndLinesMustMatchTheVendorsSubcontract() {
        String nbr = insert("CW-T-2", 1, "500");
        assertThat(api.delete("Bill/Bill/" + nbr).status()).isEqualTo(204);
        assertThat(api.get("Bill/Bill/" + nbr).status()).isEqualTo(500);
        Api.Res wrongLine = api.put("Bill", bill("CW-T-3", "SC0001", 99, "1"));
        assertThat(wrongLine.status()).isEqualTo(422);
        assertThat(wrongLine.json().at("/Details/0/POLine/error").asText()).contains("cannot be found");
        Api.Res noRef = api.put("Bill", bill("", "SC0001", 1, "1"));
        assertThat(noRef.status()).isEqualTo(422);
    }

    @Test
    void checkPaysTheBillAndAPaidBillCannotBeReversedUntilThePaymentIsVoided() {
        String nbr = insert("CW-T-4", 1, "2000");
        removeHoldAndRelease(nbr);
        String check = "{\"Vendor\":{\"value\":\"APEXCON\"},\"PaymentRef\":{\"value\":\"CHK-1001\"},\"Hold\":{\"value\":false},"
                + "\"PaymentAmount\":{\"value\":1800},\"Details\":[{\"DocType\":{\"value\":\"Bill\"},\"ReferenceNbr\":{\"value\":\"" + nbr
                + "\"},\"AmountPaid\":{\"value\":1800}}]}";
        Api.Res c = api.put("Check?$expand=Details", check, "If-None-Match", "*");
        assertThat(c.status()).as(c.body()).isEqualTo(200);
        String chk = c.json().at("/ReferenceNbr/value").asText();
        assertThat(c.json().at("/Status/value").asText()).isEqualTo("Balanced");
        assertThat(api.post("Check/ReleaseCheck", ref("Check", chk)).status()).isEqualTo(204);
        JsonNode b = api.get("Bill/Bill/" + nbr + "?$expand=Applications").json();
        assertThat(b.at("/Status/value").asText()).isEqualTo("Closed");
        assertThat(b.at("/Balance/value").decimalValue()).isEqualByComparingTo("0");
        assertThat(b.at("/Applications/0/DocType/value").asText()).isEqualTo("Check");
        assertThat(b.at("/Applications/0/ReferenceNbr/value").asText()).isEqualTo(chk);
        assertThat(b.at("/Applications/0/AmountPaid/value").decimalValue()).isEqualByComparingTo("1800");
        Api.Res rev = api.post("Bill/ReverseBill", ref("Bill", nbr));
        assertThat(rev.status()).isEqualTo(500);
        assertThat(rev.body()).contains("Void the payment before you reverse the bill");
        assertThat(api.post("Check/VoidCheck", ref("Check", chk)).status()).isEqualTo(204);
        b = api.get("Bill/Bill/" + nbr).json();
        assertThat(b.at("/Status/value").asText()).isEqualTo("Open");
        assertThat(b.at("/Balance/value").decimalValue()).isEqualByComparingTo("1800");
    }

    @Test
    void reverseMakesADebitAdjustmentWhoseReleaseClosesTheBillAndUnbillsTheSubcontractLine() {
        java.math.BigDecimal before = emu.store().subcontractLineBilled("SC0001", 1);
        String nbr = insert("CW-T-5", 1, "3000");
        removeHoldAndRelease(nbr);
        assertThat(emu.store().subcontractLineBilled("SC0001", 1)).isEqualByComparingTo(before.add(new java.math.BigDecimal("3000")));
        Api.Res rev = api.post("Bill/ReverseBill", ref("Bill", nbr));
        assertThat(rev.status()).as(rev.body()).isEqualTo(204);
        String loc = rev.header("Location");
        JsonNode adjs = api.get("Bill?$filter=" + Api.enc("Type eq 'Debit Adj.' and VendorRef eq 'CW-T-5'") + "&$expand=Details").json();
        assertThat(adjs).hasSize(1);
        JsonNode adj = adjs.get(0);
        String adjNbr = adj.at("/ReferenceNbr/value").asText();
        assertThat(loc).isNotBlank();
        assertThat(adj.at("/Status/value").asText()).isEqualTo("On Hold");
        assertThat(adj.at("/Amount/value").decimalValue()).isEqualByComparingTo("2700");
        assertThat(adj.at("/Details/0/POOrderNbr/value").asText()).isEqualTo("SC0001");
        // a second reversal while the first is pending: refused
        assertThat(api.post("Bill/ReverseBill", ref("Bill", nbr)).status()).isEqualTo(500);
        Api.Res h = api.put("Bill", "{\"Type\":{\"value\":\"Debit Adj.\"},\"ReferenceNbr\":{\"value\":\"" + adjNbr + "\"},\"Hold\":{\"value\":false}}");
        assertThat(h.status()).as(h.body()).isEqualTo(200);
        assertThat(api.post("Bill/ReleaseBill", ref("Debit Adj.", adjNbr)).status()).isEqualTo(204);
        JsonNode b = api.get("Bill/Bill/" + nbr + "?$expand=Applications").json();
        assertThat(b.at("/Status/value").asText()).isEqualTo("Closed");
        assertThat(b.at("/Balance/value").decimalValue()).isEqualByComparingTo("0");
        assertThat(b.at("/Applications/0/DocType/value").asText()).isEqualTo("Debit Adj.");
        assertThat(api.get("Bill/Debit%20Adj./" + adjNbr).json().at("/Status/value").asText()).isEqualTo("Closed");
        assertThat(emu.store().subcontractLineBilled("SC0001", 1)).isEqualByComparingTo(before);
    }

    @Test
    void releaseRetainageMakesARetainageBillForWhatIsStillWithheld() {
        String nbr = insert("CW-T-6", 1, "10000");
        assertThat(api.post("Bill/ReleaseRetainage", "{\"entity\":{\"Type\":{\"value\":\"Bill\"},\"ReferenceNbr\":{\"value\":\""
                + nbr + "\"}},\"parameters\":{}}").status()).as("not released yet").isEqualTo(500);
        removeHoldAndRelease(nbr);
        java.math.BigDecimal billed = emu.store().subcontractLineBilled("SC0001", 1);
        assertThat(emu.store().unreleasedRetainage(nbr)).isEqualByComparingTo("1000");
        Api.Res part = api.post("Bill/ReleaseRetainage", "{\"entity\":{\"Type\":{\"value\":\"Bill\"},\"ReferenceNbr\":{\"value\":\""
                + nbr + "\"}},\"parameters\":{\"AmtToRelease\":{\"value\":400}}}");
        assertThat(part.status()).as(part.body()).isEqualTo(204);
        JsonNode rbs = api.get("Bill?$filter=" + Api.enc("VendorRef eq 'CW-T-6' and Description eq 'Retainage of bill " + nbr + "'")
                + "&$expand=Details").json();
        assertThat(rbs).hasSize(1);
        assertThat(rbs.get(0).at("/Status/value").asText()).isEqualTo("Balanced");
        assertThat(rbs.get(0).at("/Amount/value").decimalValue()).isEqualByComparingTo("400");
        assertThat(rbs.get(0).at("/Details/0/POOrderNbr/value").asText()).isEqualTo("SC0001");
        assertThat(emu.store().unreleasedRetainage(nbr)).isEqualByComparingTo("600");
        // unreleased, the retainage bill is edited like any bill: its Vendor Ref. set by a PUT (row 79)
        String rb = rbs.get(0).at("/ReferenceNbr/value").asText();
        Api.Res tagged = api.put("Bill", "{\"Type\":{\"value\":\"Bill\"},\"ReferenceNbr\":{\"value\":\"" + rb
                + "\"},\"VendorRef\":{\"value\":\"CW-T-6-R1\"}}");
        assertThat(tagged.status()).as(tagged.body()).isEqualTo(200);
        JsonNode rbNow = api.get("Bill/Bill/" + rb).json();
        assertThat(rbNow.at("/VendorRef/value").asText()).isEqualTo("CW-T-6-R1");
        assertThat(rbNow.at("/Amount/value").decimalValue()).isEqualByComparingTo("400");
        assertThat(emu.store().unreleasedRetainage(nbr)).isEqualByComparingTo("600");
        assertThat(api.post("Bill/ReleaseBill", ref("Bill", rb)).status()).isEqualTo(204);
        assertThat(api.put("Bill", "{\"Type\":{\"value\":\"Bill\"},\"ReferenceNbr\":{\"value\":\"" + rb
                + "\"},\"VendorRef\":{\"value\":\"X\"}}").status()).as("released: no longer editable").isGreaterThanOrEqualTo(400);
        // more than is left: refused; the rest: released
        assertThat(api.post("Bill/ReleaseRetainage", "{\"entity\":{\"Type\":{\"value\":\"Bill\"},\"ReferenceNbr\":{\"value\":\""
                + nbr + "\"}},\"parameters\":{\"AmtToRelease\":{\"value\":600.01}}}").status()).isEqualTo(500);
        String rest = emu.store().releaseRetainage(nbr, null);
        assertThat(api.post("Bill/ReleaseBill", ref("Bill", rest)).status()).isEqualTo(204);
        assertThat(api.get("Bill/Bill/" + rest).json().at("/Amount/value").decimalValue()).isEqualByComparingTo("600");
        assertThat(emu.store().unreleasedRetainage(nbr)).isEqualByComparingTo("0");
        assertThat(emu.store().subcontractLineBilled("SC0001", 1)).isEqualByComparingTo(billed); // gross billed once
        // a retainage bill reversed: its debit adjustment is a retainage document too — all of it, nothing withheld (row 80)
        String adj = emu.store().reverseBill(rest);
        emu.store().releaseDebitAdjustment(adj);
        assertThat(emu.store().bill("Debit Adj.", adj).orElseThrow().at("/Amount/value").decimalValue()).isEqualByComparingTo("600");
        assertThat(api.get("Bill/Bill/" + rest).json().at("/Status/value").asText()).isEqualTo("Closed");
        assertThat(emu.store().subcontractLineBilled("SC0001", 1)).isEqualByComparingTo(billed);
    }

    /** A subcontract inserted through the API keeps Apply Retainage / Retainage Percent; its bills retain that %. */
    @Test
    void subcontractInsertedWithRetainageGivesItsBillsThatRetainage() {
        String sc = subcontract("{\"ApplyRetainage\":{\"value\":true},\"RetainagePct\":{\"value\":10}", "");
        JsonNode got = api.get("Subcontract/" + sc).json();
        assertThat(got.at("/ApplyRetainage/value").asBoolean()).isTrue();
        assertThat(got.at("/RetainagePct/value").decimalValue()).isEqualByComparingTo("10");
        Api.Res b = api.put("Bill", bill("CW-T-7", sc, 1, "1234.55"), "If-None-Match", "*");
        assertThat(b.status()).as(b.body()).isEqualTo(200);
        assertThat(emu.store().billRetainage("Bill", b.json().at("/ReferenceNbr/value").asText())).isEqualByComparingTo("123.46");
        assertThat(b.json().at("/Amount/value").decimalValue()).isEqualByComparingTo("1111.09");
        // Apply Retainage cleared: no retainage, even with a line percent (UG SC_30_10_00; stricter reading)
        String none = subcontract("{\"ApplyRetainage\":{\"value\":false}", ",\"RetainagePct\":{\"value\":5}");
        Api.Res nb = api.put("Bill", bill("CW-T-8", none, 1, "1000"), "If-None-Match", "*");
        assertThat(nb.status()).as(nb.body()).isEqualTo(200);
        assertThat(emu.store().billRetainage("Bill", nb.json().at("/ReferenceNbr/value").asText())).isEqualByComparingTo("0");
        assertThat(nb.json().at("/Amount/value").decimalValue()).isEqualByComparingTo("1000");
    }

    private String subcontract(String headerStart, String lineExtra) {
        Api.Res r = api.put("Subcontract?$expand=Details", headerStart + ",\"VendorID\":{\"value\":\"APEXCON\"},"
                + "\"Details\":[{\"Project\":{\"value\":\"RIVERSIDE\"},\"Task\":{\"value\":\"01\"},"
                + "\"CostCode\":{\"value\":\"03-300\"},\"Description\":{\"value\":\"Walls\"},\"Amount\":{\"value\":50000}"
                + lineExtra + "}]}", "If-None-Match", "*");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().at("/SubcontractNbr/value").asText();
    }
}
