package com.crosswalk.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.DemoSc1;
import com.crosswalk.TestApi;
import com.crosswalk.TestChangeOrders;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import com.crosswalk.acumatica.emulator.store.Snapshots.ChangeOrderSnapshot;
import com.crosswalk.acumatica.emulator.store.Store;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/** CCOs of the tests' own on the demo company's Riverside SC-001 line 1 (1.00 each), sent and accepted over REST. */
final class CcoFixture {

    final JdbcClient jdbc;
    final int port;
    private final DemoSc1 demo;
    final long company;
    final long riverside;

    CcoFixture(JdbcClient jdbc, int port) {
        this.jdbc = jdbc;
        this.port = port;
        demo = DemoSc1.lookUp(jdbc);
        company = demo.company();
        riverside = demo.riverside();
    }

    /** A new Approved CCO (numbered as the service numbers them: {@link TestChangeOrders}). */
    long cco() {
        long id = TestChangeOrders.insert(jdbc, company, riverside, demo.sc1(), "Reliability", "approved");
        demo.addLine(jdbc, id, demo.costCode(), "reliability line", new BigDecimal("1.00"));
        return id;
    }

    String erp(long id, String action) {
        return "/rest/v1.0/companies/" + company + "/erp/commitment_change_orders/" + id + "/" + action;
    }

    /** Send to ERP (pm) and Accept (approver): the export is queued. */
    void sendAndAccept(long id) {
        TestApi.Response sent = TestApi.as(port, "pm")
                .post("/rest/v1.0/projects/" + riverside + "/commitment_change_orders/" + id + "/send_to_erp", null);
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        TestApi.Response accepted = TestApi.as(port, "approver").post(erp(id, "accept"), null);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    }

    String state(long id) {
        return jdbc.sql("select state from erp_export where cco_id = ?").params(id).query(String.class).optional()
                .orElse(null);
    }

    String lastError(long id) {
        return jdbc.sql("select last_error from erp_export where cco_id = ?").params(id).query(String.class).optional()
                .orElse(null);
    }

    String externalRef(long id) {
        return jdbc.sql("select external_ref from erp_export where cco_id = ?").params(id).query(String.class).single();
    }

    int links(long id) {
        return jdbc.sql("select count(*) from erp_link where cco_id = ?").params(id).query(Integer.class).single();
    }

    /** Waits (bounded) until the export leaves {@code exporting}; returns the state it reached. */
    String awaitSettled(long id, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        String s = state(id);
        while (System.currentTimeMillis() < deadline) {
            s = state(id);
            if (!"exporting".equals(s)) {
                return s;
            }
            Thread.sleep(50);
        }
        return s;
    }

    /** Synced, one link, exactly one released change order in the ERP carrying our key, the link pointing at it. */
    void assertExportedOnce(AcumaticaEmulator emu, long id) {
        assertThat(state(id)).as("CCO %d (last error %s)", id, lastError(id)).isEqualTo("synced");
        List<ChangeOrderSnapshot> cos = emu.store().changeOrdersByExternalRef(externalRef(id));
        assertThat(cos).as("change orders for CCO %d", id).hasSize(1);
        assertThat(cos.get(0).status()).isEqualTo(Store.CLOSED);
        List<Map<String, Object>> links = jdbc.sql("select erp_key from erp_link where cco_id = ?").params(id).query()
                .listOfRows();
        assertThat(links).hasSize(1);
        assertThat(links.get(0).get("erp_key")).isEqualTo(cos.get(0).refNbr());
        com.crosswalk.ErpContent.assertEqual(jdbc, emu.store(), id);
    }

    /** Not synced and not linked, whatever the ERP holds (a failed export is never shown as synced). */
    void assertNotSynced(long id) {
        assertThat(state(id)).isNotEqualTo("synced");
        assertThat(links(id)).isZero();
    }
}
