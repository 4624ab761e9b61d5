package com.crosswalk.erp.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.TestApi;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import com.crosswalk.acumatica.emulator.store.Snapshots.ChangeOrderSnapshot;
import com.crosswalk.acumatica.emulator.store.Store;
import com.crosswalk.commitments.ErpRecordState;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The export workflow end to end: REST as the demo users, the embedded PostgreSQL, db-scheduler, and the Acumatica
 * emulator over HTTP.
 */
@IntegrationTest
class ExportWorkflowTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AcumaticaEmulator emulator;
    @Autowired
    ErpRecordState erpRecordState;
    @Autowired
    ConfigurableApplicationContext context;

    ExportFixture fx;
    TestApi pm;
    TestApi approver;
    TestApi accountant;

    @BeforeEach
    void setUp() {
        fx = new ExportFixture(jdbc);
        pm = TestApi.as(port, "pm");
        approver = TestApi.as(port, "approver");
        accountant = TestApi.as(port, "accountant");
    }

    private List<ChangeOrderSnapshot> inErp(long ccoId) {
        return emulator.store().changeOrdersByExternalRef(fx.externalRef(ccoId));
    }

    @Test
    void sendAcceptExportsOneReleasedChangeOrderAndLocksTheCco() throws Exception {
        long id = fx.cco(new BigDecimal("1234.00"));
        BigDecimal lineBefore = emulator.store().subcontractLine("SC0001", 1);

        assertThat(accountant.post(fx.send(id), null).status()).isEqualTo(403);
        TestApi.Response sent = pm.post(fx.send(id), null);
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        assertThat(sent.json().get("state").asString()).isEqualTo("ready_to_export");
        assertThat(pm.post(fx.send(id), null).message()).contains("already sent");

        TestApi.Response ready = approver.get("/rest/v1.0/companies/" + fx.companyId
                + "/erp/commitment_change_orders?view=ready_to_export&per_page=1000");
        assertThat(ready.json().valueStream().map(r -> r.get("id").asLong())).contains(id);

        assertThat(pm.post(fx.erp(id, "accept"), null).status()).isEqualTo(403);
        TestApi.Response accepted = approver.post(fx.erp(id, "accept"), null);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.json().get("export_id").asString()).startsWith("cco-" + id + "-g1-");
        assertThat(erpRecordState.lockReason("commitment_change_order", id)).get().asString()
                .contains("waiting to be exported to Acumatica");

        fx.await(id, "synced", 15_000);

        com.crosswalk.ErpContent.assertEqual(jdbc, emulator.store(), id);

        TestApi.Response synced = approver.get("/rest/v1.0/companies/" + fx.companyId
                + "/erp/commitment_change_orders?view=synced&search=" + fx.jdbc.sql(
                "select number from commitment_change_order where id = ?").params(id).query(String.class).single());
        assertThat(synced.status()).isEqualTo(200);
        JsonNode row = synced.json().get(0);
        assertThat(row.get("id").asLong()).isEqualTo(id);
        assertThat(row.get("state").asString()).isEqualTo("synced");
        assertThat(row.get("synced_by").get("name").asString()).isNotBlank();
        assertThat(row.get("can_unlink").asBoolean()).isTrue();
        String refNbr = row.get("erp_key").asString();

        List<ChangeOrderSnapshot> cos = inErp(id);
        assertThat(cos).hasSize(1);
        assertThat(cos.get(0).refNbr()).isEqualTo(refNbr);
        assertThat(cos.get(0).status()).isEqualTo(Store.CLOSED);
        assertThat(cos.get(0).commitments()).singleElement()
                .satisfies(l -> {
                    assertThat(l.status()).isEqualTo(Store.LINE_UPDATE);
                    assertThat(l.poNbr()).isEqualTo("SC0001");
                    assertThat(l.poLineNbr()).isEqualTo(1);
                });
        assertThat(emulator.store().subcontractLine("SC0001", 1)).isEqualByComparingTo(lineBefore.add(new BigDecimal("1234.00")));

        // locked: edit and delete answer 409 with the reason, nothing changes
        assertThat(erpRecordState.lockReason("commitment_change_order", id)).contains(
                "This CCO is synced with Acumatica. Unlink it before editing or deleting it.");
        String base = "/rest/v1.0/projects/" + fx.riverside + "/commitment_change_orders/" + id;
        TestApi.Response edit = approver.patch(base, "{\"title\":\"changed\"}");
        assertThat(edit.status()).isEqualTo(409);
        assertThat(edit.message()).contains("synced with Acumatica");
        TestApi.Response delete = approver.delete(base);
        assertThat(delete.status()).isEqualTo(409);
        assertThat(jdbc.sql("select title from commitment_change_order where id = ?").params(id).query(String.class)
                .single()).startsWith("Export test");

        List<String> actions = jdbc.sql("select action from audit_event where record_type = 'commitment_change_order' "
                + "and record_id = ? order by id").params(id).query(String.class).list();
        assertThat(actions).containsSubsequence("export.sent", "export.accepted", "export.synced", "link.created");
    }

    @Test
    void anAccountingApproverWithoutCommitmentsAdminMayAcceptButNotSend() throws Exception {
        long id = fx.cco(new BigDecimal("10.00"));
        assertThat(accountant.post(fx.send(id), null).status()).isEqualTo(403);
        assertThat(pm.post(fx.send(id), null).status()).isEqualTo(200);
        TestApi.Response accepted = accountant.post(fx.erp(id, "accept"), null);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        fx.await(id, "synced", 15_000);
        com.crosswalk.ErpContent.assertEqual(jdbc, emulator.store(), id);
    }

    @Test
    void sendToErpNamesEachUnmetPrerequisite() {
        long brightlineCco = jdbc.sql("""
                select cco.id from commitment_change_order cco join commitment c on c.id = cco.commitment_id
                join vendor v on v.id = c.vendor_id where v.name = 'Brightline Electric' and cco.number = '001'""")
                .query(Long.class).single();
        long harbor = jdbc.sql("select project_id from commitment_change_order where id = ?").params(brightlineCco)
                .query(Long.class).single();
        TestApi.Response r = pm.post("/rest/v1.0/projects/" + harbor + "/commitment_change_orders/" + brightlineCco
                + "/send_to_erp", null);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.message()).contains("commitment SC-002 is not linked to Acumatica")
                .contains("vendor Brightline Electric is not linked to Acumatica");

        long unmapped = fx.cco("approved", new BigDecimal("5.00"), fx.costCode("99-999"));
        r = pm.post(fx.send(unmapped), null);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.message()).contains("line 1 has cost code 99-999, which Acumatica does not have");

        long draft = fx.cco("draft", new BigDecimal("5.00"), fx.costCode);
        r = pm.post(fx.send(draft), null);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.message()).contains("its status is Draft, not Approved");

        long both = fx.cco("pending", new BigDecimal("5.00"), fx.costCode("99-999"));
        r = pm.post(fx.send(both), null);
        assertThat(r.message()).contains("Pending").contains("99-999");
        assertThat(fx.state(both)).isNull();

        long synced = jdbc.sql("""
                select l.cco_id from erp_link l join commitment_change_order c on c.id = l.cco_id
                where l.external_ref = 'CW-DEMO-CCO-1'""").query(Long.class).single();
        r = pm.post("/rest/v1.0/projects/" + fx.riverside + "/commitment_change_orders/" + synced + "/send_to_erp", null);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.message()).contains("already synced with Acumatica");
    }

    @Test
    void aCrashBetweenTheErpWriteAndTheLinkWriteIsRetriedAndAdoptsTheChangeOrder() throws Exception {
        long id = fx.cco(new BigDecimal("77.00"));
        AtomicBoolean crashed = new AtomicBoolean();
        ExportHook hook = instance -> {
            if (instance.startsWith("cco-" + id + "-") && crashed.compareAndSet(false, true)) {
                throw new org.springframework.dao.DataAccessResourceFailureException(
                        "simulated crash: the database went away after the ERP write");
            }
        };
        DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getBeanFactory();
        beans.registerSingleton("crashAfterErpWrite", hook);
        try {
            assertThat(pm.post(fx.send(id), null).status()).isEqualTo(200);
            assertThat(approver.post(fx.erp(id, "accept"), null).status()).isEqualTo(200);
            fx.await(id, "synced", 20_000);
            com.crosswalk.ErpContent.assertEqual(jdbc, emulator.store(), id);
        } finally {
            beans.destroySingleton("crashAfterErpWrite");
        }
        assertThat(crashed).isTrue();
        assertThat(inErp(id)).hasSize(1);
        assertThat(inErp(id).get(0).status()).isEqualTo(Store.CLOSED);
        assertThat(jdbc.sql("select attempts from erp_export where cco_id = ?").params(id).query(Integer.class).single())
                .isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from erp_link where cco_id = ?").params(id).query(Integer.class).single())
                .isEqualTo(1);
    }

    @Test
    void anErpRejectionFailsWithItsMessageThenRetryAfterTheFixSyncsAndRejectReturnsItToTheProject() throws Exception {
        String code = "77-" + (100 + (int) (Math.random() * 899));
        long costCode = jdbc.sql("insert into cost_code (company_id, code, description, erp_code, imported_at) "
                + "values (?, ?, 'Not really in the ERP', ?, now()) returning id").params(fx.companyId, code, code)
                .query(Long.class).single();
        long id = fx.cco("approved", new BigDecimal("50.00"), costCode);
        assertThat(pm.post(fx.send(id), null).status()).isEqualTo(200);
        assertThat(approver.post(fx.erp(id, "accept"), null).status()).isEqualTo(200);
        fx.await(id, "failed", 15_000);

        TestApi.Response failed = approver.get("/rest/v1.0/companies/" + fx.companyId
                + "/erp/commitment_change_orders?view=failed&per_page=1000");
        JsonNode row = failed.json().valueStream().filter(r -> r.get("id").asLong() == id).findFirst().orElseThrow();
        assertThat(row.get("last_error").asString()).contains("Cost Code '" + code + "' cannot be found");
        assertThat(inErp(id)).isEmpty();
        assertThat(pm.post(fx.erp(id, "retry"), null).status()).isEqualTo(403);

        // fix it in the ERP, retry
        ObjectNode costCodeInErp = new ObjectMapper().createObjectNode();
        costCodeInErp.putObject("CostCodeID").put("value", code);
        costCodeInErp.putObject("Description").put("value", "Added for the test");
        emulator.store().put("CostCode", costCodeInErp, Store.PutMode.INSERT, null, null);
        assertThat(approver.post(fx.erp(id, "retry"), null).status()).isEqualTo(200);
        fx.await(id, "synced", 15_000);
        com.crosswalk.ErpContent.assertEqual(jdbc, emulator.store(), id);
        assertThat(inErp(id)).hasSize(1);

        // Reject from Failed: back in the project, editable, can be sent again
        String code2 = "78-" + (100 + (int) (Math.random() * 899));
        long costCode2 = jdbc.sql("insert into cost_code (company_id, code, description, erp_code, imported_at) "
                + "values (?, ?, 'Not in the ERP', ?, now()) returning id").params(fx.companyId, code2, code2)
                .query(Long.class).single();
        long other = fx.cco("approved", new BigDecimal("60.00"), costCode2);
        pm.post(fx.send(other), null);
        approver.post(fx.erp(other, "accept"), null);
        fx.await(other, "failed", 15_000);
        assertThat(approver.post(fx.erp(other, "reject"), "{\"reason\":\"\"}").status()).isEqualTo(400);
        TestApi.Response rejected = approver.post(fx.erp(other, "reject"), "{\"reason\":\"Wrong cost code\"}");
        assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
        assertThat(fx.state(other)).isEqualTo("rejected");
        assertThat(erpRecordState.lockReason("commitment_change_order", other)).isEmpty();
        assertThat(erpRecordState.summary("commitment_change_order", other).rejectionReason())
                .isEqualTo("Wrong cost code");
        jdbc.sql("update cco_line_item set cost_code_id = ? where cco_id = ?").params(fx.costCode, other).update();
        assertThat(pm.post(fx.send(other), null).status()).isEqualTo(200);
        assertThat(fx.state(other)).isEqualTo("ready_to_export");
    }

    @Test
    void theSenderMayRetrieveBeforeAcceptance() {
        long id = fx.cco(new BigDecimal("11.00"));
        assertThat(pm.post(fx.send(id), null).status()).isEqualTo(200);
        assertThat(approver.post(fx.erp(id, "retrieve"), null).status()).isEqualTo(403);
        TestApi.Response r = pm.post(fx.erp(id, "retrieve"), null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(fx.state(id)).isEqualTo("retrieved");
        assertThat(erpRecordState.lockReason("commitment_change_order", id)).isEmpty();
        assertThat(approver.post(fx.erp(id, "accept"), null).status()).isEqualTo(409);
        List<String> actions = jdbc.sql("select action from audit_event where record_type = 'commitment_change_order' "
                + "and record_id = ? order by id").params(id).query(String.class).list();
        assertThat(actions).containsExactly("export.sent", "export.retrieved");
    }

    @Test
    void permissionsAreCheckedBeforeTheRecordsStateForEveryWorkflowAction() {
        // Read Only on every tool and project of the company, no privilege
        String login = "ro" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        long user = jdbc.sql("""
                insert into app_user (company_id, login, display_name, password_hash, can_push_to_accounting,
                                      erp_integrations_level, directory_level)
                values (?, ?, 'Read Only', '{noop}demo', false, 'read_only', 'read_only') returning id""")
                .params(fx.companyId, login).query(Long.class).single();
        jdbc.sql("insert into project_permission (company_id, user_id, project_id, commitments_level) "
                + "select company_id, ?, id, 'read_only' from project where company_id = ?")
                .params(user, fx.companyId).update();
        TestApi readonly = TestApi.as(port, login);
        long notSent = fx.cco(new BigDecimal("12.00"));
        // a Read Only user hears 403 whatever the state (not 409 "not sent")
        for (String action : List.of("retrieve", "accept", "retry", "reject")) {
            TestApi.Response r = readonly.post(fx.erp(notSent, action), action.equals("reject")
                    ? "{\"reason\":\"no\"}" : null);
            assertThat(r.status()).as(action + ": " + r.body()).isEqualTo(403);
            assertThat(r.message()).as(action).isNotBlank();
        }
        assertThat(readonly.post(fx.send(notSent), null).status()).isEqualTo(403);
        // a record in Ready to Export: still 403 for Read Only, and for a Commitments Admin who did not send it
        long sent = fx.cco(new BigDecimal("13.00"));
        assertThat(pm.post(fx.send(sent), null).status()).isEqualTo(200);
        assertThat(readonly.post(fx.erp(sent, "retrieve"), null).status()).isEqualTo(403);
        assertThat(readonly.post(fx.send(sent), null).status()).isEqualTo(403);
        // whoever may act still hears the state: 409 for a record that was not sent
        TestApi.Response notSentYet = pm.post(fx.erp(notSent, "retrieve"), null);
        assertThat(notSentYet.status()).as(notSentYet.body()).isEqualTo(409);
        assertThat(approver.post(fx.erp(notSent, "accept"), null).status()).isEqualTo(409);
        assertThat(approver.post(fx.erp(notSent, "retry"), null).status()).isEqualTo(409);
        assertThat(approver.post(fx.erp(notSent, "reject"), "{\"reason\":\"no\"}").status()).isEqualTo(409);
        assertThat(fx.state(notSent)).isNull();
        assertThat(fx.state(sent)).isEqualTo("ready_to_export");
    }
}
