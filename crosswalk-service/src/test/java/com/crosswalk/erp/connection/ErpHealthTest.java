package com.crosswalk.erp.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.TestSession;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import java.net.http.HttpResponse;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Readiness over HTTP: the database and every company's ERP connection (the demo emulator); the overall health and
 * liveness stay UP while the ERP is down. The test profile caches the ERP check 500 ms.
 */
@IntegrationTest
class ErpHealthTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    AcumaticaEmulator emu;

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

    @Test
    void readinessIsUpWithTheErpAndDownWithoutItWhileOverallHealthStaysUp() throws Exception {
        TestSession anonymous = TestSession.anonymous(port);
        TestSession operator = TestSession.signIn(port, "operator");

        Answer ready = await(anonymous, "/actuator/health/readiness", a -> a.status() == 200);
        assertThat(ready.status()).as(ready.body()).isEqualTo(200);
        assertThat(ready.json().path("status").asString()).isEqualTo("UP");
        assertThat(component(ready, "erp")).as(ready.body()).isEqualTo("UP");
        assertThat(component(ready, "db")).isEqualTo("UP");
        assertThat(component(ready, "readinessState")).isEqualTo("UP");
        // anonymous: components and their status only, no company names or messages
        assertThat(ready.json().path("components").path("erp").has("details")).isFalse();
        assertThat(ready.body()).doesNotContain("Summit");

        Answer detailed = get(operator, "/actuator/health/readiness");
        JsonNode summit = detailed.json().path("components").path("erp").path("details").path("Summit Ridge Builders");
        assertThat(summit.path("status").asString()).as(detailed.body()).isEqualTo("UP");
        assertThat(summit.path("erp").asString()).isEqualTo("Acumatica");
        assertThat(summit.path("message").asString()).startsWith("Connected to Acumatica");
        assertThat(detailed.body()).doesNotContain("password").doesNotContain("secret");

        emu.faults().setDown(true);
        try {
            Answer down = await(anonymous, "/actuator/health/readiness", a -> a.status() == 503);
            assertThat(down.status()).as(down.body()).isEqualTo(503);
            assertThat(down.json().path("status").asString()).isEqualTo("DOWN");
            assertThat(component(down, "erp")).isEqualTo("DOWN");
            assertThat(component(down, "db")).isEqualTo("UP");

            Answer why = get(operator, "/actuator/health/readiness");
            JsonNode s = why.json().path("components").path("erp").path("details").path("Summit Ridge Builders");
            assertThat(s.path("status").asString()).as(why.body()).isEqualTo("DOWN");
            assertThat(s.path("message").asString()).isNotBlank();
            assertThat(why.body()).doesNotContain("password").doesNotContain("secret");

            // the service itself is healthy: the launcher's start check and the liveness probe do not wait for the ERP
            Answer overall = get(anonymous, "/actuator/health");
            assertThat(overall.status()).as(overall.body()).isEqualTo(200);
            assertThat(overall.json().path("status").asString()).isEqualTo("UP");
            assertThat(get(anonymous, "/actuator/health/liveness").status()).isEqualTo(200);
        } finally {
            emu.faults().setDown(false);
        }
        Answer back = await(anonymous, "/actuator/health/readiness", a -> a.status() == 200);
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        assertThat(component(back, "erp")).isEqualTo("UP");
    }
}
