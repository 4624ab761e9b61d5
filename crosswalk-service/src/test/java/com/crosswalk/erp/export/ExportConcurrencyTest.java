package com.crosswalk.erp.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.TestApi;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import com.crosswalk.acumatica.emulator.store.Store;
import com.github.kagkarlsson.scheduler.Scheduler;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Several schedulers on one database (as several service instances), and the Accept → Synced measurement. */
@IntegrationTest
class ExportConcurrencyTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    ExportJob job;
    @Autowired
    ExportJobSettings settings;
    @Autowired
    AcumaticaEmulator emulator;

    private List<Long> sendAndAccept(ExportFixture fx, int n) {
        TestApi pm = TestApi.as(port, "pm");
        TestApi approver = TestApi.as(port, "approver");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long id = fx.cco(new BigDecimal("1.00"));
            assertThat(pm.post(fx.send(id), null).status()).isEqualTo(200);
            ids.add(id);
        }
        for (long id : ids) {
            assertThat(approver.post(fx.erp(id, "accept"), null).status()).isEqualTo(200);
        }
        return ids;
    }

    @Test
    void twoSchedulersExportTwentyCcosIntoExactlyTwentyChangeOrders() throws Exception {
        ExportFixture fx = new ExportFixture(jdbc);
        Scheduler second = ExportScheduler.build(dataSource, List.of(ExportScheduler.exportTask(job, settings)),
                settings, "second-instance");
        second.start();
        try {
            List<Long> ids = sendAndAccept(fx, 20);
            for (long id : ids) {
                fx.await(id, "synced", 60_000);
            }
            for (long id : ids) {
                var cos = emulator.store().changeOrdersByExternalRef(fx.externalRef(id));
                assertThat(cos).as("change orders for CCO %d", id).hasSize(1);
                assertThat(cos.get(0).status()).isEqualTo(Store.CLOSED);
                com.crosswalk.ErpContent.assertEqual(jdbc, emulator.store(), id);
            }
            assertThat(jdbc.sql("select count(*) from erp_link where cco_id in (:ids)").param("ids", ids)
                    .query(Integer.class).single()).isEqualTo(20);
            assertThat(jdbc.sql("select count(*) from erp_export where cco_id in (:ids) and attempts = 1")
                    .param("ids", ids).query(Integer.class).single()).isEqualTo(20);
        } finally {
            second.stop();
        }
    }

    /**
     * Accept → Synced median over 100 CCOs, emulator latency 50 ms per request. Not run by default:
     * {@code mvn -pl crosswalk-service test -Dtest=ExportConcurrencyTest -Dcrosswalk.measure=true}.
     */
    @Test
    @EnabledIfSystemProperty(named = "crosswalk.measure", matches = "true")
    void measureAcceptToSyncedMedian() throws Exception {
        ExportFixture fx = new ExportFixture(jdbc);
        long latency = emulator.faults().latencyMs();
        emulator.faults().setLatencyMs(50);
        try {
            long start = System.nanoTime();
            List<Long> ids = sendAndAccept(fx, 100);
            for (long id : ids) {
                fx.await(id, "synced", 300_000);
            }
            double wallS = (System.nanoTime() - start) / 1e9;
            List<Double> ms = jdbc.sql("""
                    select extract(epoch from (synced_at - accepted_at)) * 1000 from erp_export
                    where cco_id in (:ids) order by 1""").param("ids", ids).query(Double.class).list();
            double median = (ms.get(49) + ms.get(50)) / 2;
            System.out.printf("MEASURE Accept->Synced over %d CCOs, emulator latency 50 ms: median %.0f ms, "
                    + "p90 %.0f ms, max %.0f ms, wall %.1f s (send+accept+export), threads %d%n", ms.size(), median,
                    ms.get(89), ms.get(99), wallS, settings.threads());
        } finally {
            emulator.faults().setLatencyMs(latency);
        }
    }
}
