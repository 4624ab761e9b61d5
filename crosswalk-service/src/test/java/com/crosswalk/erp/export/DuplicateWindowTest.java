package com.crosswalk.erp.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.crosswalk.ErpContent;
import com.crosswalk.IntegrationTest;
import com.crosswalk.TestApi;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.erp.connector.ChangeOrderExport;
import com.crosswalk.erp.sync.CanonicalJson;
import com.crosswalk.erp.sync.RecordType;
import com.crosswalk.erp.sync.RecordTypes;
import com.crosswalk.erp.sync.SyncRecords;
import com.crosswalk.erp.sync.SyncRecords.Attempt;
import com.crosswalk.erp.sync.SyncRecords.Completion;
import com.github.kagkarlsson.scheduler.Scheduler;
import java.math.BigDecimal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The duplicate window (issue 12): db-scheduler revives an execution whose JVM stalled past its heartbeat window while
 * the first still runs. Two executions of one export, interleaved at the worst moments, still leave exactly one
 * change order in the ERP, holding exactly the CCO — the second execution takes the lease, and the first removes what
 * it inserted once it sees it lost the lease.
 */
@IntegrationTest
class DuplicateWindowTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AcumaticaEmulator emu;
    @Autowired
    Scheduler scheduler;
    @Autowired
    SyncRecords sync;
    @Autowired
    RecordTypes types;
    @Autowired
    ErpConnectors connectors;

    ExportFixture fx;
    @SuppressWarnings("unchecked")
    RecordType<ChangeOrderExport> type;

    @SuppressWarnings("unchecked")
    @BeforeEach
    void setUp() {
        fx = new ExportFixture(jdbc);
        type = (RecordType<ChangeOrderExport>) types.byRecordType("commitment_change_order");
        scheduler.pause(); // this test runs the executions itself
    }

    @AfterEach
    void resume() {
        scheduler.resume();
    }

    private String acceptedExport(BigDecimal amount) {
        long id = fx.cco(amount);
        assertThat(TestApi.as(port, "pm").post(fx.send(id), null).status()).isEqualTo(200);
        assertThat(TestApi.as(port, "approver").post(fx.erp(id, "accept"), null).status()).isEqualTo(200);
        return jdbc.sql("select job_instance_id from erp_export where cco_id = ?").params(id).query(String.class)
                .single();
    }

    private long idOf(String instance) {
        return Long.parseLong(instance.split("-")[1]);
    }

    private ExportAttempt<ChangeOrderExport> attempt(Attempt a) {
        ChangeOrderExport payload = CanonicalJson.read(a.export().payload(), ChangeOrderExport.class);
        return new ExportAttempt<>(type, type.documents(connectors.forCompany(fx.companyId)), sync, a, payload,
                "Acumatica");
    }

    @Test
    void aRevivedExecutionAfterTheFirstReleasedAdoptsItsChangeOrder() {
        String instance = acceptedExport(new BigDecimal("31.00"));
        long id = idOf(instance);
        Attempt first = sync.startAttempt(type, id, instance).orElseThrow();
        ExportAttempt.Outcome firstDone = attempt(first).run(); // released in the ERP, then the JVM stalls
        assertThat(firstDone).isInstanceOf(ExportAttempt.Done.class);

        Attempt revived = sync.startAttempt(type, id, instance).orElseThrow();
        ExportAttempt.Outcome second = attempt(revived).run();
        assertThat(second).isInstanceOf(ExportAttempt.Done.class);
        assertThat(((ExportAttempt.Done) second).document().key())
                .isEqualTo(((ExportAttempt.Done) firstDone).document().key());
        assertThat(sync.succeed(type, revived, ((ExportAttempt.Done) second).document().ref(), "Acumatica",
                "change order")).isEqualTo(Completion.SYNCED);
        // the stalled first execution wakes up and tries to link: it no longer holds the lease
        assertThat(sync.succeed(type, first, ((ExportAttempt.Done) firstDone).document().ref(), "Acumatica",
                "change order")).isEqualTo(Completion.NOT_CURRENT);
        ErpContent.assertEqual(jdbc, emu.store(), id);
    }

    @Test
    void aStalledFirstExecutionThatInsertsAfterTheRevivedOneRemovesItsOwnInsert() {
        String instance = acceptedExport(new BigDecimal("32.00"));
        long id = idOf(instance);
        Attempt first = sync.startAttempt(type, id, instance).orElseThrow(); // then stalls before its insert
        ExportAttempt<ChangeOrderExport> stalled = attempt(first);

        Attempt revived = sync.startAttempt(type, id, instance).orElseThrow();
        ExportAttempt.Outcome second = attempt(revived).run();
        assertThat(sync.succeed(type, revived, ((ExportAttempt.Done) second).document().ref(), "Acumatica",
                "change order")).isEqualTo(Completion.SYNCED);

        // the first wakes up and inserts: right after the insert it sees the lease taken and removes its change order
        assertThatThrownBy(stalled::run).isInstanceOf(ExportAttempt.Superseded.class);
        ErpContent.assertEqual(jdbc, emu.store(), id);
        assertThat(ErpContent.ours(jdbc, emu.store(), id)).as("one change order, none left over").hasSize(1);
    }

    @Test
    void twoExecutionsRacingFromTheStartLeaveOneChangeOrder() throws Exception {
        String instance = acceptedExport(new BigDecimal("33.00"));
        long id = idOf(instance);
        Attempt first = sync.startAttempt(type, id, instance).orElseThrow();
        Attempt revived = sync.startAttempt(type, id, instance).orElseThrow();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(() -> attempt(first).run());
            var b = pool.submit(() -> attempt(revived).run());
            ExportAttempt.Outcome outcomeB = b.get();
            assertThatThrownBy(a::get).hasCauseInstanceOf(ExportAttempt.Superseded.class);
            assertThat(sync.succeed(type, revived, ((ExportAttempt.Done) outcomeB).document().ref(), "Acumatica",
                    "change order")).isEqualTo(Completion.SYNCED);
        } finally {
            pool.shutdown();
        }
        ErpContent.assertEqual(jdbc, emu.store(), id);
    }
}
