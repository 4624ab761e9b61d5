package com.crosswalk.erp.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.TestApi;
import com.crosswalk.TestSession;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The metrics the operator scrapes at {@code /actuator/prometheus} exist and move: one CCO exported, one unlink
 * attempted, one ERP request failed. Exports queued/running/failed/synced, ERP requests with their latency and errors
 * by method/entity/status, unlinks by outcome.
 */
@IntegrationTest
class ExportMetricsTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AcumaticaEmulator emu;

    /** The sum of every sample of {@code name} whose labels include all of {@code labels} ("k=\"v\""); -1 if none. */
    static double sample(String scrape, String name, String... labels) {
        double sum = 0;
        boolean found = false;
        for (String line : scrape.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            String labelPart = line.contains("{") ? line.substring(line.indexOf('{'), line.lastIndexOf('}') + 1) : "";
            if (Arrays.stream(labels).allMatch(labelPart::contains)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        return found ? sum : -1;
    }

    @Test
    void exportUnlinkAndErpErrorMoveTheirSeries() throws Exception {
        // who may read: the platform operator (or the scrape token, HardeningTest); nobody anonymous (401)
        TestSession operator = TestSession.signIn(port, "operator");
        HttpResponse<String> anonymous = TestSession.anonymous(port).get("/actuator/prometheus");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("crosswalk_");
        HttpResponse<String> first = operator.get("/actuator/prometheus");
        assertThat(first.statusCode()).isEqualTo(200);
        String before = first.body();
        String cco = "record_type=\"commitment_change_order\"";
        for (String outcome : new String[] {"queued", "synced", "failed"}) {
            assertThat(sample(before, "crosswalk_erp_exports_total", cco, "outcome=\"" + outcome + "\""))
                    .as(outcome).isGreaterThanOrEqualTo(0);
        }
        assertThat(sample(before, "crosswalk_erp_exports_running")).isGreaterThanOrEqualTo(0);
        assertThat(sample(before, "crosswalk_erp_exports_state", "state=\"failed\"")).isGreaterThanOrEqualTo(0);
        for (String outcome : new String[] {"unlinked", "still_in_erp", "forbidden", "not_synced", "erp_unavailable"}) {
            assertThat(sample(before, "crosswalk_unlinks_total", "outcome=\"" + outcome + "\"")).as(outcome)
                    .isGreaterThanOrEqualTo(0);
        }

        // one CCO exported (4 ERP requests: the change order is written with PUT), one unlink refused by the ERP check
        ExportFixture fx = new ExportFixture(jdbc);
        long id = fx.cco(new BigDecimal("17.00"));
        assertThat(TestApi.as(port, "pm").post(fx.send(id), null).status()).isEqualTo(200);
        assertThat(TestApi.as(port, "approver").post(fx.erp(id, "accept"), null).status()).isEqualTo(200);
        fx.await(id, "synced", 30_000);
        TestApi.Response unlink = TestApi.as(port, "pm").post(fx.erp(id, "unlink"), null);
        assertThat(unlink.status()).as(unlink.body()).isEqualTo(403);
        // one ERP request that fails: Test connection while the ERP answers 503
        emu.faults().setDown(true);
        try {
            TestApi.Response test = TestApi.as(port, "approver")
                    .post("/rest/v1.0/companies/" + fx.companyId + "/erp/connection/test", null);
            assertThat(test.status()).isEqualTo(200);
            assertThat(test.json().get("ok").asBoolean()).isFalse();
        } finally {
            emu.faults().setDown(false);
        }

        String after = operator.get("/actuator/prometheus").body();
        assertThat(sample(after, "crosswalk_erp_exports_total", cco, "outcome=\"queued\""))
                .isGreaterThanOrEqualTo(sample(before, "crosswalk_erp_exports_total", cco, "outcome=\"queued\"") + 1);
        assertThat(sample(after, "crosswalk_erp_exports_total", cco, "outcome=\"synced\""))
                .isGreaterThanOrEqualTo(sample(before, "crosswalk_erp_exports_total", cco, "outcome=\"synced\"") + 1);
        assertThat(sample(after, "crosswalk_erp_exports_duration_seconds_count", cco)).isGreaterThanOrEqualTo(1);

        String[] put = {"method=\"PUT\"", "entity=\"ChangeOrder\"", "status=\"200\""};
        assertThat(sample(after, "crosswalk_erp_requests_seconds_count", put))
                .isGreaterThanOrEqualTo(Math.max(0, sample(before, "crosswalk_erp_requests_seconds_count", put)) + 1);
        assertThat(sample(after, "crosswalk_erp_requests_seconds_sum", put))
                .isGreaterThan(Math.max(0, sample(before, "crosswalk_erp_requests_seconds_sum", put)));
        assertThat(sample(after, "crosswalk_erp_requests_seconds_max", put)).isGreaterThan(0);
        assertThat(sample(after, "crosswalk_erp_requests_seconds_count", "status=\"503\""))
                .isGreaterThanOrEqualTo(Math.max(0, sample(before, "crosswalk_erp_requests_seconds_count",
                        "status=\"503\"")) + 1);
        assertThat(sample(after, "crosswalk_erp_request_errors_total", "status=\"503\""))
                .isGreaterThanOrEqualTo(Math.max(0, sample(before, "crosswalk_erp_request_errors_total",
                        "status=\"503\"")) + 1);
        // a successful exchange is no error
        assertThat(sample(after, "crosswalk_erp_request_errors_total", "status=\"200\"")).isEqualTo(-1);

        assertThat(sample(after, "crosswalk_unlinks_total", "outcome=\"forbidden\""))
                .isEqualTo(sample(before, "crosswalk_unlinks_total", "outcome=\"forbidden\"") + 1);
    }
}
