package com.crosswalk.erp.acumatica;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.acumatica.client.AcumaticaClient;
import com.crosswalk.acumatica.client.AcumaticaClientConfig;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import com.crosswalk.acumatica.emulator.EmulatorConfig;
import com.crosswalk.erp.connector.ChangeOrderExport;
import com.crosswalk.erp.connector.ErpConnectionSettings;
import com.crosswalk.erp.connector.ErpDocument;
import com.crosswalk.erp.connector.ErpDocuments;
import com.crosswalk.erp.connector.ErpPresence;
import com.crosswalk.erp.connector.ErpRecordRef;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Acumatica connector against the emulator over HTTP, through each endpoint version a company's ERP connection
 * may name ({@code endpoint_version}): a change order inserted, released and read back, an unreleased one taken off
 * hold removed (held first: Acumatica deletes only On Hold), and what Unlink asks — present, reversal pending, gone
 * (deleted, Canceled, or reversed with the reversal released) — one by one and in a batch. No Spring context: the
 * connector and the emulator alone; every request and answer checked against that version's contract.
 */
class AcumaticaConnectorTest {

    private AcumaticaEmulator emu;
    private AcumaticaConnector connector;

    @BeforeEach
    void startEmulator() {
        emu = AcumaticaEmulator.start(EmulatorConfig.defaults().withPort(0).withDemo(true));
    }

    @AfterEach
    void stop() {
        if (connector != null) {
            connector.close();
        }
        try {
            assertThat(emu.contractViolations()).isEmpty();
        } finally {
            emu.close();
        }
    }

    private ErpDocuments<ChangeOrderExport> changeOrders(String version) {
        ErpConnectionSettings s = new ErpConnectionSettings(1, AcumaticaConnectorProvider.TYPE, "Acumatica",
                emu.baseUrl(), "Demo", null, "Default", version, "cookie", "admin", "demo", null, null, "COMMITMENT", 2,
                4, 600);
        AcumaticaClient client = AcumaticaClient.create(AcumaticaClientConfig.builder().baseUrl(s.baseUrl())
                .endpointName(s.endpointName()).endpointVersion(s.endpointVersion()).tenant(s.tenant())
                .username(s.username()).password(s.password()).maxSessions(2).maxRetries(2)
                .initialBackoff(Duration.ofMillis(20)).build());
        connector = new AcumaticaConnector(client, s);
        assertThat(connector.testConnection().message()).contains("endpoint Default/" + version);
        return connector.changeOrders();
    }

    private static ChangeOrderExport cco(String externalRef, String amount) {
        return new ChangeOrderExport(externalRef, "RIVERSIDE", "SC0001", "subcontract", "APEXCON", "004",
                "Dewatering", null, LocalDate.of(2025, 6, 2), List.of(new ChangeOrderExport.Line(1, "03-300", null,
                        "Dewatering", null, null, new BigDecimal(amount))));
    }

    private static ErpPresence presence(ErpDocuments<ChangeOrderExport> docs, ErpDocument d, ChangeOrderExport sent) {
        return docs.check(d.ref(), sent).presence();
    }

    @ParameterizedTest(name = "Default/{0}")
    @ValueSource(strings = {"23.200.001", "24.200.001"})
    void exportRemoveAndTheGoneRulesThroughEachEndpointVersion(String version) {
        ErpDocuments<ChangeOrderExport> docs = changeOrders(version);

        ChangeOrderExport sent = cco("CW-CONN-1", "300.00");
        ErpDocument released = docs.release(docs.insert(sent));
        assertThat(emu.store().changeOrder(released.key())).get().satisfies(co -> {
            assertThat(co.status()).isEqualTo("Closed");
            assertThat(co.externalRefNbr()).isEqualTo("CW-CONN-1");
            assertThat(co.commitments()).singleElement().satisfies(l -> {
                assertThat(l.poNbr()).isEqualTo("SC0001");
                assertThat(l.amount()).isEqualByComparingTo("300.00");
            });
        });
        assertThat(docs.findByExternalRefs(List.of("CW-CONN-1"))).singleElement()
                .satisfies(d -> assertThat(docs.differences(sent, d)).isEmpty());
        assertThat(presence(docs, released, sent)).isEqualTo(ErpPresence.PRESENT);

        // reversed, reversal not released → pending; released → gone
        String reversing = emu.store().reverse(released.key());
        assertThat(presence(docs, released, sent)).isEqualTo(ErpPresence.REVERSAL_PENDING);
        emu.store().removeHold(reversing);
        emu.store().release(reversing);
        assertThat(presence(docs, released, sent)).isEqualTo(ErpPresence.GONE);

        // Canceled never affected the commitment → gone; put back On Hold → present again
        ChangeOrderExport sent2 = cco("CW-CONN-2", "5.00");
        ErpDocument canceled = docs.insert(sent2);
        assertThat(presence(docs, canceled, sent2)).isEqualTo(ErpPresence.PRESENT);
        emu.store().cancel(canceled.key());
        assertThat(presence(docs, canceled, sent2)).isEqualTo(ErpPresence.GONE);
        ChangeOrderExport sent3 = cco("CW-CONN-3", "5.00");
        ErpDocument heldAgain = docs.insert(sent3);
        emu.store().cancel(heldAgain.key());
        emu.store().hold(heldAgain.key());
        assertThat(presence(docs, heldAgain, sent3)).isEqualTo(ErpPresence.PRESENT);

        // an unreleased leftover taken off hold: removed (held first), then gone
        ChangeOrderExport sent4 = cco("CW-CONN-4", "5.00");
        ErpDocument open = docs.insert(sent4);
        emu.store().removeHold(open.key());
        ErpDocument seen = docs.findByExternalRefs(List.of("CW-CONN-4")).get(0);
        assertThat(seen.status()).isEqualTo("Open");
        docs.remove(seen);
        assertThat(emu.store().changeOrder(open.key())).isEmpty();
        assertThat(presence(docs, open, sent4)).isEqualTo(ErpPresence.GONE);

        // the batch gives the same answers
        ChangeOrderExport sent5 = cco("CW-CONN-5", "1.00");
        ErpDocument present = docs.release(docs.insert(sent5));
        ChangeOrderExport sent6 = cco("CW-CONN-6", "1.00");
        ErpDocument pending = docs.release(docs.insert(sent6));
        emu.store().reverse(pending.key());
        Map<ErpRecordRef, ChangeOrderExport> linked = new LinkedHashMap<>();
        linked.put(released.ref(), sent);
        linked.put(canceled.ref(), sent2);
        linked.put(heldAgain.ref(), sent3);
        linked.put(open.ref(), sent4);
        linked.put(present.ref(), sent5);
        linked.put(pending.ref(), sent6);
        Map<ErpRecordRef, ErpPresence> batch = new LinkedHashMap<>();
        docs.check(linked).forEach((ref, finding) -> batch.put(ref, finding.presence()));
        assertThat(batch).containsEntry(released.ref(), ErpPresence.GONE)
                .containsEntry(canceled.ref(), ErpPresence.GONE).containsEntry(heldAgain.ref(), ErpPresence.PRESENT)
                .containsEntry(open.ref(), ErpPresence.GONE).containsEntry(present.ref(), ErpPresence.PRESENT)
                .containsEntry(pending.ref(), ErpPresence.REVERSAL_PENDING);
    }
}
