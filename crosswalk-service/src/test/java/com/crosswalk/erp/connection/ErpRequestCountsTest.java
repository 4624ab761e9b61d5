package com.crosswalk.erp.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.TestSession;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import com.crosswalk.erp.unlink.UnlinkTestSupport;
import com.crosswalk.erp.unlink.UnlinkTestSupport.Reply;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The ERP licence's requests used today (home page and summary): a real export through the emulator, and Crosswalk's
 * count of the company's requests grows by exactly what the emulator's own request log counted; the counts reach
 * {@code erp_request_minute} when flushed, and the home page shows them with the licence's limit.
 */
@IntegrationTest
class ErpRequestCountsTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AcumaticaEmulator emulator;
    @Autowired
    ErpConnectors connectors;
    @Autowired
    ErpRequestCounts counts;

    @Test
    void anExportsRequestsAreCountedAsTheErpCountsThem() throws InterruptedException {
        UnlinkTestSupport t = new UnlinkTestSupport(port, jdbc);
        long company = t.demoCompanyId();
        quiet();
        long emuBefore = emulator.stats().totalRequests();
        long oursBefore = today(t, company).get("requests").asLong();

        t.syncedCco(connectors, company, "Counted export " + System.nanoTime() % 100000, new BigDecimal("125.00"));

        long emuAdded = 0;
        long oursAdded = -1;
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            emuAdded = emulator.stats().totalRequests() - emuBefore;
            oursAdded = today(t, company).get("requests").asLong() - oursBefore;
            if (emuAdded > 0 && emuAdded == oursAdded) {
                break;
            }
            Thread.sleep(200);
        }
        System.out.println("[measure] ERP requests of one CCO export: emulator " + emuAdded + ", Crosswalk " + oursAdded);
        assertThat(emuAdded).as("the export reached the emulator").isPositive();
        assertThat(oursAdded).as("Crosswalk's count = the emulator's request log").isEqualTo(emuAdded);

        // written to the table: the same figure once flushed (nothing left only in memory)
        quiet();
        counts.flush();
        JsonNode today = today(t, company);
        long stored = jdbc.sql("""
                select coalesce(sum(requests), 0) from erp_request_minute where company_id = :c and minute >= :midnight""")
                .param("c", company).param("midnight", LocalDate.now(ZoneOffset.UTC).atStartOfDay().atOffset(ZoneOffset.UTC))
                .query(Long.class).single();
        assertThat(stored).isEqualTo(today.get("requests").asLong());
        assertThat(today.get("busiest_minute_requests").asLong()).isPositive()
                .isLessThanOrEqualTo(today.get("requests").asLong());
        assertThat(today.get("allowed_per_minute").asInt()).isEqualTo(jdbc.sql(
                "select max_requests_per_minute from erp_connection where company_id = :c").param("c", company)
                .query(Integer.class).single());

        // the home page says it in words
        String home = TestSession.signIn(port, "approver").get("/").body();
        assertThat(home).contains("id=\"erp-requests-today-count\">"
                + String.format(java.util.Locale.US, "%,d", today.get("requests").asLong()) + "<");
        assertThat(home).contains("the licence allows <span id=\"erp-requests-allowed\">"
                + String.format(java.util.Locale.US, "%,d", today.get("allowed_per_minute").asInt()) + "</span> a minute");
    }

    private static JsonNode today(UnlinkTestSupport t, long company) {
        Reply summary = t.get("approver", "/rest/v1.0/companies/" + company + "/erp/summary");
        assertThat(summary.status()).isEqualTo(200);
        return summary.body().get("erp_requests_today");
    }

    /** Until the emulator has seen no request for half a second (nothing in flight). */
    private void quiet() throws InterruptedException {
        long last = -1;
        for (int i = 0; i < 100; i++) {
            long now = emulator.stats().totalRequests();
            if (now == last) {
                return;
            }
            last = now;
            Thread.sleep(500);
        }
    }
}
