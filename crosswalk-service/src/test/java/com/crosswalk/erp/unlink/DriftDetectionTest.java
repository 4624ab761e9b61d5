package com.crosswalk.erp.unlink;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.TestApi;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import com.crosswalk.acumatica.emulator.store.Snapshots.ChangeOrderSnapshot;
import com.crosswalk.acumatica.emulator.store.Store;
import com.crosswalk.erp.connection.ErpConnectors;
import java.math.BigDecimal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Drift detection (issue 12): reconciliation compares the content of synced change orders with what was exported, not
 * only their presence. A change order partly reversed in Acumatica (its reversing change order edited before release)
 * becomes "Changed in Acumatica" with the differences listed — in the list, on the CCO and in the metric — and stays
 * "still in Acumatica" for unlink; a full reversal makes it gone.
 */
@IntegrationTest
class DriftDetectionTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AcumaticaEmulator emu;
    @Autowired
    ErpConnectors connectors;
    @Autowired
    Reconciliation reconciliation;

    UnlinkTestSupport t;
    long company;

    @BeforeEach
    void setUp() {
        t = new UnlinkTestSupport(port, jdbc);
        company = t.demoCompanyId();
        emu.faults().clear();
    }

    private JsonNode syncedRow(long id) {
        TestApi.Response list = TestApi.as(port, "approver").get("/rest/v1.0/companies/" + company
                + "/erp/commitment_change_orders?view=synced&per_page=1000");
        return list.json().valueStream().filter(r -> r.get("id").asLong() == id).findFirst().orElseThrow();
    }

    @Test
    void aPartlyReversedChangeOrderIsChangedInAcumaticaWithItsDifferencesAndCannotBeUnlinked() {
        UnlinkTestSupport.Synced synced = t.syncedCco(connectors, company, "Drift partly reversed",
                new BigDecimal("400.00"));
        reconciliation.reconcile(company);
        assertThat(t.link("cco_id", synced.ccoId()).get("erp_status")).isEqualTo("present");

        // reverse it in Acumatica, but release a reversal of only 150.00 of the 400.00
        String reversing = emu.store().reverse(synced.refNbr());
        ChangeOrderSnapshot rev = emu.store().changeOrder(reversing).orElseThrow();
        var body = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        body.putObject("RefNbr").put("value", reversing);
        var line = body.putArray("Commitments").addObject();
        line.put("id", rev.commitments().get(0).id());
        line.putObject("Amount").put("value", new BigDecimal("-150.00"));
        emu.store().put("ChangeOrder", body, Store.PutMode.UPDATE, null, "Commitments");
        emu.store().removeHold(reversing);
        emu.store().release(reversing);

        Reconciliation.Counts counts = reconciliation.reconcile(company);
        assertThat(counts.changed()).isGreaterThanOrEqualTo(1);
        JsonNode row = syncedRow(synced.ccoId());
        assertThat(row.get("erp_status").asString()).isEqualTo("changed");
        assertThat(row.get("erp_status_label").asString()).isEqualTo("Changed in Acumatica");
        JsonNode difference = row.get("erp_differences").get(0);
        assertThat(difference.get("theirs").asString()).isEqualTo("250.00");
        assertThat(difference.get("field").asString()).contains("SC0001 line 1");

        TestApi.Response cco = TestApi.as(port, "pm").get("/rest/v1.0/projects/" + t.projectId(company, "1001")
                + "/commitment_change_orders/" + synced.ccoId());
        assertThat(cco.json().get("erp").get("erp_status").asString()).isEqualTo("changed");
        assertThat(cco.json().get("erp").get("erp_differences")).hasSize(1);

        UnlinkTestSupport.Reply unlink = t.post("approver", UnlinkTestSupport.ccoUnlinkPath(company, synced.ccoId()),
                null);
        assertThat(unlink.status()).isEqualTo(409);
        assertThat(unlink.message()).isEqualTo("The CCO is still in Acumatica. Please delete it before retrying");

        // the operator's scrape counts it (the gauge reads the database at most every 10 s)
        com.crosswalk.TestSession operator = com.crosswalk.TestSession.signIn(port, "operator");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(operator.get("/actuator/prometheus").body()).containsPattern("crosswalk_erp_drift [1-9]"));
    }

    @Test
    void aFullyReversedChangeOrderIsGoneAndItsDifferencesAreCleared() {
        UnlinkTestSupport.Synced synced = t.syncedCco(connectors, company, "Drift fully reversed",
                new BigDecimal("60.00"));
        String reversing = emu.store().reverse(synced.refNbr());
        emu.store().removeHold(reversing);
        emu.store().release(reversing);
        reconciliation.reconcile(company);
        JsonNode row = syncedRow(synced.ccoId());
        assertThat(row.get("erp_status").asString()).isEqualTo("gone");
        assertThat(row.get("erp_status_label").asString()).isEqualTo("Gone from Acumatica — ready to unlink");
        assertThat(row.get("erp_differences")).isEmpty();
        assertThat(t.post("approver", UnlinkTestSupport.ccoUnlinkPath(company, synced.ccoId()), null).status())
                .isEqualTo(200);
    }
}
