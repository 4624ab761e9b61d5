package com.crosswalk.acumatica.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #16, "Acumatica fidelity, round two": one test per difference, over real HTTP, each failing on the emulator
 * before the fix. Sources are cited in acumatica-emulator/README.md (fidelity table).
 */
class FidelityTest {
    static AcumaticaEmulator emu;
    static Api api;

    @BeforeAll
    static void start() {
        // long enough never to end on its own during a test: the test ends it with finishLongOperationsNow()
        emu = AcumaticaEmulator.start(EmulatorConfig.defaults().withPort(0).withDemo(true).withReleaseDurationMs(600_000));
        api = new Api(emu);
        api.login();
    }

    @AfterEach
    void noLongOperationLeft() {
        emu.finishLongOperationsNow();
        emu.store().setApprovalRequired(false);
    }

    @AfterAll
    static void stop() {
        assertThat(emu.contractViolations()).isEmpty();
        emu.close();
    }

    private static String export(String ext) {
        Api.Res r = api.put("ChangeOrder?$expand=Commitments", Api.newCo(ext, 1, "10.00"), "If-None-Match", "*");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().at("/RefNbr/value").asText();
    }

    private static int action(String action, String ref) {
        return api.post("ChangeOrder/" + action, Api.coRef(ref)).status();
    }

    private static String status(String ref) {
        return emu.store().changeOrder(ref).orElseThrow().status();
    }

    private static Api.Res pollUntilDone(Api who, String location) {
        emu.finishLongOperationsNow();
        return who.get(location);
    }

    // ------------------------------------------------------------------------------------------- 1. session lock
    @Test
    void item1_aLongRunningActionLocksItsSession() {
        String ref = export("CW-FID-LOCK");
        assertThat(action("RemoveChangeOrderFromHold", ref)).isEqualTo(204);
        Api.Res started = api.post("ChangeOrder/ReleaseChangeOrder", Api.coRef(ref));
        assertThat(started.status()).isEqualTo(202);
        String location = started.header("Location");
        long refusedBefore = emu.stats().refusedDuringLongOperation();

        // the same session: only the status request succeeds
        assertThat(api.get(location).status()).isEqualTo(202);
        for (Api.Res r : List.of(api.get("ChangeOrder/" + ref), api.delete("ChangeOrder/" + ref), api.get("Vendor"),
                api.put("ChangeOrder", "{\"RefNbr\":{\"value\":\"" + ref + "\"},\"Description\":{\"value\":\"x\"}}"),
                api.post("ChangeOrder/HoldChangeOrder", Api.coRef(ref)))) {
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.json().get("exceptionType").asText()).isEqualTo("PX.Data.PXException");
            assertThat(r.json().get("exceptionMessage").asText()).isEqualTo("Error: The previous operation has not been completed yet.");
        }
        assertThat(emu.stats().refusedDuringLongOperation()).isEqualTo(refusedBefore + 5);

        // another session reads it, but cannot change or delete it while it is being released, nor see the operation
        Api other = new Api(emu);
        other.login();
        assertThat(other.get("ChangeOrder/" + ref).json().at("/Status/value").asText()).isEqualTo("Open");
        Api.Res delete = other.delete("ChangeOrder/" + ref);
        assertThat(delete.status()).isEqualTo(500);
        assertThat(delete.json().get("exceptionMessage").asText()).contains("being released");
        assertThat(other.post("ChangeOrder/HoldChangeOrder", Api.coRef(ref)).status()).isEqualTo(500);
        assertThat(other.get(location).status()).isEqualTo(404);
        assertThat(status(ref)).isEqualTo("Open");

        // done: 204, and the session works again
        assertThat(pollUntilDone(api, location).status()).isEqualTo(204);
        assertThat(api.get("ChangeOrder/" + ref).json().at("/Status/value").asText()).isEqualTo("Closed");
        other.logout();
    }

    // ------------------------------------------------------------------------------------------- 2. delete only On Hold
    @Test
    void item2_onlyAnOnHoldChangeOrderCanBeDeleted() {
        String open = export("CW-FID-DEL-OPEN");
        assertThat(action("RemoveChangeOrderFromHold", open)).isEqualTo(204);
        Api.Res refused = api.delete("ChangeOrder/" + open);
        assertThat(refused.status()).isEqualTo(500);
        assertThat(refused.json().get("exceptionType").asText()).isEqualTo("PX.Data.PXException");
        assertThat(refused.json().get("exceptionMessage").asText()).contains("status is Open").contains("On Hold");
        assertThat(status(open)).isEqualTo("Open");
        // an edit is refused likewise
        assertThat(api.put("ChangeOrder", "{\"RefNbr\":{\"value\":\"" + open + "\"},\"Description\":{\"value\":\"edited\"}}").status()).isEqualTo(422);
        // put on hold first, then it goes
        assertThat(action("HoldChangeOrder", open)).isEqualTo(204);
        assertThat(api.delete("ChangeOrder/" + open).status()).isEqualTo(204);

        emu.store().setApprovalRequired(true);
        String pending = export("CW-FID-DEL-PEND");
        assertThat(action("RemoveChangeOrderFromHold", pending)).isEqualTo(204);
        assertThat(status(pending)).isEqualTo("Pending Approval");
        assertThat(api.delete("ChangeOrder/" + pending).status()).isEqualTo(500);
        String rejected = export("CW-FID-DEL-REJ");
        assertThat(action("RemoveChangeOrderFromHold", rejected)).isEqualTo(204);
        assertThat(action("RejectChangeOrder", rejected)).isEqualTo(204);
        assertThat(api.delete("ChangeOrder/" + rejected).status()).isEqualTo(500);
        assertThat(emu.store().changeOrder(pending)).isPresent();
        assertThat(emu.store().changeOrder(rejected)).isPresent();
    }

    // ------------------------------------------------------------------------------------------- 3. status only by actions
    @Test
    void item3_aPutThatSendsHoldDoesNotChangeTheStatus() {
        String ref = export("CW-FID-HOLD");
        Api.Res r = api.put("ChangeOrder", "{\"RefNbr\":{\"value\":\"" + ref + "\"},\"Hold\":{\"value\":false},\"Description\":{\"value\":\"Edited on hold\"}}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/Status/value").asText()).isEqualTo("On Hold");
        assertThat(r.json().at("/Hold/value").asBoolean()).isTrue();
        assertThat(r.json().at("/Description/value").asText()).isEqualTo("Edited on hold");
        assertThat(status(ref)).isEqualTo("On Hold");

        assertThat(action("RemoveChangeOrderFromHold", ref)).isEqualTo(204);
        Api.Res again = api.put("ChangeOrder", "{\"RefNbr\":{\"value\":\"" + ref + "\"},\"Hold\":{\"value\":true}}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().at("/Status/value").asText()).isEqualTo("Open");
        assertThat(status(ref)).isEqualTo("Open");
    }

    // ------------------------------------------------------------------------------------------- 4. line errors → 422
    @Test
    void item4_errorsOnlyInDetailLinesAnswer422WithTheErrorOnTheLine() {
        String body = "{\"ProjectID\":{\"value\":\"RIVERSIDE\"},\"Class\":{\"value\":\"COMMITMENT\"},\"ExternalRefNbr\":{\"value\":\"CW-FID-LINE\"},"
                + "\"Commitments\":[{\"POType\":{\"value\":\"Subcontract\"},\"PONbr\":{\"value\":\"SC0001\"},\"POLineNbr\":{\"value\":1},"
                + "\"CostCode\":{\"value\":\"99-999\"},\"Amount\":{\"value\":5}}]}";
        Api.Res r = api.put("ChangeOrder?$expand=Commitments", body, "If-None-Match", "*");
        assertThat(r.status()).isEqualTo(422);
        JsonNode j = r.json();
        assertThat(j.get("error").asText()).isEqualTo("Inserting 'Change Order' record raised at least one error. Please review the errors.");
        assertThat(j.at("/Commitments/0/CostCode/value").asText()).isEqualTo("99-999");
        assertThat(j.at("/Commitments/0/CostCode/error").asText()).isEqualTo("Cost Code '99-999' cannot be found in the system.");
        // the fields that were sent are echoed (and the key); others are not
        assertThat(j.at("/ExternalRefNbr/value").asText()).isEqualTo("CW-FID-LINE");
        assertThat(j.at("/RefNbr/value").asText()).isEqualTo("<NEW>");
        assertThat(j.has("Description")).isFalse();
        assertThat(j.has("CommitmentsChangeTotal")).isFalse();
        assertThat(j.at("/Commitments/0").has("Amount")).isTrue();
        assertThat(j.at("/Commitments/0").has("UnitCost")).isFalse();
        assertThat(emu.store().changeOrdersByExternalRef("CW-FID-LINE")).isEmpty();
    }

    // ------------------------------------------------------------------------------------------- 5. versions
    @Test
    void item5_bothEndpointVersionsSideBySideEachAgainstItsOwnContract() {
        JsonNode list = api.get("/entity").json().get("endpoints");
        assertThat(list).extracting(e -> e.get("name").asText() + "/" + e.get("version").asText() + " " + e.get("href").asText())
                .containsExactly("Default/23.200.001 /entity/Default/23.200.001/", "Default/24.200.001 /entity/Default/24.200.001/");
        JsonNode swagger23 = api.get("/entity/Default/23.200.001/swagger.json").json();
        assertThat(swagger23.get("swagger").asText()).isEqualTo("2.0");
        assertThat(swagger23.at("/info/title").asText()).isEqualTo("Default/23.200.001");
        assertThat(api.get("/entity/Default/24.200.001/swagger.json").json().at("/info/title").asText()).isEqualTo("Default/24.200.001");
        assertThat(api.get("/entity/Default/22.200.001/ChangeOrder").status()).isEqualTo(404);

        // the whole export through 23.200.001; links name that endpoint
        String v23 = "/entity/Default/23.200.001/";
        Api.Res put = api.put(v23 + "ChangeOrder?$expand=Commitments", Api.newCo("CW-FID-V23", 1, "7.00"), "If-None-Match", "*");
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        String ref = put.json().at("/RefNbr/value").asText();
        assertThat(put.json().at("/_links/self").asText()).startsWith("/entity/Default/23.200.001/ChangeOrder/");
        assertThat(api.post(v23 + "ChangeOrder/RemoveChangeOrderFromHold", Api.coRef(ref)).header("Location"))
                .isEqualTo("/entity/Default/23.200.001/ChangeOrder/" + ref);
        Api.Res release = api.post(v23 + "ChangeOrder/ReleaseChangeOrder", Api.coRef(ref));
        assertThat(release.header("Location")).startsWith("/entity/Default/23.200.001/ChangeOrder/ReleaseChangeOrder/status/");
        assertThat(pollUntilDone(api, release.header("Location")).status()).isEqualTo(204);
        assertThat(api.get(v23 + "ChangeOrder?$filter=" + Api.enc("ExternalRefNbr eq 'CW-FID-V23'")).json().get(0).at("/Status/value").asText())
                .isEqualTo("Closed");
        // a request body that breaks the 23.200.001 contract is recorded against that contract
        api.put(v23 + "ChangeOrder", "{\"RefNbr\":{\"value\":\"" + ref + "\"},\"ReferenceNbr\":{\"value\":\"x\"}}");
        assertThat(emu.contractViolations()).singleElement().satisfies(v ->
                assertThat(v).contains("/entity/Default/23.200.001/ChangeOrder").contains("$.ReferenceNbr: property not in the contract"));
        emu.clearContractViolations();
    }

    // ------------------------------------------------------------------------------------------- 6. action bodies
    @Test
    void item6a_entityKeyInAnyCase() {
        String ref = export("CW-FID-ENTITY");
        assertThat(api.post("ChangeOrder/RemoveChangeOrderFromHold",
                "{\"Entity\":{\"RefNbr\":{\"value\":\"" + ref + "\"}},\"Parameters\":{}}").status()).isEqualTo(204);
        assertThat(status(ref)).isEqualTo("Open");
        assertThat(api.post("ChangeOrder/HoldChangeOrder", "{\"ENTITY\":{\"RefNbr\":{\"value\":\"" + ref + "\"}}}").status()).isEqualTo(204);
        assertThat(status(ref)).isEqualTo("On Hold");
    }

    @Test
    void item6b_anActionWithoutEntityIs400() {
        String ref = export("CW-FID-NOENTITY");
        assertThat(action("RemoveChangeOrderFromHold", ref)).isEqualTo(204);
        Api.Res none = api.post("ChangeOrder/HoldChangeOrder", "{\"parameters\":{}}");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.json().get("message").asText()).isEqualTo("The request is invalid.");
        assertThat(none.json().at("/modelState/entity/0").asText()).contains("entity");
        Api.Res release = api.post("ChangeOrder/ReleaseChangeOrder", "{}");
        assertThat(release.status()).isEqualTo(400);
        assertThat(status(ref)).isEqualTo("Open");
        // those two requests broke the contract (entity is required): recorded, then forgotten
        assertThat(emu.contractViolations()).hasSize(2).allMatch(v -> v.contains("required property 'entity' is missing"));
        emu.clearContractViolations();
    }

    // ------------------------------------------------------------------------------------------- 7. custom actions
    @Test
    void item7_cancelIsACustomActionOfTheForm() {
        String onHold = export("CW-FID-CANCEL-1");
        assertThat(action("coCancel", onHold)).isEqualTo(204);
        assertThat(status(onHold)).isEqualTo("Canceled");
        String open = export("CW-FID-CANCEL-2");
        assertThat(action("RemoveChangeOrderFromHold", open)).isEqualTo(204);
        assertThat(api.post("ChangeOrder/coCancel", "{\"entity\":{\"RefNbr\":{\"value\":\"" + open + "\"}},\"parameters\":{\"custom\":{}}}")
                .status()).isEqualTo(204);
        assertThat(status(open)).isEqualTo("Canceled");
        // Canceled: not editable, not deletable; Hold brings it back On Hold
        assertThat(api.delete("ChangeOrder/" + open).status()).isEqualTo(500);
        assertThat(action("RemoveChangeOrderFromHold", open)).isEqualTo(500);
        assertThat(action("HoldChangeOrder", open)).isEqualTo(204);
        assertThat(status(open)).isEqualTo("On Hold");
        // released: cannot be canceled
        Api.Res closed = api.post("ChangeOrder/coCancel", Api.coRef("000001"));
        assertThat(closed.status()).isEqualTo(500);
        assertThat(closed.json().get("exceptionMessage").asText()).contains("Cancel").contains("Closed");
        // "Cancel" is the graph's standard cancel-unsaved-changes: nothing changes
        String kept = export("CW-FID-CANCEL-3");
        assertThat(action("Cancel", kept)).isEqualTo(204);
        assertThat(status(kept)).isEqualTo("On Hold");
        // an action the form does not have
        assertThat(action("Explode", kept)).isEqualTo(404);
        // pending approval and rejected can be canceled too (PM308000)
        emu.store().setApprovalRequired(true);
        String pending = export("CW-FID-CANCEL-4");
        assertThat(action("RemoveChangeOrderFromHold", pending)).isEqualTo(204);
        assertThat(action("coCancel", pending)).isEqualTo(204);
        String rejected = export("CW-FID-CANCEL-5");
        assertThat(action("RemoveChangeOrderFromHold", rejected)).isEqualTo(204);
        assertThat(action("RejectChangeOrder", rejected)).isEqualTo(204);
        assertThat(action("coCancel", rejected)).isEqualTo(204);
        assertThat(status(pending)).isEqualTo("Canceled");
        assertThat(status(rejected)).isEqualTo("Canceled");
    }

    // ------------------------------------------------------------------------------------------- 8. $custom, $adHocSchema
    @Test
    void item8a_customReversingRefNbr() {
        String ref = export("CW-FID-CUSTOM");
        emu.store().removeHold(ref);
        emu.store().release(ref);
        JsonNode none = api.get("ChangeOrder/" + ref + "?$custom=Document.ReversingRefNbr").json();
        assertThat(none.at("/custom/Document/ReversingRefNbr/type").asText()).isEqualTo("CustomStringField");
        assertThat(none.at("/custom/Document/ReversingRefNbr/value").isNull()).isTrue();
        String first = emu.store().reverse(ref);
        JsonNode one = api.get("ChangeOrder/" + ref + "?$custom=Document.ReversingRefNbr").json();
        assertThat(one.at("/custom/Document/ReversingRefNbr/value").asText()).isEqualTo(first);
        JsonNode listed = api.get("ChangeOrder?$select=RefNbr&$custom=Document.ReversingRefNbr&$filter=" + Api.enc("RefNbr eq '" + ref + "'")).json();
        assertThat(listed.get(0).at("/custom/Document/ReversingRefNbr/value").asText()).isEqualTo(first);
        emu.store().reverse(ref); // a second reversal (Acumatica allows it): the field shows <LIST>
        assertThat(api.get("ChangeOrder/" + ref + "?$custom=Document.ReversingRefNbr").json().at("/custom/Document/ReversingRefNbr/value").asText())
                .isEqualTo("<LIST>");
        Api.Res unknown = api.get("ChangeOrder/" + ref + "?$custom=Document.NoSuchField");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("message").asText()).contains("Document.NoSuchField");
    }

    @Test
    void item8b_adHocSchemaListsCustomFieldsAndWorkflowActions() {
        JsonNode schema = api.get("ChangeOrder/$adHocSchema").json();
        assertThat(schema.at("/custom/Document/ReversingRefNbr/type").asText()).isEqualTo("CustomStringField");
        assertThat(schema.get("_workflowActions")).anySatisfy(a -> assertThat(a.has("coCancel")).isTrue());
        assertThat(schema.has("RefNbr")).isTrue();
    }

    // ------------------------------------------------------------------------------------------- 9. smaller shapes
    @Test
    void item9a_emptyNoteShapes() {
        JsonNode co = api.get("ChangeOrder/000001?$expand=Commitments").json();
        assertThat(co.get("note").isObject()).isTrue();
        assertThat(co.get("note").has("value")).isTrue();
        assertThat(co.at("/note/value").asText()).isEmpty();
        assertThat(co.at("/Commitments/0").get("note").isNull()).isTrue();
        String ref = export("CW-FID-NOTE");
        Api.Res noted = api.put("ChangeOrder", "{\"RefNbr\":{\"value\":\"" + ref + "\"},\"note\":{\"value\":\"Owner asked\"}}");
        assertThat(noted.json().at("/note/value").asText()).isEqualTo("Owner asked");
    }

    @Test
    void item9b_revenueChangeNbrIsNotAvailableWithoutRevenue() {
        assertThat(api.get("ChangeOrder/000001").json().at("/RevenueChangeNbr/value").asText()).isEqualTo("N/A");
        String ref = export("CW-FID-REVNBR");
        assertThat(api.get("ChangeOrder/" + ref).json().at("/RevenueChangeNbr/value").asText()).isEqualTo("N/A");
    }

    @Test
    void item9c_filterOnALinkedEntity() {
        // linked entity filter (documented), detail filter refused (documented as unpredictable)
        assertThat(api.put("Vendor?$expand=MainContact", "{\"VendorID\":{\"value\":\"LINKED1\"},\"VendorName\":{\"value\":\"Linked One\"},"
                + "\"MainContact\":{\"Email\":{\"value\":\"ap@linked.example\"},\"Address\":{\"City\":{\"value\":\"Tacoma\"}}}}",
                "If-None-Match", "*").status()).isEqualTo(200);
        JsonNode byEmail = api.get("Vendor?$filter=" + Api.enc("MainContact/Email eq 'AP@linked.example'")).json();
        assertThat(byEmail).extracting(v -> v.at("/VendorID/value").asText()).containsExactly("LINKED1");
        assertThat(api.get("Vendor?$filter=" + Api.enc("MainContact/Address/City eq 'Tacoma'")).json()).hasSize(1);
        assertThat(api.get("Vendor?$filter=" + Api.enc("MainContact/Email eq 'nobody@x'")).json()).isEmpty();
        assertThat(api.get("Subcontract?$filter=" + Api.enc("Details/LineNbr eq 1")).status()).isEqualTo(400);
        assertThat(api.get("Vendor?$filter=" + Api.enc("MainContact/Nope eq 1")).status()).isEqualTo(400);
    }

    @Test
    void item9d_malformedJsonDoesNotLeakParserInternals() {
        Api.Res bad = api.put("ChangeOrder", "{\"RefNbr\":{\"value\":\"000001\"},,}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("message").asText()).isEqualTo("The request is invalid.");
        assertThat(bad.body()).contains("not valid JSON").doesNotContain("jackson").doesNotContain("Unexpected character")
                .doesNotContain("Source:").doesNotContain("exceptionType");
        assertThat(api.post("ChangeOrder/HoldChangeOrder", "[1,2]").status()).isEqualTo(400);
    }

    @Test
    void item9e_servedSwaggerNamesTheEmulator() {
        assertThat(api.get("/entity/Default/24.200.001/swagger.json").json().at("/servers/0/url").asText()).isEqualTo(emu.entityBaseUrl());
        JsonNode v23 = api.get("/entity/Default/23.200.001/swagger.json").json();
        assertThat("http://" + v23.get("host").asText() + v23.get("basePath").asText()).isEqualTo(emu.entityBaseUrl("23.200.001"));
    }

    // ------------------------------------------------------------------------------------------- 10. bugs
    @Test
    void item10_demoWithApprovalRequiredStarts() {
        try (AcumaticaEmulator approval = AcumaticaEmulator.start(EmulatorConfig.defaults().withPort(0).withDemo(true).withApprovalRequired(true))) {
            assertThat(approval.store().changeOrder("000001")).get().satisfies(c -> assertThat(c.status()).isEqualTo("Closed"));
            assertThat(approval.store().changeOrder("000002")).get().satisfies(c -> assertThat(c.status()).isEqualTo("Closed"));
            assertThat(approval.store().subcontractLine("SC0001", 1)).isEqualByComparingTo("262500");
        }
    }
}
