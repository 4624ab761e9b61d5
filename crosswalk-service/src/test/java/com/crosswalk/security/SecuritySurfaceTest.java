package com.crosswalk.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.TestApi;
import com.crosswalk.security.Endpoints.Endpoint;
import com.crosswalk.security.Endpoints.Ids;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The whole surface, enumerated from Spring's handler mapping: sign-in required everywhere but login and health;
 * another company's ids are "not found" on every endpoint with ids; the permission matrix of every REST write;
 * CSRF on session writes; security headers; secrets never returned or logged; the audit log unalterable.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class SecuritySurfaceTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;
    @Autowired
    PasswordEncoder encoder;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    List<Endpoint> endpoints;
    Ids summit;
    Ids northwind;

    @BeforeEach
    void setUp() {
        endpoints = Endpoints.all(mapping);
        assertThat(endpoints).hasSizeGreaterThan(40);
        long nwToken = TestApi.as(port, "nw_admin").post("/rest/v1.0/me/access_tokens", "{\"name\":\"sec\"}").json()
                .get("id").asLong();
        long summitToken = TestApi.as(port, "approver").post("/rest/v1.0/me/access_tokens", "{\"name\":\"sec\"}")
                .json().get("id").asLong();
        summit = Ids.of(jdbc, "Summit Ridge Builders", summitToken);
        northwind = Ids.of(jdbc, "Northwind Construction", nwToken);
    }

    private HttpResponse<String> raw(String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path, e);
        }
    }

    @Test
    void everyEndpointButLoginAndHealthRequiresSignIn() {
        // the one-time password link: the link is the proof (an unknown one is "not found")
        Set<String> open = Set.of("/login", "/password-link/{token}");
        List<String> checked = new ArrayList<>();
        for (Endpoint e : endpoints) {
            if (open.contains(e.pattern())) {
                continue;
            }
            String path = Endpoints.path(e.pattern(), summit);
            HttpResponse<String> r = raw(e.method(), path, e.write() ? Map.of("Content-Type", "application/json")
                    : Map.of(), e.write() ? "{}" : null);
            if (e.pattern().startsWith("/hooks/")) {
                // the ERP's webhook: no user signs in, the company's secret must be in its header
                assertThat(r.statusCode()).as("%s without the secret", e).isEqualTo(401);
                assertThat(r.body()).as("%s", e).contains("X-Crosswalk-Secret");
            } else if (e.rest()) {
                assertThat(r.statusCode()).as("%s unauthenticated", e).isEqualTo(401);
                assertThat(r.body()).as("%s", e).contains("\"message\"");
            } else if (!e.write()) {
                assertThat(r.statusCode()).as("%s unauthenticated", e).isEqualTo(302);
                assertThat(r.headers().firstValue("Location").orElse("")).as("%s", e).endsWith("/login");
            } else {
                // a form post without session: refused by CSRF (403) or sent to the login page
                assertThat(r.statusCode()).as("%s unauthenticated", e).isIn(302, 403);
                if (r.statusCode() == 302) {
                    assertThat(r.headers().firstValue("Location").orElse("")).endsWith("/login");
                }
            }
            checked.add(e.toString());
        }
        // actuator: health open, metrics not
        assertThat(raw("GET", "/actuator/health", Map.of(), null).statusCode()).isEqualTo(200);
        assertThat(raw("GET", "/login", Map.of(), null).statusCode()).isEqualTo(200);
        for (String p : List.of("/actuator/prometheus", "/actuator/metrics", "/actuator/info")) {
            assertThat(raw("GET", p, Map.of(), null).statusCode()).as(p).isIn(302, 401);
        }
        System.out.println("SECURITY sign-in required on " + checked.size() + " endpoint/method pairs");
    }

    @Test
    void anotherCompanysIdsAreNotFoundOnEveryEndpointWithIds() {
        int checked = 0;
        Map<String, String> before = Fingerprint.of(jdbc);
        for (Endpoint e : endpoints) {
            if (!e.hasPathIds() || e.pattern().startsWith("/rest/openapi") || e.pattern().startsWith("/rest/docs")
                    || e.pattern().startsWith("/webjars")) {
                continue;
            }
            if (!e.rest() && e.write()) {
                continue; // page forms: see pageFormsOfAnotherCompanyAreNotFound (needs a session and a CSRF token)
            }
            for (var who : List.of(Map.entry("approver", northwind), Map.entry("nw_admin", summit))) {
                String path = Endpoints.path(e.pattern(), who.getValue());
                if (!path.matches(".*\\d.*")) {
                    continue; // no id in this path (only a {records:...} choice)
                }
                HttpResponse<String> r = e.rest()
                        ? raw(e.method(), path, Map.of("Authorization", basic(who.getKey()), "Content-Type",
                                "application/json", "Accept", "application/json"), e.write() ? "{}" : null)
                        : raw(e.method(), path, Map.of("Cookie", sessionCookie(who.getKey())), null);
                if (!e.rest() && r.statusCode() == 302) {
                    // a page that redirects to its first tab: the tab must be "not found"
                    String to = r.headers().firstValue("Location").orElse("");
                    assertThat(to).as("%s redirects", e).doesNotEndWith("/login");
                    r = raw("GET", URI.create(to).getPath(), Map.of("Cookie", sessionCookie(who.getKey())), null);
                }
                if (e.pattern().startsWith("/history/")) {
                    // the history page of another company's record is the 404 page, naming nothing of that record
                    assertThat(r.statusCode()).as("%s as %s", e, who.getKey()).isEqualTo(404);
                    assertThat(r.body()).doesNotContain(who.getKey().equals("approver") ? "Northwind" : "Summit Ridge")
                            .doesNotContain("Extra curb and gutter").doesNotContain("Added rebar at footings");
                } else if (r.statusCode() == 400 || r.statusCode() == 403) {
                    // refused before the record is looked up (the body {}, a missing parameter): the same answer as
                    // with the caller's own company's ids, so nothing about the other company's record is disclosed
                    Ids own = who.getKey().equals("approver") ? summit : northwind;
                    String ownPath = Endpoints.path(e.pattern(), own);
                    int ownStatus = e.rest()
                            ? raw(e.method(), ownPath, Map.of("Authorization", basic(who.getKey()), "Content-Type",
                                    "application/json", "Accept", "application/json"), e.write() ? "{}" : null).statusCode()
                            : raw(e.method(), ownPath, Map.of("Cookie", sessionCookie(who.getKey())), null).statusCode();
                    assertThat(ownStatus).as("%s: %d for the other company's ids, so also for one's own", e,
                            r.statusCode()).isEqualTo(r.statusCode());
                } else {
                    assertThat(r.statusCode()).as("%s as %s on the other company's ids: %s", e, who.getKey(), r.body())
                            .isEqualTo(404);
                }
                checked++;
            }
        }
        assertThat(Fingerprint.of(jdbc)).isEqualTo(before);
        System.out.println("SECURITY tenant isolation: " + checked + " requests with another company's ids");
    }

    // ------------------------------------------------------------------------------------------- permission matrix

    /** Users with exactly the product table's levels, plus one with Read Only everywhere and no privilege. */
    private String readOnlyUser() {
        String login = "ro" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        long id = jdbc.sql("""
                insert into app_user (company_id, login, display_name, password_hash, can_push_to_accounting,
                                      erp_integrations_level, directory_level)
                values (?, ?, 'Read Only', ?, false, 'read_only', 'read_only') returning id""")
                .params(summit.company(), login, encoder.encode("demo")).query(Long.class).single();
        jdbc.sql("insert into project_permission (company_id, user_id, project_id, commitments_level) "
                + "select company_id, ?, id, 'read_only' from project where company_id = ?")
                .params(id, summit.company()).update();
        return login;
    }

    /**
     * Who must be refused (403) each REST write, from the product's table: pm = Commitments Admin, ERP Read Only,
     * Directory Read Only, no privilege; accountant = Commitments Standard, ERP Standard, Directory Read Only, can push;
     * approver = Admin everywhere and can push; readonly = Read Only everywhere. A write not listed fails the test.
     */
    static final Map<String, Set<String>> REFUSED = new LinkedHashMap<>();

    static {
        Set<String> all = Set.of("pm", "accountant", "approver", "readonly");
        // Commitments (project tool): Standard or Admin writes
        REFUSED.put("POST /rest/v1.0/projects/{projectId}/commitments", Set.of("readonly"));
        REFUSED.put("PATCH /rest/v1.0/projects/{projectId}/commitments/{id}", Set.of("readonly"));
        REFUSED.put("POST /rest/v1.0/projects/{projectId}/commitment_change_orders", Set.of("readonly"));
        REFUSED.put("PATCH /rest/v1.0/projects/{projectId}/commitment_change_orders/{id}", Set.of("readonly"));
        REFUSED.put("DELETE /rest/v1.0/projects/{projectId}/commitment_change_orders/{id}", Set.of("readonly"));
        // subcontractor invoices: Standard writes, Admin approves
        REFUSED.put("POST /rest/v1.0/projects/{projectId}/requisitions", Set.of("readonly"));
        REFUSED.put("PATCH /rest/v1.0/projects/{projectId}/requisitions/{id}", Set.of("readonly"));
        REFUSED.put("POST /rest/v1.0/projects/{projectId}/requisitions/retainage_releases", Set.of("readonly"));
        REFUSED.put("POST /rest/v1.0/projects/{projectId}/requisitions/{id}/approve", Set.of("accountant", "readonly"));
        // budget changes: Standard writes a draft, Admin approves (and deletes an approved one)
        REFUSED.put("POST /rest/v1.0/projects/{projectId}/budget_changes", Set.of("readonly"));
        REFUSED.put("PATCH /rest/v1.0/projects/{projectId}/budget_changes/{id}", Set.of("readonly"));
        REFUSED.put("DELETE /rest/v1.0/projects/{projectId}/budget_changes/{id}", Set.of("readonly"));
        REFUSED.put("POST /rest/v1.0/projects/{projectId}/budget_changes/{id}/approve", Set.of("accountant", "readonly"));
        // Send to ERP / Retrieve: Commitments Admin on the project
        REFUSED.put("POST /rest/v1.0/projects/{projectId}/{records:commitment_change_orders|commitments|requisitions|budget_changes}/{id}/send_to_erp",
                Set.of("accountant", "readonly"));
        REFUSED.put("POST /rest/v1.0/companies/{companyId}/erp/{records:commitment_change_orders|commitments|requisitions|budget_changes}/{id}/retrieve",
                Set.of("accountant", "readonly"));
        // accounting approver: ERP Integrations Standard+ and Can Push to Accounting
        for (String a : List.of("accept", "retry", "reject")) {
            REFUSED.put("POST /rest/v1.0/companies/{companyId}/erp/{records:commitment_change_orders|commitments|requisitions|budget_changes}/{id}/" + a,
                    Set.of("pm", "readonly"));
        }
        // bulk Accept / Retry (background jobs): accounting approver
        for (String a : List.of("accept", "retry")) {
            REFUSED.put("POST /rest/v1.0/companies/{companyId}/erp/{records:commitment_change_orders|commitments|requisitions}/" + a,
                    Set.of("pm", "readonly"));
        }
        // unlink: Commitments Admin + ERP Standard+ + privilege
        REFUSED.put("POST /rest/v1.0/companies/{companyId}/erp/commitment_change_orders/{id}/unlink",
                Set.of("pm", "accountant", "readonly"));
        REFUSED.put("POST /rest/v1.0/companies/{companyId}/erp/commitments/{id}/unlink",
                Set.of("pm", "accountant", "readonly"));
        REFUSED.put("POST /rest/v1.0/companies/{companyId}/erp/requisitions/{id}/unlink",
                Set.of("pm", "accountant", "readonly"));
        REFUSED.put("POST /rest/v1.0/companies/{companyId}/erp/budget_changes/{id}/unlink",
                Set.of("pm", "accountant", "readonly"));
        REFUSED.put("POST /rest/v1.0/companies/{companyId}/erp/commitment_change_orders/unlink",
                Set.of("pm", "accountant", "readonly"));
        REFUSED.put("POST /rest/v1.0/companies/{companyId}/erp/requisitions/unlink",
                Set.of("pm", "accountant", "readonly"));
        // ERP Integrations Standard+
        REFUSED.put("POST /rest/v1.0/companies/{companyId}/erp/cost_codes/import", Set.of("pm", "readonly"));
        for (String records : List.of("vendors", "projects")) {
            REFUSED.put("POST /rest/v1.0/companies/{companyId}/erp/" + records + "/{id}/link", Set.of("pm", "readonly"));
            REFUSED.put("POST /rest/v1.0/companies/{companyId}/erp/" + records + "/{id}/export", Set.of("pm", "readonly"));
        }
        REFUSED.put("POST /rest/v1.0/companies/{companyId}/erp/reconcile", Set.of("pm", "readonly"));
        // budget import (a job): ERP Integrations Standard+ (and the project readable)
        REFUSED.put("POST /rest/v1.0/projects/{projectId}/budget/import", Set.of("pm", "readonly"));
        // ERP Integrations Admin
        REFUSED.put("PUT /rest/v1.0/companies/{companyId}/erp/connection", Set.of("pm", "accountant", "readonly"));
        REFUSED.put("POST /rest/v1.0/companies/{companyId}/erp/connection/test", Set.of("pm", "accountant", "readonly"));
        REFUSED.put("POST /rest/v1.0/companies/{companyId}/erp/push_notifications/secret",
                Set.of("pm", "accountant", "readonly"));
        REFUSED.put("POST /rest/v1.0/companies/{companyId}/erp/push_notifications/test",
                Set.of("pm", "accountant", "readonly"));
        REFUSED.put("PUT /rest/v1.0/companies/{companyId}/budget_schedule", Set.of("pm", "accountant", "readonly"));
        REFUSED.put("PUT /rest/v1.0/companies/{companyId}/time_zone", Set.of("pm", "accountant", "readonly"));
        // outgoing webhooks: ERP Integrations Admin or Directory Admin
        REFUSED.put("POST /rest/v1.0/companies/{companyId}/webhooks", Set.of("pm", "accountant", "readonly"));
        REFUSED.put("PATCH /rest/v1.0/companies/{companyId}/webhooks/{id}", Set.of("pm", "accountant", "readonly"));
        REFUSED.put("DELETE /rest/v1.0/companies/{companyId}/webhooks/{id}", Set.of("pm", "accountant", "readonly"));
        REFUSED.put("POST /rest/v1.0/companies/{companyId}/webhooks/{id}/deliveries/{deliveryId}/redeliver",
                Set.of("pm", "accountant", "readonly"));
        // Directory Admin
        REFUSED.put("POST /rest/v1.0/companies/{companyId}/users", Set.of("pm", "accountant", "readonly"));
        REFUSED.put("PATCH /rest/v1.0/companies/{companyId}/users/{userId}", Set.of("pm", "accountant", "readonly"));
        REFUSED.put("POST /rest/v1.0/companies/{companyId}/users/invitations", Set.of("pm", "accountant", "readonly"));
        REFUSED.put("POST /rest/v1.0/companies/{companyId}/users/{userId}/password_reset",
                Set.of("pm", "accountant", "readonly"));
        REFUSED.put("POST /rest/v1.0/companies/{companyId}/users/{userId}/deactivate",
                Set.of("pm", "accountant", "readonly"));
        REFUSED.put("POST /rest/v1.0/companies/{companyId}/users/{userId}/reactivate",
                Set.of("pm", "accountant", "readonly"));
        // platform operator only
        REFUSED.put("PUT /rest/v1.0/companies/{companyId}/users/{userId}/privileges/can_push_to_accounting", all);
        REFUSED.put("DELETE /rest/v1.0/companies/{companyId}/users/{userId}/privileges/can_push_to_accounting", all);
        REFUSED.put("POST /rest/v1.0/companies/{companyId}/users/{userId}/access_tokens", all);
        // one's own tokens: every signed-in user
        REFUSED.put("POST /rest/v1.0/me/access_tokens", Set.of());
        REFUSED.put("DELETE /rest/v1.0/me/access_tokens/{tokenId}", Set.of());
        // one's own notification choices: every signed-in user
        REFUSED.put("PUT /rest/v1.0/me/notification_preferences", Set.of());
    }

    @Test
    void everyRestWriteRefusesWhoTheProductTableRefusesAndWritesNothing() {
        String readonly = readOnlyUser();
        // records in the state each write needs, so a refusal is the permission's and not the state's
        CcoMaker maker = new CcoMaker();
        long notSent = maker.cco();
        long ready = maker.cco();
        assertThat(TestApi.as(port, "pm").post("/rest/v1.0/projects/" + maker.project + "/commitment_change_orders/"
                + ready + "/send_to_erp", null).status()).isEqualTo(200);
        long failed = anyCco("failed");
        long synced = anyCco("synced");
        long syncedCommitment = jdbc.sql("select min(commitment_id) from erp_link where company_id = ?")
                .params(summit.company()).query(Long.class).single();
        List<String> unlisted = new ArrayList<>();
        int refusals = 0;
        for (Endpoint e : endpoints) {
            if (!e.rest() || !e.write()) {
                continue;
            }
            Set<String> refused = REFUSED.get(e.toString());
            if (refused == null) {
                unlisted.add(e.toString());
                continue;
            }
            String p = e.pattern();
            long cco = p.endsWith("/unlink") ? synced : p.endsWith("/retry") ? failed
                    : p.endsWith("/retrieve") || p.endsWith("/accept") || p.endsWith("/reject") ? ready : notSent;
            long project = jdbc.sql("select project_id from commitment_change_order where id = ?").params(cco)
                    .query(Long.class).single();
            long commitment = p.contains("/erp/commitments/") ? syncedCommitment
                    : jdbc.sql("select commitment_id from commitment_change_order where id = ?").params(cco)
                            .query(Long.class).single();
            Ids ids = new Ids(summit.company(), project, commitment, cco, summit.vendor(), summit.user(), summit.token(),
                    summit.job());
            for (String who : refused) {
                String login = who.equals("readonly") ? readonly : who;
                Map<String, String> before = Fingerprint.of(jdbc);
                String body = e.pattern().endsWith("/unlink") && !e.pattern().contains("{id}")
                        ? "{\"ids\":[" + cco + "]}" : e.method().equals("DELETE") ? null : "{}";
                String path = Endpoints.path(e.pattern(), ids);
                if (p.contains("/erp/requisitions/{id}")) {
                    // a synced invoice (the demo's), not the CCO id the other unlinks get
                    long syncedInvoice = jdbc.sql("select min(requisition_id) from erp_link where company_id = ?")
                            .params(summit.company()).query(Long.class).single();
                    path = path.replace("/requisitions/" + cco + "/", "/requisitions/" + syncedInvoice + "/");
                }
                if (p.contains("/erp/budget_changes/{id}")) {
                    // a synced budget change (the demo's)
                    long syncedChange = jdbc.sql("select min(budget_change_id) from erp_link where company_id = ?")
                            .params(summit.company()).query(Long.class).single();
                    path = path.replace("/budget_changes/" + cco + "/", "/budget_changes/" + syncedChange + "/");
                }
                TestApi.Response r = TestApi.as(port, login).send(e.method(), path, body);
                if (e.pattern().endsWith("/commitment_change_orders/unlink") && r.status() == 200) {
                    // bulk: one result per id, each refused
                    assertThat(r.json().get("results").get(0).get("status").asInt()).as("%s as %s", e, who)
                            .isEqualTo(403);
                } else if (r.status() == 400 && body != null) {
                    // {} refused as a body before the permission check: still nothing written
                    assertThat(r.message()).isNotBlank();
                } else {
                    assertThat(r.status()).as("%s as %s: %s", e, who, r.body()).isEqualTo(403);
                    assertThat(r.message()).isNotBlank();
                }
                assertThat(Fingerprint.of(jdbc)).as("%s as %s changed nothing", e, who).isEqualTo(before);
                refusals++;
            }
        }
        assertThat(unlisted).as("REST writes missing from the permission matrix").isEmpty();
        System.out.println("SECURITY permission matrix: " + refusals + " refused writes checked");
    }

    private long anyCco(String state) {
        return jdbc.sql("select min(cco_id) from erp_export where company_id = ? and state = ? and cco_id is not null")
                .params(summit.company(), state).query(Long.class).optional()
                .orElseThrow(() -> new AssertionError("no CCO in state " + state));
    }

    /** Approved CCOs of the test's own on Riverside SC-001 line 1. */
    private final class CcoMaker {
        final long project = jdbc.sql("select id from project where company_id = ? and number = '1001'")
                .params(summit.company()).query(Long.class).single();
        final long commitment = jdbc.sql("select id from commitment where project_id = ? and number = 'SC-001'")
                .params(project).query(Long.class).single();

        long cco() {
            String number = Integer.toString(java.util.concurrent.ThreadLocalRandom.current().nextInt(1_000_000, 9_000_000));
            long id = jdbc.sql("""
                    insert into commitment_change_order (company_id, project_id, commitment_id, number, title, status,
                                                         change_date, description)
                    values (?, ?, ?, ?, 'Security', 'approved', current_date, 'security') returning id""")
                    .params(summit.company(), project, commitment, number).query(Long.class).single();
            jdbc.sql("""
                    insert into cco_line_item (company_id, cco_id, commitment_id, line_number, commitment_line_id,
                                               cost_code_id, cost_type_id, description, quantity, unit_cost, amount)
                    select ?, ?, ?, 1, l.id, l.cost_code_id, l.cost_type_id, 'security line', 1, 1.00, 1.00
                    from commitment_line l where l.commitment_id = ? and l.line_number = 1""")
                    .params(summit.company(), id, commitment, commitment).update();
            return id;
        }
    }

    // ------------------------------------------------------------------------------------------- sessions and CSRF

    private final Map<String, String> sessions = new java.util.HashMap<>();

    private String sessionCookie(String login) {
        return sessions.computeIfAbsent(login, this::signIn);
    }

    /** Signs in with the login form (CSRF token from the page) and returns the session cookie header. */
    private String signIn(String login) {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        try {
            HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(page.body());
            if (!m.find()) {
                m = Pattern.compile("value=\"([^\"]+)\"\\s+name=\"_csrf\"").matcher(page.body());
                assertThat(m.find()).as("csrf token on the login page").isTrue();
            }
            String form = "username=" + URLEncoder.encode(login, StandardCharsets.UTF_8) + "&password=demo&_csrf="
                    + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8);
            HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(signedIn.statusCode()).isEqualTo(302);
            assertThat(signedIn.headers().firstValue("Location").orElse("")).doesNotContain("error");
            String cookie = signedIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                    .findFirst().orElseThrow();
            return cookie.substring(0, cookie.indexOf(';'));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aFormPostOrApiWriteWithTheSessionCookieButNoCsrfTokenIsRefused() {
        String session = sessionCookie("approver");
        // the session works
        assertThat(raw("GET", "/erp/commitment-change-orders", Map.of("Cookie", session), null).statusCode())
                .isEqualTo(200);
        Map<String, String> before = Fingerprint.of(jdbc);
        int checked = 0;
        for (Endpoint e : endpoints) {
            if (!e.write() || e.pattern().startsWith("/hooks/")) {
                continue; // the webhook ignores sessions: it is signed by the company's secret (above)
            }
            HttpResponse<String> r = raw(e.method(), Endpoints.path(e.pattern(), summit),
                    Map.of("Cookie", session, "Content-Type", e.rest() ? "application/json"
                            : "application/x-www-form-urlencoded"), e.rest() ? "{}" : "reason=x");
            assertThat(r.statusCode()).as("%s with the session and no CSRF token", e).isEqualTo(403);
            checked++;
        }
        assertThat(Fingerprint.of(jdbc)).isEqualTo(before);
        System.out.println("SECURITY CSRF: " + checked + " writes refused without a token");
    }

    @Test
    void pagesCarrySecurityHeaders() {
        String session = sessionCookie("pm");
        for (String page : List.of("/login", "/", "/erp/commitment-change-orders", "/projects")) {
            HttpResponse<String> r = raw("GET", page, page.equals("/login") ? Map.of() : Map.of("Cookie", session), null);
            assertThat(r.statusCode()).as(page).isEqualTo(200);
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(csp).as(page).contains("default-src 'self'").contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(page).contains("nosniff");
            assertThat(r.headers().firstValue("X-Frame-Options")).as(page).contains("DENY");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(page).isPresent();
            assertThat(r.headers().firstValue("Cache-Control").orElse("")).as(page).contains("no-store");
        }
        String cookie = raw("GET", "/login", Map.of(), null).headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID")).findFirst().orElse("JSESSIONID; HttpOnly; SameSite=Lax");
        assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");
    }

    // ------------------------------------------------------------------------------------------- secrets

    @Test
    void tokensAndErpCredentialsAreNeverReturnedNorLogged(CapturedOutput output) {
        String password = "S3cret-" + UUID.randomUUID();
        TestApi approver = TestApi.as(port, "approver");
        String connection = "/rest/v1.0/companies/" + summit.company() + "/erp/connection";
        TestApi.Response put = approver.send("PUT", connection, "{\"password\":\"" + password + "\"}");
        try {
            assertThat(put.status()).as(put.body()).isEqualTo(200);
            assertThat(put.body()).doesNotContain(password);
            TestApi.Response got = approver.get(connection);
            assertThat(got.status()).isEqualTo(200);
            assertThat(got.body()).doesNotContain(password);
            // a connection test signs in to the ERP with it (and fails: the emulator's password is "demo")
            TestApi.Response test = approver.post(connection + "/test", null);
            assertThat(test.body()).doesNotContain(password);
            // stored encrypted
            byte[] stored = jdbc.sql("select secret_encrypted from erp_connection where company_id = ?")
                    .params(summit.company()).query(byte[].class).single();
            assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(password);
            // the audit event of the change names no secret
            assertThat(approver.get("/rest/v1.0/companies/" + summit.company() + "/audit_events").body())
                    .doesNotContain(password);
        } finally {
            assertThat(approver.send("PUT", connection, "{\"password\":\"demo\"}").status()).isEqualTo(200);
        }
        TestApi.Response made = approver.post("/rest/v1.0/me/access_tokens", "{\"name\":\"leak check\"}");
        String token = made.json().get("token").asString();
        TestApi bearer = TestApi.bearer(port, token);
        assertThat(bearer.get("/rest/v1.0/me").status()).isEqualTo(200);
        assertThat(bearer.get("/rest/v1.0/me/access_tokens").body()).doesNotContain(token);
        assertThat(TestApi.bearer(port, token + "x").get("/rest/v1.0/me").status()).isEqualTo(401);
        assertThat(jdbc.sql("select count(*) from access_token where token_sha256::text like ?")
                .params("%" + token + "%").query(Integer.class).single()).isZero();
        assertThat(output.getAll()).as("service log").doesNotContain(password).doesNotContain(token)
                .doesNotContain(token.substring(6, 30));
    }

    // ------------------------------------------------------------------------------------------- audit

    @Test
    void theAuditLogCanNotBeAlteredThroughAnyEndpointNorInTheDatabase() {
        assertThat(endpoints.stream().filter(e -> e.pattern().contains("audit") || e.pattern().contains("history"))
                .filter(e -> !e.method().equals("GET")).toList()).as("writes mapped to the audit log").isEmpty();
        for (String method : List.of("PUT", "PATCH", "DELETE", "POST")) {
            TestApi.Response r = TestApi.as(port, "approver").send(method,
                    "/rest/v1.0/companies/" + summit.company() + "/audit_events", method.equals("DELETE") ? null : "{}");
            assertThat(r.status()).as(method).isIn(403, 404, 405);
        }
        long any = jdbc.sql("select min(id) from audit_event").query(Long.class).single();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql("update audit_event set summary = 'x' where id = ?")
                .params(any).update()).hasMessageContaining("append-only");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql("delete from audit_event where id = ?")
                .params(any).update()).hasMessageContaining("append-only");
    }

    private static String basic(String login) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((login + ":demo").getBytes(StandardCharsets.UTF_8));
    }
}
