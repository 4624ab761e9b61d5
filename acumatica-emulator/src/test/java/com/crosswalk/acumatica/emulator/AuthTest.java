package com.crosswalk.acumatica.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthTest {
    static AcumaticaEmulator emu;

    @BeforeAll
    static void start() {
        emu = AcumaticaEmulator.start(EmulatorConfig.defaults().withPort(0).withDemo(true).withMaxSessions(2)
                .withSessionIdleTimeout(Duration.ofMillis(800)).withTokenLifetime(Duration.ofSeconds(1)));
    }

    @AfterAll
    static void stop() {
        assertThat(emu.contractViolations()).isEmpty();
        emu.close();
    }

    @Test
    void cookieLoginLogoutAnd401() throws Exception {
        Api a = new Api(emu);
        Api.Res no = a.get("ChangeOrder/000001");
        assertThat(no.status()).isEqualTo(401);
        assertThat(no.json().get("message").asText()).isNotBlank();
        Api.Res in = a.login();
        assertThat(in.raw().headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("ASP.NET_SessionId="))
                .anyMatch(c -> c.startsWith(".ASPXAUTH=")).anyMatch(c -> c.startsWith("CompanyID=Demo"));
        assertThat(a.get("ChangeOrder/000001").status()).isEqualTo(200);
        assertThat(a.logout().status()).isEqualTo(204);
        assertThat(a.get("ChangeOrder/000001").status()).isEqualTo(401);
        assertThat(emu.stats().logouts()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void badCredentialsIs500PXException() {
        Api a = new Api(emu);
        Api.Res r = a.post("/entity/auth/login", "{\"name\":\"admin\",\"password\":\"wrong\",\"tenant\":\"Demo\"}");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.json().get("exceptionMessage").asText()).isEqualTo("Error: Invalid credentials. Please try again.");
        assertThat(r.json().get("exceptionType").asText()).isEqualTo("PX.Data.PXException");
        assertThat(a.post("/entity/auth/login", "{\"name\":\"admin\",\"password\":\"demo\",\"tenant\":\"Other\"}").status()).isEqualTo(500);
    }

    @Test
    void sessionLimitIs429ApiLoginLimitAndIdleSessionsExpire() throws Exception {
        emu.faults().expireAllSessions();
        Api a = new Api(emu), b = new Api(emu), c = new Api(emu);
        a.login();
        b.login();
        Api.Res r = c.post("/entity/auth/login", "{\"name\":\"admin\",\"password\":\"demo\",\"tenant\":\"Demo\"}");
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.body()).contains("API Login Limit");
        assertThat(emu.stats().maxConcurrentSessions()).isGreaterThanOrEqualTo(2);
        a.logout();
        c.login();
        // idle timeout (800 ms here)
        Thread.sleep(1000);
        assertThat(b.get("Vendor/APEXCON").status()).isEqualTo(401);
        assertThat(emu.stats().activeSessions()).isZero();
        a.login();
        emu.faults().expireAllSessions();
        assertThat(a.get("Vendor/APEXCON").status()).isEqualTo(401);
    }

    @Test
    void oauthPasswordAndRefreshGrants() throws Exception {
        emu.faults().expireAllSessions();
        Api a = new Api(emu);
        HttpResponse<String> bad = token(a, "grant_type=password&username=admin&password=demo&client_id=abc@Wrong&client_secret=s&scope=api");
        assertThat(bad.statusCode()).isEqualTo(400);
        HttpResponse<String> badPwd = token(a, "grant_type=password&username=admin&password=x&client_id=abc@Demo&client_secret=s&scope=api");
        assertThat(Api.M.readTree(badPwd.body()).get("error").asText()).isEqualTo("invalid_grant");
        HttpResponse<String> ok = token(a, "grant_type=password&username=admin&password=demo&client_id=abc@Demo&client_secret=s&scope=api%20offline_access");
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode t = Api.M.readTree(ok.body());
        assertThat(t.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(t.get("expires_in").asInt()).isEqualTo(1);
        assertThat(t.get("scope").asText()).isEqualTo("api offline_access");
        a.bearer = t.get("access_token").asText();
        assertThat(a.get("ChangeOrder/000001").status()).isEqualTo(200);
        Thread.sleep(1200);
        assertThat(a.get("ChangeOrder/000001").status()).isEqualTo(401);
        HttpResponse<String> refreshed = token(a, "grant_type=refresh_token&refresh_token=" + t.get("refresh_token").asText() + "&client_id=abc@Demo&client_secret=s");
        assertThat(refreshed.statusCode()).isEqualTo(200);
        a.bearer = Api.M.readTree(refreshed.body()).get("access_token").asText();
        assertThat(a.get("ChangeOrder/000001").status()).isEqualTo(200);
        assertThat(a.logout().status()).isEqualTo(204);
        assertThat(a.get("ChangeOrder/000001").status()).isEqualTo(401);
        assertThat(token(a, "grant_type=client_credentials&client_id=abc@Demo").statusCode()).isEqualTo(400);
    }

    private static HttpResponse<String> token(Api a, String form) throws Exception {
        return a.http.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/identity/connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
