package com.crosswalk.erp.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.ErpContent;
import com.crosswalk.IntegrationTest;
import com.crosswalk.TestApi;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import com.crosswalk.acumatica.emulator.faults.FaultKind;
import com.crosswalk.acumatica.emulator.faults.FaultPhase;
import com.crosswalk.acumatica.emulator.faults.FaultRule;
import com.crosswalk.acumatica.emulator.store.Snapshots.ChangeOrderSnapshot;
import com.crosswalk.acumatica.emulator.store.Store;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * "Synced means equal" (issue 12): the sequences that once ended Synced while Acumatica held something else, or left
 * an unreleased change order behind. Each ends Synced with the ERP change order's lines and totals equal to the CCO's
 * and nothing of earlier attempts left in the ERP.
 */
@IntegrationTest
class SyncedMeansEqualTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AcumaticaEmulator emu;

    ExportFixture fx;
    TestApi pm;
    TestApi approver;

    @BeforeEach
    void setUp() {
        fx = new ExportFixture(jdbc);
        pm = TestApi.as(port, "pm");
        approver = TestApi.as(port, "approver");
        emu.faults().clear();
    }

    @AfterEach
    void restore() {
        emu.faults().clear();
        emu.faults().setDown(false);
    }

    private void sendAndAccept(long id) {
        TestApi.Response sent = pm.post(fx.send(id), null);
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        TestApi.Response accepted = approver.post(fx.erp(id, "accept"), null);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    }

    /** Set back to Draft, change line 1's amount, approve again — as a project manager edits a rejected CCO. */
    private void editAmount(long id, String amount) {
        String path = "/rest/v1.0/projects/" + fx.riverside + "/commitment_change_orders/" + id;
        assertThat(pm.patch(path, "{\"status\":\"draft\"}").status()).isEqualTo(200);
        TestApi.Response edited = pm.patch(path, "{\"line_items\":[{\"commitment_line_item_id\":"
                + sc1Line1() + ",\"description\":\"test line\",\"amount\":" + amount + "}]}");
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(pm.patch(path, "{\"status\":\"approved\"}").status()).isEqualTo(200);
    }

    private long sc1Line1() {
        return com.crosswalk.DemoSc1.lookUp(jdbc).sc1Line1();
    }

    private JsonNode row(String view, long id) {
        TestApi.Response list = approver.get("/rest/v1.0/companies/" + fx.companyId
                + "/erp/commitment_change_orders?view=" + view + "&per_page=1000");
        assertThat(list.status()).isEqualTo(200);
        return list.json().valueStream().filter(r -> r.get("id").asLong() == id).findFirst().orElseThrow();
    }

    @Test
    void failAfterInsertThenRejectEditResendEndsSyncedWithTheNewAmountAndNoLeftover() throws Exception {
        // an amount that would take SC0001 line 1 below zero: Acumatica saves the change order, then refuses the release
        long id = fx.cco(new BigDecimal("-600000.00"));
        sendAndAccept(id);
        fx.await(id, "failed", 20_000);
        List<ChangeOrderSnapshot> left = ErpContent.unreleased(jdbc, emu.store(), id);
        assertThat(left).as("the refused change order is in the ERP, back on hold").hasSize(1);
        assertThat(left.get(0).status()).isEqualTo(Store.ON_HOLD);
        JsonNode failed = row("failed", id);
        assertThat(failed.get("last_error").asString()).contains("negative");
        assertThat(failed.get("leftover").asString()).isEqualTo("Acumatica holds change order " + left.get(0).refNbr()
                + " from this attempt, On Hold; it will be updated or removed on the next export.");
        TestApi.Response cco = pm.get("/rest/v1.0/projects/" + fx.riverside + "/commitment_change_orders/" + id);
        assertThat(cco.json().get("erp").get("leftover").asString()).contains(left.get(0).refNbr());

        assertThat(approver.post(fx.erp(id, "reject"), "{\"reason\":\"Amount is wrong\"}").status()).isEqualTo(200);
        editAmount(id, "-6000.00");
        sendAndAccept(id);
        fx.await(id, "synced", 20_000);
        ErpContent.assertEqual(jdbc, emu.store(), id);
        assertThat(emu.store().changeOrder(left.get(0).refNbr())).as("the refused change order was removed").isEmpty();
    }

    @Test
    void retrieveEditResendExportsTheEditedContent() throws Exception {
        long id = fx.cco(new BigDecimal("15.00"));
        assertThat(pm.post(fx.send(id), null).status()).isEqualTo(200);
        String firstRef = fx.externalRef(id);
        assertThat(pm.post(fx.erp(id, "retrieve"), null).status()).isEqualTo(200);
        assertThat(fx.externalRef(id)).as("a new generation").isNotEqualTo(firstRef);
        editAmount(id, "16.50");
        sendAndAccept(id);
        fx.await(id, "synced", 20_000);
        ErpContent.assertEqual(jdbc, emu.store(), id);
        assertThat(emu.store().changeOrdersByExternalRef(firstRef)).isEmpty();
    }

    @Test
    void failedThenRetriedAsItIsEndsSyncedAndEqual() throws Exception {
        long id = fx.cco(new BigDecimal("17.00"));
        // saved, then every request refused until the export gives up
        emu.faults().add(FaultRule.builder().method("POST").entity("ChangeOrder").action("RemoveChangeOrderFromHold")
                .kind(FaultKind.ERROR_503).phase(FaultPhase.BEFORE_WRITE).count(1000).build());
        sendAndAccept(id);
        fx.await(id, "failed", 30_000);
        JsonNode failed = row("failed", id);
        assertThat(failed.get("last_error").asString()).contains("could not be reached");
        assertThat(failed.get("leftover").asString()).contains("On Hold");
        emu.faults().clear();
        assertThat(approver.post(fx.erp(id, "retry"), null).status()).isEqualTo(200);
        fx.await(id, "synced", 20_000);
        ErpContent.assertEqual(jdbc, emu.store(), id);
    }

    @Test
    void droppedAfterThePutThenTheErpDownThenRejectEditResendNeverAdoptsTheOldAmount() throws Exception {
        long id = fx.cco(new BigDecimal("1.00"));
        int injected = emu.faults().injected();
        emu.faults().add(FaultRule.builder().method("PUT").entity("ChangeOrder").kind(FaultKind.DROP_CONNECTION)
                .phase(FaultPhase.AFTER_WRITE).count(1).build());
        emu.faults().add(FaultRule.builder().method("POST").entity("ChangeOrder").action("RemoveChangeOrderFromHold")
                .kind(FaultKind.ERROR_503).phase(FaultPhase.BEFORE_WRITE).count(1000).build());
        sendAndAccept(id);
        fx.await(id, "failed", 30_000);
        assertThat(emu.faults().injected()).isGreaterThan(injected);
        String oldRef = fx.externalRef(id);
        List<ChangeOrderSnapshot> held = emu.store().changeOrdersByExternalRef(oldRef);
        assertThat(held).as("the ERP kept the first attempt's change order, amount 1.00 (%s)", row("failed", id))
                .hasSize(1);
        emu.faults().clear();
        emu.faults().setDown(true);
        assertThat(approver.post(fx.erp(id, "reject"), "{\"reason\":\"It should be 555.00\"}").status())
                .isEqualTo(200);
        emu.faults().setDown(false);
        editAmount(id, "555.00");
        sendAndAccept(id);
        fx.await(id, "synced", 20_000);
        ErpContent.assertEqual(jdbc, emu.store(), id);
        assertThat(emu.store().changeOrder(held.get(0).refNbr())).as("the 1.00 change order was removed").isEmpty();
        assertThat(jdbc.sql("select count(*) from erp_leftover where record_id = ? and resolved_at is null")
                .params(id).query(Long.class).single()).isZero();
    }

    @Test
    void anUnreleasedChangeOrderWithOurKeyButOtherContentIsReplacedNotAdopted() throws Exception {
        long id = fx.cco(new BigDecimal("19.00"));
        // an earlier attempt saved the change order and then the ERP went away; someone edited it in Acumatica meanwhile
        emu.faults().add(FaultRule.builder().method("POST").entity("ChangeOrder").action("RemoveChangeOrderFromHold")
                .kind(FaultKind.ERROR_503).phase(FaultPhase.BEFORE_WRITE).count(1000).build());
        sendAndAccept(id);
        fx.await(id, "failed", 30_000);
        emu.faults().clear();
        ChangeOrderSnapshot saved = emu.store().changeOrdersByExternalRef(fx.externalRef(id)).get(0);
        String ref = saved.refNbr();
        var body = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        body.putObject("RefNbr").put("value", ref);
        var line = body.putArray("Commitments").addObject();
        line.put("id", saved.commitments().get(0).id());
        line.putObject("Amount").put("value", new BigDecimal("1.00"));
        emu.store().put("ChangeOrder", body, Store.PutMode.UPDATE, null, "Commitments");
        assertThat(emu.store().changeOrder(ref).orElseThrow().commitments().get(0).amount()).isEqualByComparingTo("1.00");
        assertThat(approver.post(fx.erp(id, "retry"), null).status()).isEqualTo(200);
        fx.await(id, "synced", 20_000);
        ErpContent.assertEqual(jdbc, emu.store(), id);
        assertThat(emu.store().changeOrder(ref)).as("the edited one was removed, not adopted").isEmpty();
    }
}
