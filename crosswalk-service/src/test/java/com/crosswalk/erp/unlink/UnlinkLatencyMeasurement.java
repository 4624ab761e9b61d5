package com.crosswalk.erp.unlink;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.erp.unlink.UnlinkTestSupport.Reply;
import com.crosswalk.erp.unlink.UnlinkTestSupport.Synced;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A measurement, not a test of time: the latency of a successful unlink through REST with 50 ms added to every ERP
 * request. Not picked up by the default test run (the name does not end in Test); run it with
 * {@code mvn -B -q -pl crosswalk-service test -Dtest=UnlinkLatencyMeasurement}.
 */
@IntegrationTest
class UnlinkLatencyMeasurement extends UnlinkTestBase {

    static final int N = Integer.getInteger("unlink.measure.n", 50);

    @Test
    void unlinkLatencyWith50msErpLatency() {
        List<Synced> ccos = new ArrayList<>();
        for (int i = 0; i < N + 5; i++) {
            Synced s = t.syncedCco(connectors, company, "Latency " + i, new BigDecimal("1.00"));
            String reversing = emu.store().reverse(s.refNbr());
            emu.store().removeHold(reversing);
            emu.store().release(reversing);
            ccos.add(s);
        }
        emu.faults().setLatencyMs(50);
        long requestsBefore = emu.stats().totalRequests();
        List<Double> millis = new ArrayList<>();
        try {
            for (int i = 0; i < ccos.size(); i++) {
                long start = System.nanoTime();
                Reply r = t.post("approver", UnlinkTestSupport.ccoUnlinkPath(company, ccos.get(i).ccoId()), null);
                double ms = (System.nanoTime() - start) / 1e6;
                assertThat(r.status()).isEqualTo(200);
                if (i >= 5) { // the first few warm up the JIT and the ERP session
                    millis.add(ms);
                }
            }
        } finally {
            emu.faults().setLatencyMs(0);
        }
        double requestsPerUnlink = (emu.stats().totalRequests() - requestsBefore) / (double) ccos.size();
        Collections.sort(millis);
        double median = millis.get(millis.size() / 2);
        double p99 = millis.get(Math.min(millis.size() - 1, (int) Math.ceil(millis.size() * 0.99) - 1));
        System.out.printf("UNLINK LATENCY (ERP latency 50 ms, n=%d): median %.1f ms, p99 %.1f ms, min %.1f, max %.1f; "
                + "%.1f ERP requests per unlink%n",
                millis.size(), median, p99, millis.get(0), millis.get(millis.size() - 1), requestsPerUnlink);
    }
}
