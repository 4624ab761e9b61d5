package com.crosswalk.acumatica.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.acumatica.emulator.store.Snapshots.ChangeOrderSnapshot;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The export → remove hold → release → reverse → release reversing path and the delete paths. */
class ChangeOrderWorkflowTest {
    static AcumaticaEmulator emu;
    static Api api;

    @BeforeAll
    static void start() {
        emu = AcumaticaEmulator.start(EmulatorConfig.defaults().withPort(0).withDemo(true).withReleaseDurationMs(300));
        api = new Api(emu);
        api.login();
    }

    @AfterAll
    static void stop() {
        assertThat(emu.contractViolations()).isEmpty();
        emu.close();
    }

    private String export(String ext, int line, String amount) {
        Api.Res r = api.put("ChangeOrder?$expand=Commitments", Api.newCo(ext, line, amount), "If-None-Match", "*");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().at("/RefNbr/value").asText();
    }

    private void releaseAndWait(String ref) throws InterruptedException {
        Api.Res r = api.post("ChangeOrder/ReleaseChangeOrder", Api.coRef(ref));
        assertThat(r.status()).isEqualTo(202);
        String loc = r.header("Location");
        assertThat(loc).matches("/entity/Default/24\\.200\\.001/ChangeOrder/ReleaseChangeOrder/status/[0-9a-f-]{36}");
        assertThat(api.get(loc).status()).isEqualTo(202); // still running
        int status;
        long deadline = System.currentTimeMillis() + 5000;
        do {
            Thread.sleep(100);
            status = api.get(loc).status();
        } while (status == 202 && System.currentTimeMillis() < deadline);
        assertThat(status).isEqualTo(204);
    }

    @Test
    void exportReleaseReverseReleaseReversingUndoesTheCommitment() throws Exception {
        assertThat(emu.store().subcontractLine("SC0001", 2)).isEqualByComparingTo("120000");
        String ref = export("CW-FLOW-1", 2, "8750.00");
        assertThat(emu.store().changeOrder(ref).orElseThrow().status()).isEqualTo("On Hold");
        assertThat(api.post("ChangeOrder/RemoveChangeOrderFromHold", Api.coRef(ref)).status()).isEqualTo(204);
        assertThat(api.get("ChangeOrder/" + ref).json().at("/Status/value").asText()).isEqualTo("Open");
        // release is long-running here: 202 + polling; amounts change only when done
        releaseAndWait(ref);
        JsonNode co = api.get("ChangeOrder/" + ref).json();
        assertThat(co.at("/Status/value").asText()).isEqualTo("Closed");
        JsonNode sc = api.get("Subcontract/SC0001?$expand=Details").json();
        assertThat(sc.at("/Details/1/Amount/value").decimalValue()).isEqualByComparingTo("128750");
        assertThat(sc.at("/SubcontractTotal/value").decimalValue()).isEqualByComparingTo("391250"); // 262,500 + 128,750
        // releasing twice is refused
        assertThat(api.post("ChangeOrder/ReleaseChangeOrder", Api.coRef(ref)).status()).isEqualTo(500);

        // reverse (by id this time): 204, original Reversed, new reversing CO On Hold
        String body = "{\"entity\":{\"id\":\"" + co.get("id").asText() + "\"},\"parameters\":{}}";
        assertThat(api.post("ChangeOrder/ReverseChangeOrder", body).status()).isEqualTo(204);
        JsonNode list = api.get("ChangeOrder?$filter=" + Api.enc("OriginalCORefNbr eq '" + ref + "'") + "&$expand=Commitments").json();
        assertThat(list).hasSize(1);
        JsonNode rev = list.get(0);
        String revRef = rev.at("/RefNbr/value").asText();
        assertThat(rev.at("/Status/value").asText()).isEqualTo("On Hold");
        assertThat(rev.at("/Hold/value").asBoolean()).isTrue();
        assertThat(rev.at("/ReverseStatus/value").asText()).isEqualTo("Reversing");
        assertThat(rev.get("ExternalRefNbr").has("value")).isFalse();
        assertThat(rev.at("/Commitments/0/Amount/value").decimalValue()).isEqualByComparingTo("-8750");
        assertThat(rev.at("/Commitments/0/Status/value").asText()).isEqualTo("Update");
        assertThat(api.get("ChangeOrder/" + ref).json().at("/ReverseStatus/value").asText()).isEqualTo("Reversed");
        // the original cannot be reversed again while... it is still Closed, so Acumatica allows it; but it cannot be deleted
        assertThat(api.delete("ChangeOrder/" + ref).status()).isEqualTo(500);

        // remove hold + release the reversing CO → the subcontract line is back
        assertThat(api.post("ChangeOrder/RemoveChangeOrderFromHold", Api.coRef(revRef)).status()).isEqualTo(204);
        releaseAndWait(revRef);
        assertThat(emu.store().subcontractLine("SC0001", 2)).isEqualByComparingTo("120000");
        ChangeOrderSnapshot r = emu.store().changeOrder(revRef).orElseThrow();
        assertThat(r.status()).isEqualTo("Closed");
        assertThat(r.originalCORefNbr()).isEqualTo(ref);
        // "gone" for the connector: original Reversed and a Closed reversing CO exists
        assertThat(emu.store().changeOrder(ref).orElseThrow().reverseStatus()).isEqualTo("Reversed");
        assertThat(emu.store().reversingChangeOrders(ref)).extracting(ChangeOrderSnapshot::status).containsExactly("Closed");
    }

    @Test
    void deletingAnUnreleasedReversingChangeOrderResetsTheOriginal() {
        String ref = export("CW-FLOW-2", 1, "1000.00");
        emu.store().removeHold(ref);
        emu.store().release(ref);
        assertThat(emu.store().subcontractLine("SC0001", 1)).isEqualByComparingTo("263500");
        String revRef = emu.store().reverse(ref);
        assertThat(emu.store().changeOrder(ref).orElseThrow().reverseStatus()).isEqualTo("Reversed");
        assertThat(api.delete("ChangeOrder/" + revRef).status()).isEqualTo(204);
        assertThat(api.get("ChangeOrder?$filter=" + Api.enc("RefNbr eq '" + revRef + "'")).json()).isEmpty();
        assertThat(api.get("ChangeOrder/" + ref).json().at("/ReverseStatus/value").asText()).isEqualTo("None");
        assertThat(emu.store().subcontractLine("SC0001", 1)).isEqualByComparingTo("263500");
        // clean up for other tests: reverse and release
        String again = emu.store().reverse(ref);
        emu.store().removeHold(again);
        emu.store().release(again);
        assertThat(emu.store().subcontractLine("SC0001", 1)).isEqualByComparingTo("262500");
    }

    @Test
    void holdApproveAndNewLine() {
        Api.Res r = api.put("ChangeOrder?$expand=Commitments", "{\"ProjectID\":{\"value\":\"RIVERSIDE\"},\"Class\":{\"value\":\"COMMITMENT\"},"
                + "\"Commitments\":[{\"Status\":{\"value\":\"New Line\"},\"POType\":{\"value\":\"Normal\"},\"PONbr\":{\"value\":\"PO0001\"},"
                + "\"ProjectTaskID\":{\"value\":\"01\"},\"CostCode\":{\"value\":\"05-120\"},\"Qty\":{\"value\":2},\"UnitCost\":{\"value\":1650},"
                + "\"Description\":{\"value\":\"Additional embed plates\"}}]}", "If-None-Match", "*");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String ref = r.json().at("/RefNbr/value").asText();
        assertThat(r.json().at("/Commitments/0/Amount/value").decimalValue()).isEqualByComparingTo("3300");
        assertThat(api.post("ChangeOrder/RemoveChangeOrderFromHold", Api.coRef(ref)).status()).isEqualTo(204);
        assertThat(api.post("ChangeOrder/HoldChangeOrder", Api.coRef(ref)).status()).isEqualTo(204);
        assertThat(emu.store().changeOrder(ref).orElseThrow().hold()).isTrue();
        assertThat(api.post("ChangeOrder/ApproveChangeOrder", Api.coRef(ref)).status()).isEqualTo(500); // not pending approval
        emu.store().removeHold(ref);
        emu.store().release(ref);
        assertThat(emu.store().purchaseOrderLines("Normal", "PO0001")).hasSize(2);
        assertThat(emu.store().purchaseOrderLine("Normal", "PO0001", 2)).isEqualByComparingTo("3300");
        assertThat(emu.store().changeOrder(ref).orElseThrow().commitments().get(0).poLineNbr()).isEqualTo(2);
        JsonNode po = api.get("PurchaseOrder/Normal/PO0001?$expand=Details").json();
        assertThat(po.at("/OrderTotal/value").decimalValue()).isEqualByComparingTo("483300");
    }
}
