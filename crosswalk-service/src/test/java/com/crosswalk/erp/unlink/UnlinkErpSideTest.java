package com.crosswalk.erp.unlink;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.acumatica.emulator.store.Snapshots.ChangeOrderSnapshot;
import com.crosswalk.acumatica.emulator.store.Store;
import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.erp.unlink.UnlinkTestSupport.Reply;
import com.crosswalk.erp.unlink.UnlinkTestSupport.Synced;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * What the ERP says decides: a deleted change order is gone (unlink succeeds); deleting the reversing change order
 * puts the original back (refused); an ERP that can not be reached changes nothing (503); two unlinks at once —
 * exactly one wins.
 */
@IntegrationTest
class UnlinkErpSideTest extends UnlinkTestBase {

    static final String RED = "The CCO is still in Acumatica. Please delete it before retrying";

    @Autowired
    PasswordEncoder encoder;
    @Autowired
    javax.sql.DataSource dataSource;

    @Test
    void deletingTheUnreleasedChangeOrderInTheErpMakesItGoneAndUnlinkSucceeds() throws Exception {
        // a linked change order that was never released (still On Hold in Acumatica)
        long cco = t.syncedCco(connectors, company, "Held change order", new BigDecimal("10.00")).ccoId();
        String onHold = unreleasedChangeOrder("CW-T-HELD-" + cco);
        jdbc.sql("update erp_link set erp_key = :k, erp_id = null where cco_id = :id")
                .param("k", onHold).param("id", cco).update();

        Reply stillThere = t.post("approver", UnlinkTestSupport.ccoUnlinkPath(company, cco), null);
        assertThat(stillThere.status()).isEqualTo(409);
        assertThat(stillThere.message()).isEqualTo(RED);

        emu.store().delete(onHold);
        assertThat(emu.store().changeOrder(onHold)).isEmpty();

        Reply ok = t.post("approver", UnlinkTestSupport.ccoUnlinkPath(company, cco), null);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.message()).isEqualTo("Successfully Unlinked");
        assertThat(t.link("cco_id", cco)).isNull();
        assertThat(t.export("cco_id", cco)).containsEntry("state", "unlinked");
    }

    @Test
    void deletingTheReversingChangeOrderPutsTheOriginalBackAndUnlinkIsRefused() {
        Synced synced = t.syncedCco(connectors, company, "Reversal withdrawn", new BigDecimal("20.00"));
        String reversing = emu.store().reverse(synced.refNbr());

        emu.store().delete(reversing);
        assertThat(emu.store().changeOrder(synced.refNbr())).get()
                .extracting(ChangeOrderSnapshot::reverseStatus).isEqualTo("None");

        Reply r = t.post("approver", UnlinkTestSupport.ccoUnlinkPath(company, synced.ccoId()), null);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.message()).isEqualTo(RED);
        assertThat(t.link("cco_id", synced.ccoId())).containsEntry("erp_key", synced.refNbr());
        assertThat(t.export("cco_id", synced.ccoId())).containsEntry("state", "synced");
    }

    @Test
    void anErpThatCanNotBeReachedChangesNothing() {
        Synced synced = t.syncedCco(connectors, company, "ERP down", new BigDecimal("30.00"));
        reverseAndRelease(synced.refNbr());
        Map<String, Object> exportBefore = t.export("cco_id", synced.ccoId());
        long failures = t.auditCount("cco.unlink_refused", synced.ccoId());

        emu.faults().setDown(true);
        Reply down;
        try {
            down = t.post("approver", UnlinkTestSupport.ccoUnlinkPath(company, synced.ccoId()), null);
        } finally {
            emu.faults().setDown(false);
        }
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.message()).contains("Acumatica could not be reached").contains("nothing was changed");
        assertThat(t.link("cco_id", synced.ccoId())).containsEntry("erp_key", synced.refNbr());
        assertThat(t.export("cco_id", synced.ccoId())).isEqualTo(exportBefore);
        assertThat(t.auditCount("cco.unlink_refused", synced.ccoId())).isEqualTo(failures + 1);

        // with the ERP back, the same unlink goes through
        Reply ok = t.post("approver", UnlinkTestSupport.ccoUnlinkPath(company, synced.ccoId()), null);
        assertThat(ok.status()).isEqualTo(200);
    }

    @Test
    void anUnreachableBaseUrlChangesNothing() {
        Synced synced = t.syncedCco(connectors, company, "Wrong ERP URL", new BigDecimal("31.00"));
        reverseAndRelease(synced.refNbr());
        String url = jdbc.sql("select base_url from erp_connection where company_id = :c").param("c", company)
                .query(String.class).single();
        Reply r;
        try {
            // a port nobody listens on; updated_at bumps so ErpConnectors rebuilds the connector
            jdbc.sql("update erp_connection set base_url = 'http://127.0.0.1:9', updated_at = now() where company_id = :c")
                    .param("c", company).update();
            r = t.post("approver", UnlinkTestSupport.ccoUnlinkPath(company, synced.ccoId()), null);
        } finally {
            jdbc.sql("update erp_connection set base_url = :u, updated_at = now() where company_id = :c")
                    .param("u", url).param("c", company).update();
        }
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.message()).contains("Acumatica could not be reached");
        assertThat(t.link("cco_id", synced.ccoId())).isNotNull();
        assertThat(t.export("cco_id", synced.ccoId())).containsEntry("state", "synced").containsEntry("generation", 1);
    }

    @Test
    void twoUsersUnlinkingTheSameGoneCcoAtOnceExactlyOneSucceeds() throws Exception {
        String second = t.user(encoder, company, t.projectId(company, "1001"), "admin", "standard", true);
        for (int round = 0; round < 3; round++) {
            Synced synced = t.syncedCco(connectors, company, "Race " + round, new BigDecimal("40.00"));
            reverseAndRelease(synced.refNbr());
            String path = UnlinkTestSupport.ccoUnlinkPath(company, synced.ccoId());
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Reply>> replies = new ArrayList<>();
                for (String login : List.of("approver", second)) {
                    replies.add(pool.submit(() -> {
                        start.await();
                        return t.post(login, path, null);
                    }));
                }
                start.countDown();
                List<Reply> done = new ArrayList<>();
                for (Future<Reply> f : replies) {
                    done.add(f.get(60, TimeUnit.SECONDS));
                }
                assertThat(done).extracting(Reply::status).containsExactlyInAnyOrder(200, 409);
                Reply loser = done.stream().filter(r -> r.status() == 409).findFirst().orElseThrow();
                assertThat(loser.message()).startsWith("This CCO is no longer synced with Acumatica");
            } finally {
                pool.shutdownNow();
            }
            assertThat(t.link("cco_id", synced.ccoId())).isNull();
            assertThat(t.export("cco_id", synced.ccoId())).containsEntry("state", "unlinked").containsEntry("generation", 2);
            assertThat(t.auditCount("cco.unlinked", synced.ccoId())).isEqualTo(1);
        }
    }

    /**
     * The re-check under the row lock, made deterministic: another transaction holds the export row's lock; the
     * unlink asks the ERP (gone), then waits for the lock; the other transaction unlinks and commits; the waiting
     * unlink must see that and change nothing.
     */
    @Test
    void anUnlinkWaitingForTheRowLockReChecksAndChangesNothing() throws Exception {
        Synced synced = t.syncedCco(connectors, company, "Lock re-check", new BigDecimal("41.00"));
        reverseAndRelease(synced.refNbr());
        String path = UnlinkTestSupport.ccoUnlinkPath(company, synced.ccoId());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (var connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (var lock = connection.prepareStatement("select id from erp_export where cco_id = ? for update")) {
                lock.setLong(1, synced.ccoId());
                lock.executeQuery().close();
            }
            Future<Reply> waiting = pool.submit(() -> t.post("approver", path, null));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!blockedOnALock() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(blockedOnALock()).as("the unlink waits for the row lock").isTrue();
            try (var other = connection.prepareStatement(
                    "update erp_export set state = 'unlinked', generation = generation + 1 where cco_id = ?");
                 var unlink = connection.prepareStatement("delete from erp_link where cco_id = ?")) {
                other.setLong(1, synced.ccoId());
                other.executeUpdate();
                unlink.setLong(1, synced.ccoId());
                unlink.executeUpdate();
            }
            connection.commit();
            Reply r = waiting.get(60, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(409);
            assertThat(r.message()).startsWith("This CCO is no longer synced with Acumatica");
        } finally {
            pool.shutdownNow();
        }
        assertThat(t.export("cco_id", synced.ccoId())).containsEntry("generation", 2); // only the other's change
        assertThat(t.auditCount("cco.unlinked", synced.ccoId())).isZero();
    }

    private boolean blockedOnALock() {
        return jdbc.sql("""
                select exists(select 1 from pg_stat_activity
                              where wait_event_type = 'Lock' and query like '%erp_export%for update%')""")
                .query(Boolean.class).single();
    }

    private void reverseAndRelease(String refNbr) {
        String reversing = emu.store().reverse(refNbr);
        emu.store().removeHold(reversing);
        emu.store().release(reversing);
    }

    /** A change order created in Acumatica and left On Hold (never released): only such a one can be deleted. */
    private String unreleasedChangeOrder(String externalRef) throws Exception {
        ObjectNode body = (ObjectNode) new ObjectMapper().readTree("""
                {"ProjectID":{"value":"RIVERSIDE"},"Class":{"value":"COMMITMENT"},"Hold":{"value":true},
                 "Description":{"value":"Entered by mistake"},"ExternalRefNbr":{"value":"%s"}}""".formatted(externalRef));
        ObjectNode created = emu.store().put("ChangeOrder", body, Store.PutMode.INSERT, null, null);
        return created.path("RefNbr").path("value").asText();
    }
}
