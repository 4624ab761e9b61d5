package com.crosswalk.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.crosswalk.DemoSc1;
import com.crosswalk.IntegrationTest;
import com.crosswalk.TestApi;
import com.crosswalk.TestChangeOrders;
import com.crosswalk.TestSession;
import com.crosswalk.directory.DirectoryService;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.erp.unlink.RequestLimits;
import com.crosswalk.erp.unlink.UnlinkOutcome;
import com.crosswalk.erp.unlink.UnlinkResult;
import com.crosswalk.shared.ForbiddenException;
import com.crosswalk.shared.Throttles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The items of "hardening against hostile tenants and input" (#15), each as a user or an attacker meets it: "None"
 * hides a project, the operator is not a company user, metrics need the operator or the scrape token, a deactivated
 * or deleted user's session ends cleanly, CSRF is skipped only for a real Basic/Bearer sign-in, the cluster-wide
 * sign-in throttle, 406 in JSON without an ERROR log, bad encodings and NUL as 400, decimal ids only, relative
 * redirects, the API's CSP, logins unique ignoring case, "1,5" refused in a form, the per-user limits, and the ERP
 * connection's password rule, URL policy and plain Test connection.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class HardeningTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PasswordEncoder encoder;
    @Autowired
    DirectoryService directory;
    @Autowired
    RequestLimits limits;
    @Autowired
    Throttles throttles;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    DemoSc1 demo;
    long harbor;

    @BeforeEach
    void setUp() {
        demo = DemoSc1.lookUp(jdbc);
        harbor = jdbc.sql("select id from project where company_id = ? and number = '1002'").params(demo.company())
                .query(Long.class).single();
    }

    /** A Summit user (password demo) with these levels; Commitments per project as given, others none. */
    private String user(String erp, String directoryLevel, Map<Long, String> commitments) {
        String login = "h" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        long id = jdbc.sql("""
                insert into app_user (company_id, login, display_name, password_hash, erp_integrations_level,
                                      directory_level) values (?, ?, 'Hardening', ?, ?, ?) returning id""")
                .params(demo.company(), login, encoder.encode("demo"), erp, directoryLevel).query(Long.class).single();
        commitments.forEach((project, level) -> jdbc.sql("""
                insert into project_permission (company_id, user_id, project_id, commitments_level) values (?, ?, ?, ?)""")
                .params(demo.company(), id, project, level).update());
        return login;
    }

    private long userId(String login) {
        return jdbc.sql("select id from app_user where login = ?").params(login).query(Long.class).single();
    }

    private HttpResponse<String> raw(String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path, e);
        }
    }

    private static String basic(String login, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------------------------------------- authorization

    @Test
    void noneOnAProjectsCommitmentsHidesTheProjectAndEverythingInItReadOnlyReads() {
        // ERP Integrations Read Only (the tool that lists every project's exports) and None on Riverside
        String login = user("read_only", "none", Map.of(demo.riverside(), "none", harbor, "read_only"));
        long cco = TestChangeOrders.insert(jdbc, demo.company(), demo.riverside(), demo.sc1(), "Hidden", "draft");
        TestApi api = TestApi.as(port, login);
        String riverside = "/rest/v1.0/projects/" + demo.riverside();
        for (String path : List.of(riverside, riverside + "/commitments", riverside + "/commitments/" + demo.sc1(),
                riverside + "/commitment_change_orders", riverside + "/commitment_change_orders/" + cco,
                riverside + "/cost_codes")) {
            TestApi.Response r = api.get(path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.body()).doesNotContain("Hidden").doesNotContain("SC-001");
        }
        assertThat(api.get("/rest/v1.0/projects?company_id=" + demo.company()).json().findValuesAsString("number"))
                .containsExactly("1002");
        assertThat(api.get("/rest/v1.0/projects/" + harbor + "/commitments").status()).isEqualTo(200);
        assertThat(api.post("/rest/v1.0/projects/" + harbor + "/commitment_change_orders",
                "{\"commitment_id\": 1, \"title\": \"T\"}").status()).isEqualTo(403);
        TestSession page = TestSession.signIn(port, login);
        for (String path : List.of("/projects/" + demo.riverside() + "/commitments",
                "/projects/" + demo.riverside() + "/commitments/" + demo.sc1(),
                "/projects/" + demo.riverside() + "/change-orders/" + cco,
                "/projects/" + demo.riverside() + "/change-orders/new?commitment=" + demo.sc1(),
                "/history/commitment_change_order/" + cco)) {
            HttpResponse<String> r = page.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).doesNotContain("Hidden").doesNotContain("Riverside Medical");
        }
        assertThat(page.get("/projects").body()).doesNotContain("Riverside").contains("Harbor View");
    }

    @Test
    void theOperatorManagesThePlatformNotCompanyRecords() {
        TestApi operator = TestApi.as(port, "operator");
        for (String path : List.of("/rest/v1.0/projects/" + demo.riverside(),
                "/rest/v1.0/projects/" + demo.riverside() + "/commitment_change_orders",
                "/rest/v1.0/projects?company_id=" + demo.company(),
                "/rest/v1.0/companies/" + demo.company() + "/vendors",
                "/rest/v1.0/companies/" + demo.company() + "/cost_types",
                "/rest/v1.0/companies/" + demo.company() + "/audit_events")) {
            TestApi.Response r = operator.get(path);
            assertThat(r.status()).as(path).isEqualTo(403);
            assertThat(r.message()).as(path).contains("platform operator");
        }
        assertThat(operator.get("/rest/v1.0/companies").status()).isEqualTo(200);
        assertThat(operator.get("/rest/v1.0/companies/" + demo.company() + "/users").status()).isEqualTo(200);
        assertThat(operator.get("/rest/v1.0/companies/" + demo.company() + "/audit_events?record_type=user").status())
                .isEqualTo(200);
        TestSession page = TestSession.signIn(port, "operator");
        assertThat(page.get("/projects/" + demo.riverside() + "/commitments/" + demo.sc1()).statusCode()).isEqualTo(403);
    }

    @Test
    void theDirectoryServiceChecksTheOperatorItselfForTheAccountingPrivilege() {
        String login = user("admin", "admin", Map.of());
        long id = userId(login);
        SignedInUser directoryAdmin = new SignedInUser(userId("approver"), demo.company(), "approver", "Approver",
                false, true, null);
        assertThatThrownBy(() -> directory.setCanPushToAccounting(directoryAdmin, demo.company(), id, true))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("Only the platform operator");
        assertThat(jdbc.sql("select can_push_to_accounting from app_user where id = ?").params(id)
                .query(Boolean.class).single()).isFalse();
    }

    @Test
    void metricsNeedTheOperatorOrTheScrapeToken() {
        assertThat(raw("GET", "/actuator/prometheus", Map.of(), null).statusCode()).isEqualTo(401);
        assertThat(raw("GET", "/actuator/prometheus", Map.of("Authorization", basic("pm", "demo")), null).statusCode())
                .isEqualTo(403);
        HttpResponse<String> pmSession = TestSession.signIn(port, "pm").get("/actuator/prometheus");
        assertThat(pmSession.statusCode()).isEqualTo(403);
        assertThat(pmSession.body()).doesNotContain("crosswalk_");
        assertThat(raw("GET", "/actuator/prometheus", Map.of("Authorization", basic("operator", "demo")), null)
                .statusCode()).isEqualTo(200);
        HttpResponse<String> scraped = raw("GET", "/actuator/prometheus",
                Map.of("Authorization", "Bearer test-scrape-token"), null);
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.body()).contains("crosswalk_erp_exports");
        assertThat(raw("GET", "/actuator/prometheus", Map.of("Authorization", "Bearer wrong"), null).statusCode())
                .isEqualTo(401);
        assertThat(raw("GET", "/actuator/health", Map.of(), null).statusCode()).isEqualTo(200);
    }

    // --------------------------------------------------------------------------------------------- session, CSRF

    @Test
    void aUserDeactivatedOrDeletedWhileSignedInIsSignedOutCleanly() {
        for (String how : List.of("deactivated", "deleted")) {
            String login = user("read_only", "read_only", Map.of(harbor, "read_only"));
            TestSession session = TestSession.signIn(port, login);
            assertThat(session.get("/projects").statusCode()).isEqualTo(200);
            if (how.equals("deactivated")) {
                jdbc.sql("update app_user set active = false where login = ?").params(login).update();
            } else {
                jdbc.sql("delete from project_permission where user_id = ?").params(userId(login)).update();
                jdbc.sql("delete from app_user where login = ?").params(login).update();
            }
            HttpResponse<String> page = session.get("/projects");
            assertThat(page.statusCode()).as(how).isEqualTo(302);
            assertThat(page.headers().firstValue("Location").orElse("")).as(how).isEqualTo("/login?inactive");
            assertThat(session.get("/login?inactive").body()).contains("no longer active");
            // the session is gone: the next request is simply not signed in
            assertThat(session.get("/directory").headers().firstValue("Location").orElse("")).endsWith("/login");
            HttpResponse<String> api = session.get("/rest/v1.0/me");
            assertThat(api.statusCode()).as(how).isEqualTo(401);
        }
    }

    @Test
    void csrfIsSkippedOnlyForRequestsThatReallySignedInWithBasicOrBearer() {
        TestSession session = TestSession.signIn(port, "approver");
        Map<String, String> before = Fingerprint.of(jdbc);
        String path = "/rest/v1.0/me/access_tokens";
        for (String authorization : List.of("", "Foo bar", "Basic " + Base64.getEncoder().encodeToString(
                "approver:wrong".getBytes()), "Bearer not-a-token", "Basic", "Bearer ")) {
            HttpResponse<String> r = session.request(HttpRequest.newBuilder(session.address(path))
                    .header("Content-Type", "application/json").header("Authorization", authorization)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"csrf\"}")));
            assertThat(r.statusCode()).as("'%s' with the session cookie and no CSRF token", authorization).isEqualTo(401);
        }
        HttpResponse<String> noHeader = session.request(HttpRequest.newBuilder(session.address(path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}")));
        assertThat(noHeader.statusCode()).isEqualTo(403);
        assertThat(Fingerprint.of(jdbc)).isEqualTo(before);
        // a real Basic sign-in needs no token
        assertThat(TestApi.as(port, "approver").post(path, "{\"name\":\"csrf ok\"}").status()).isEqualTo(201);
    }

    // ------------------------------------------------------------------------------------------ sign-in throttle

    @Test
    void theSignInThrottleSlowsOneLoginFromOneAddressNotTheRealUserElsewhereAndLivesInPostgres() {
        String login = user("none", "none", Map.of());
        String attacker = "203.0.113." + (1 + (int) (Math.random() * 250));
        String victim = "198.51.100." + (1 + (int) (Math.random() * 250));
        long rowsBefore = jdbc.sql("select count(*) from throttle_bucket").query(Long.class).single();
        for (int i = 0; i < 5; i++) {
            assertThat(raw("GET", "/rest/v1.0/me", Map.of("Authorization", basic(login, "wrong" + i),
                    "X-Forwarded-For", attacker), null).statusCode()).isEqualTo(401);
        }
        // the sixth try from that address is refused before the password is even checked: the right one too
        HttpResponse<String> locked = raw("GET", "/rest/v1.0/me", Map.of("Authorization", basic(login, "demo"),
                "X-Forwarded-For", attacker), null);
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.body()).contains("Too many failed sign-in attempts");
        // (one more try per window / 5: a minute by default, hours with the tests' 24 h window)
        assertThat(Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        // the login form from that address: back to the login page, told why
        HttpResponse<String> form = TestSession.anonymous(port).request(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/login")).header("X-Forwarded-For", attacker)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + login + "&password=demo")));
        assertThat(form.statusCode()).isIn(302, 403);
        // the real user, elsewhere, signs in at once
        assertThat(raw("GET", "/rest/v1.0/me", Map.of("Authorization", basic(login, "demo"), "X-Forwarded-For", victim),
                null).statusCode()).isEqualTo(200);
        // the buckets are rows in PostgreSQL (every instance sees them), keyed by hashes
        assertThat(jdbc.sql("select count(*) from throttle_bucket").query(Long.class).single()).isGreaterThan(rowsBefore);
        assertThat(jdbc.sql("select count(*) from throttle_bucket where id like ?").params("%" + login + "%")
                .query(Long.class).single()).isZero();
    }

    @Test
    void manyFailuresFromOneAddressSlowEveryLoginFromThatAddressOnly() {
        String address = "198.18.0." + (1 + (int) (Math.random() * 250));
        // the address's bucket ("signin-a", 1000 failures per 24 h in the tests) emptied as a password sprayer would
        throttles.record(new Throttles.Limit("signin-a", 1000, Duration.ofHours(24)), address, 1000);
        HttpResponse<String> sprayer = raw("GET", "/rest/v1.0/me", Map.of("Authorization", basic("pm", "demo"),
                "X-Forwarded-For", address), null);
        assertThat(sprayer.statusCode()).isEqualTo(429);
        assertThat(raw("GET", "/rest/v1.0/me", Map.of("Authorization", basic("pm", "demo"), "X-Forwarded-For",
                "198.18.1.1"), null).statusCode()).isEqualTo(200);
    }

    @Test
    void aSuccessfulSignInForgetsTheFailuresOfThatLoginAndAddress() {
        String login = user("none", "none", Map.of());
        String address = "192.0.2." + (1 + (int) (Math.random() * 250));
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 4; i++) {
                assertThat(raw("GET", "/rest/v1.0/me", Map.of("Authorization", basic(login, "wrong"),
                        "X-Forwarded-For", address), null).statusCode()).isEqualTo(401);
            }
            assertThat(raw("GET", "/rest/v1.0/me", Map.of("Authorization", basic(login, "demo"),
                    "X-Forwarded-For", address), null).statusCode()).as("round %d", round).isEqualTo(200);
        }
    }

    // -------------------------------------------------------------------------------------- input and negotiation

    @Test
    void anApiErrorOrAnswerForAClientThatAcceptsNoJsonIs406InJsonAndLogsNoError(CapturedOutput output) {
        int logBefore = output.getAll().length();
        for (String accept : List.of("application/xml", "text/html", "text/plain", "image/png")) {
            for (String path : List.of("/rest/v1.0/me", "/rest/v1.0/projects/-1", "/rest/v1.0/companies/abc",
                    "/rest/v1.0/nothing-here")) {
                HttpResponse<String> r = raw("GET", path, Map.of("Authorization", basic("pm", "demo"), "Accept", accept),
                        null);
                assertThat(r.statusCode()).as("%s Accept %s", path, accept).isIn(400, 404, 406);
                assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
                assertThat(r.body()).startsWith("{\"message\":");
            }
        }
        String log = output.getAll().substring(logBefore);
        assertThat(log).doesNotContain("ERROR").doesNotContain("Exception");
    }

    @Test
    void badEncodingsNulsAndNonDecimalIdsAreA400() throws Exception {
        Map<String, String> pm = Map.of("Authorization", basic("pm", "demo"));
        for (String path : List.of("/rest/v1.0/projects?company_id=%FF", "/rest/v1.0/projects?company_id=%C0%AF",
                "/rest/v1.0/projects?company_id=%ED%A0%80", "/rest/v1.0/projects?company_id=%", "/rest/v1.0/projects?x=%G1",
                "/rest/v1.0/companies/" + demo.company() + "/audit_events?record_type=%00",
                "/rest/v1.0/companies/0x" + Long.toHexString(demo.company()),
                "/rest/v1.0/companies/0" + demo.company(), "/rest/v1.0/companies/+" + demo.company() + "x")) {
            RawHttp.Response r = RawHttp.send(port, "GET", path, pm, null);
            assertThat(r.status()).as(path).isEqualTo(400);
            assertThat(r.body()).as(path).contains("{\"message\":");
        }
        TestSession session = TestSession.signIn(port, "pm");
        HttpResponse<String> page = session.get("/erp/commitment-change-orders?search=%FF");
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("not valid");
        HttpResponse<String> nul = session.get("/erp/commitment-change-orders?search=a%00b");
        assertThat(nul.statusCode()).isEqualTo(400);
    }

    @Test
    void redirectsAreRelativeTheHostHeaderIsNeverReflected() throws Exception {
        RawHttp.Response r = RawHttp.send(port, "GET", "/projects", Map.of("Host", "evil.example"), null);
        assertThat(r.status()).isEqualTo(302);
        assertThat(r.header("Location")).isEqualTo("/login");
        RawHttp.Response forwarded = RawHttp.send(port, "GET", "/erp", Map.of("Host", "evil.example",
                "X-Forwarded-Host", "evil.example", "Authorization", basic("pm", "demo")), null);
        assertThat(forwarded.header("Location")).doesNotContain("evil");
        RawHttp.Response project = RawHttp.send(port, "GET", "/projects/" + demo.riverside(), Map.of("Host",
                "evil.example"), null);
        assertThat(project.header("Location")).doesNotContain("evil");
    }

    @Test
    void theApiAndItsSwaggerUiCarryAContentSecurityPolicy() {
        HttpResponse<String> docs = raw("GET", "/rest/docs", Map.of("Authorization", basic("pm", "demo")), null);
        String location = docs.headers().firstValue("Location").orElse("/rest/docs");
        HttpResponse<String> ui = raw("GET", location.startsWith("http") ? URI.create(location).getPath() : location,
                Map.of("Authorization", basic("pm", "demo")), null);
        for (HttpResponse<String> r : List.of(docs, ui, raw("GET", "/rest/v1.0/me", Map.of("Authorization",
                basic("pm", "demo")), null))) {
            assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).as(r.uri().toString())
                    .contains("default-src 'self'").contains("frame-ancestors 'none'").contains("object-src 'none'");
        }
    }

    @Test
    void loginsAreUniqueIgnoringCaseInTheDatabaseAndSignInIgnoresCase() {
        assertThatThrownBy(() -> jdbc.sql("""
                insert into app_user (company_id, login, display_name, password_hash) values (?, 'APPROVER', 'x', 'x')""")
                .params(demo.company()).update()).hasMessageContaining("app_user_login_lower_key");
        TestApi.Response taken = TestApi.as(port, "approver").post("/rest/v1.0/companies/" + demo.company() + "/users",
                "{\"login\": \"Approver\", \"name\": \"Twin\"}");
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.message()).contains("already taken").doesNotContain("app_user");
        assertThat(TestApi.basic(port, "PM", "demo").get("/rest/v1.0/me").json().get("login").asString()).isEqualTo("pm");
    }

    // -------------------------------------------------------------------------------------------------- forms

    @Test
    void anAmountOf1Comma5IsRefusedBesideItsFieldAndNothingIsWritten() {
        TestSession pm = TestSession.signIn(port, "pm");
        Map<String, String> before = Fingerprint.of(jdbc);
        HttpResponse<String> r = pm.post("/projects/" + demo.riverside() + "/change-orders", TestSession.form(
                "commitment", Long.toString(demo.sc1()), "title", "Comma", "changeDate", "2026-03-01",
                "lineSov", Long.toString(demo.sc1Line1()), "lineAmount", "1,5", "lineDescription", "x",
                "lineSov", "abc", "lineAmount", "12", "lineDescription", "y",
                "lineSov", "", "lineAmount", "1,500.00", "lineDescription", "d".repeat(300)));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Line 1: the amount must be a number").contains("Line 2: choose an SOV line")
                .contains("Line 3: the description can be at most 255 characters")
                .doesNotContain("line_items[").contains("value=\"1,5\"");
        HttpResponse<String> longText = pm.post("/projects/" + demo.riverside() + "/change-orders", TestSession.form(
                "commitment", Long.toString(demo.sc1()), "title", "Long", "description", "x".repeat(4001),
                "lineAmount", "10"));
        assertThat(longText.statusCode()).isEqualTo(200);
        assertThat(longText.body()).contains("The description can be at most 4,000 characters");
        assertThat(Fingerprint.of(jdbc)).isEqualTo(before);
        // the same form, right: created
        HttpResponse<String> ok = pm.post("/projects/" + demo.riverside() + "/change-orders", TestSession.form(
                "commitment", Long.toString(demo.sc1()), "title", "Comma ok", "lineSov", Long.toString(demo.sc1Line1()),
                "lineAmount", "1,500.25", "lineDescription", "thousands"));
        assertThat(ok.statusCode()).isEqualTo(302);
        assertThat(jdbc.sql("select l.amount from cco_line_item l join commitment_change_order c on c.id = l.cco_id "
                + "where c.title = 'Comma ok' order by c.id desc limit 1").query(java.math.BigDecimal.class).single())
                .isEqualByComparingTo("1500.25");
    }

    // --------------------------------------------------------------------------------------------- limits

    @Test
    void refusedUnlinksAndReconciliationRequestsAreLimitedPerUser() {
        String login = user("admin", "none", Map.of(demo.riverside(), "admin"));
        jdbc.sql("update app_user set can_push_to_accounting = true where login = ?").params(login).update();
        SignedInUser u = new SignedInUser(userId(login), demo.company(), login, "x", false, true, null);
        List<UnlinkResult> refused = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            refused.add(new UnlinkResult(i, UnlinkOutcome.STILL_IN_ERP, "still there"));
        }
        limits.afterUnlink(u, refused);
        TestApi api = TestApi.as(port, login);
        Map<String, String> before = Fingerprint.of(jdbc);
        TestApi.Response r = api.post("/rest/v1.0/companies/" + demo.company() + "/erp/commitment_change_orders/1/unlink",
                null);
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.message()).contains("Too many of your unlinks were refused");
        assertThat(api.post("/rest/v1.0/companies/" + demo.company() + "/erp/commitment_change_orders/unlink",
                "{\"ids\": [1]}").status()).isEqualTo(429);
        assertThat(Fingerprint.of(jdbc)).isEqualTo(before);
        // another user is not affected
        assertThat(TestApi.as(port, "pm").post("/rest/v1.0/companies/" + demo.company()
                + "/erp/commitment_change_orders/1/unlink", null).status()).isNotEqualTo(429);
        throttles.record(new Throttles.Limit("reconcile", 1000, Duration.ofHours(24)), Long.toString(u.id()), 1000);
        TestApi.Response reconcile = api.post("/rest/v1.0/companies/" + demo.company() + "/erp/reconcile", null);
        assertThat(reconcile.status()).isEqualTo(429);
        assertThat(reconcile.message()).contains("Try again in");
    }

    // ---------------------------------------------------------------------------------------- ERP connection

    @Test
    void theErpConnectionKeepsItsPasswordWhereItWasSavedForAndNeverCallsThePrivateNetwork() {
        TestApi approver = TestApi.as(port, "approver");
        String connection = "/rest/v1.0/companies/" + demo.company() + "/erp/connection";
        String url = approver.get(connection).json().get("base_url").asString();
        Map<String, String> before = Fingerprint.of(jdbc);
        // a public address (TEST-NET-2: never contacted, the change is refused first)
        TestApi.Response moved = approver.send("PUT", connection, "{\"base_url\": \"https://198.51.100.7\"}");
        assertThat(moved.status()).isEqualTo(400);
        assertThat(moved.message()).contains("password is required");
        assertThat(approver.send("PUT", connection, "{\"username\": \"someone-else\"}").status()).isEqualTo(400);
        assertThat(approver.send("PUT", connection, "{\"tenant\": \"Other\"}").status()).isEqualTo(400);
        for (String internal : List.of("http://127.0.0.1:5432", "http://localhost:22", "http://169.254.169.254/latest",
                "http://10.1.2.3", "http://192.168.0.1:8080", "http://172.16.5.4", "http://[::1]:8080",
                "http://0.0.0.0:80", "http://100.64.0.1", "http://user:pw@erp.example.com")) {
            TestApi.Response r = approver.send("PUT", connection, "{\"base_url\": \"" + internal
                    + "\", \"password\": \"guess\"}");
            assertThat(r.status()).as(internal).isEqualTo(400);
            assertThat(r.message()).as(internal).startsWith("base_url");
        }
        assertThat(Fingerprint.of(jdbc)).isEqualTo(before);
        // the demo's own emulator stays allowed; with the password given, the URL may change
        assertThat(approver.send("PUT", connection, "{\"base_url\": \"" + url + "\"}").status()).isEqualTo(200);
        // Test connection in plain words: neither the remote text nor refused-vs-timed-out
        TestApi.Response wrong = approver.send("PUT", connection, "{\"password\": \"wrong-password\"}");
        try {
            assertThat(wrong.status()).isEqualTo(200);
            TestApi.Response test = approver.post(connection + "/test", null);
            assertThat(test.json().get("ok").asBoolean()).isFalse();
            assertThat(test.json().get("message").asString()).contains("did not accept a connection with these settings")
                    .doesNotContainIgnoringCase("refused").doesNotContainIgnoringCase("timed out")
                    .doesNotContainIgnoringCase("exception").doesNotContain("401");
        } finally {
            assertThat(approver.send("PUT", connection, "{\"password\": \"demo\"}").status()).isEqualTo(200);
        }
        TestApi.Response right = approver.post(connection + "/test", null);
        assertThat(right.json().get("ok").asBoolean()).as(right.body()).isTrue();
    }
}
