package com.crosswalk.erp.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.TestSession;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.springframework.jdbc.core.simple.JdbcClient;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Health over HTTP: readiness is the database (and the service); each company's ERP connection is the group
 * {@code erp} and a gauge. The test profile caches the ERP check 500 ms.
 */
@IntegrationTest
class ErpHealthTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    AcumaticaEmulator emu;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MeterRegistry meters;

    record Answer(int status, JsonNode json, String body) {
    }

    Answer get(TestSession session, String path) {
        HttpResponse<String> r = session.get(path);
        return new Answer(r.statusCode(), JSON.readTree(r.body()), r.body());
    }

    /** Polls (bounded) until the answer matches: the ERP check is cached for a moment. */
    Answer await(TestSession session, String path, Predicate<Answer> done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        Answer a = get(session, path);
        while (!done.test(a) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            a = get(session, path);
        }
        return a;
    }

    static String component(Answer a, String name) {
        return a.json().path("components").path(name).path("status").asString("");
    }

    /**
     * Readiness is the service and its database: a company's ERP going down leaves it UP (one tenant's broken
     * Acumatica must not take every instance out of the load balancer). The ERP's health stays visible: the group
     * {@code erp} goes DOWN (with the company and a plain message for the operator), the gauge
     * {@code crosswalk.erp.up{company_id}} goes to 0, and both come back.
     */
    @Test
    void oneCompanysErpDownLeavesReadinessUpAndShowsInTheErpGroupAndGauge() throws Exception {
        TestSession anonymous = TestSession.anonymous(port);
        TestSession operator = TestSession.signIn(port, "operator");
        String company = Long.toString(jdbc.sql("select id from company where name = 'Summit Ridge Builders'")
                .query(Long.class).single());

        Answer ready = await(anonymous, "/actuator/health/readiness", a -> a.status() == 200);
        assertThat(ready.json().path("status").asString()).as(ready.body()).isEqualTo("UP");
        assertThat(component(ready, "db")).isEqualTo("UP");
        assertThat(component(ready, "readinessState")).isEqualTo("UP");
        assertThat(ready.json().path("components").has("erp")).as(ready.body()).isFalse();

        // (the group is DOWN while any company's ERP is: other tests leave companies behind, so the demo company's
        // own line is what this test follows)
        Answer erp = get(anonymous, "/actuator/health/erp-connections");
        assertThat(component(erp, "erp")).as(erp.body()).isIn("UP", "DOWN");
        // anonymous: components and their status only, no company names or messages
        assertThat(erp.json().path("components").path("erp").has("details")).isFalse();
        assertThat(erp.body()).doesNotContain("Summit");
        Answer detailed = await(operator, "/actuator/health/erp-connections", a -> "UP".equals(summit(a)));
        JsonNode summit = detailed.json().path("components").path("erp").path("details").path("Summit Ridge Builders");
        assertThat(summit.path("status").asString()).as(detailed.body()).isEqualTo("UP");
        assertThat(summit.path("erp").asString()).isEqualTo("Acumatica");
        assertThat(summit.path("message").asString()).startsWith("Connected to Acumatica");
        assertThat(detailed.body()).doesNotContain("password").doesNotContain("secret");
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> gauge(company) == 1.0);

        emu.faults().setDown(true);
        try {
            Answer why = await(operator, "/actuator/health/erp-connections", a -> "DOWN".equals(summit(a)));
            assertThat(why.status()).as(why.body()).isEqualTo(503);
            assertThat(component(why, "erp")).isEqualTo("DOWN");
            JsonNode s = why.json().path("components").path("erp").path("details").path("Summit Ridge Builders");
            assertThat(s.path("status").asString()).as(why.body()).isEqualTo("DOWN");
            assertThat(s.path("message").asString()).isNotBlank();
            assertThat(why.body()).doesNotContain("password").doesNotContain("secret");
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> gauge(company) == 0.0);

            // the service itself is healthy and ready: nothing restarts it or takes it out of the load balancer
            Answer stillReady = get(anonymous, "/actuator/health/readiness");
            assertThat(stillReady.status()).as(stillReady.body()).isEqualTo(200);
            assertThat(stillReady.json().path("status").asString()).isEqualTo("UP");
            Answer overall = get(anonymous, "/actuator/health");
            assertThat(overall.status()).as(overall.body()).isEqualTo(200);
            assertThat(overall.json().path("status").asString()).isEqualTo("UP");
            assertThat(get(anonymous, "/actuator/health/liveness").status()).isEqualTo(200);
        } finally {
            emu.faults().setDown(false);
        }
        Answer back = await(operator, "/actuator/health/erp-connections", a -> "UP".equals(summit(a)));
        assertThat(summit(back)).as(back.body()).isEqualTo("UP");
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> gauge(company) == 1.0);
    }

    private static String summit(Answer a) {
        return a.json().path("components").path("erp").path("details").path("Summit Ridge Builders").path("status")
                .asString("");
    }

    private double gauge(String companyId) {
        var g = meters.find("crosswalk.erp.up").tag("company_id", companyId).gauge();
        return g == null ? Double.NaN : g.value();
    }
}
