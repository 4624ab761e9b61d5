package com.crosswalk.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.TestApi;
import com.crosswalk.TestJobs;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import com.crosswalk.acumatica.emulator.store.DemoData;
import com.crosswalk.acumatica.emulator.store.Store;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * What one import of a 300-line budget costs in ERP requests: the budget in one request (500 lines a page), the
 * project transactions in one more (every released group with its lines: Acumatica cannot filter on the lines'
 * project) — 2 requests, plus a sign-in when the connector has no session yet. Also the time of the budget view of
 * 300 cost codes (printed; with {@code -Dcrosswalk.measure=true} a timed loop of 20).
 */
@IntegrationTest
class BudgetImportRequestsTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AcumaticaEmulator emulator;

    @Test
    void oneImportOfA300LineBudgetCostsTwoErpRequests() {
        Store s = emulator.store();
        String erpProject = "BIG300";
        if (s.list("Project", "ProjectID eq 'BIG300'", null, null, null, null).isEmpty()) {
            s.put("Project", DemoData.o("ProjectID", erpProject, "Description", "Three hundred cost codes", "Status", "Active", "Hold", false),
                    Store.PutMode.INSERT, null, null);
            s.put("ProjectTask", DemoData.o("ProjectID", erpProject, "ProjectTaskID", "01", "Description", "General", "Status", "Active",
                    "Default", true), Store.PutMode.INSERT, null, null);
            for (int i = 0; i < 300; i++) {
                String code = String.format("%02d-%03d", 40 + i / 100, i % 100);
                s.put("CostCode", DemoData.o("CostCodeID", code, "Description", "Measured code " + i), Store.PutMode.INSERT, null, null);
                s.put("ProjectBudget", DemoData.o("ProjectID", erpProject, "ProjectTaskID", "01", "AccountGroup", "SUBCON", "CostCode", code,
                        "Description", "Measured code " + i, "OriginalBudgetedAmount", new BigDecimal(10000 + i * 37)),
                        Store.PutMode.INSERT, null, null);
                var tx = DemoData.o("Module", "PM", "Description", "Cost " + i);
                tx.putArray("Details").add(DemoData.o("Project", erpProject, "ProjectTask", "01", "AccountGroup", "SUBCON", "CostCode", code,
                        "Date", String.format("2025-%02d-15", 1 + i % 12), "Description", "Cost " + i,
                        "Amount", new BigDecimal(9000 + (i % 7) * 500)));
                String ref = s.put("ProjectTransaction", tx, Store.PutMode.INSERT, null, null).path("ReferenceNbr").path("value").asText();
                s.releaseTransaction("PM", ref);
            }
        }
        // a company of its own (same emulated Acumatica), so the demo company keeps its two projects
        long summit = jdbc.sql("select id from company where name = 'Summit Ridge Builders'").query(Long.class).single();
        long company = jdbc.sql("select id from company where name = 'Budget Measure Co'").query(Long.class).optional().orElseGet(() -> {
            long c = jdbc.sql("insert into company (name, erp_display_name) values ('Budget Measure Co', 'Acumatica') returning id")
                    .query(Long.class).single();
            jdbc.sql("""
                    insert into app_user (company_id, login, display_name, email, password_hash, can_push_to_accounting,
                                          erp_integrations_level, directory_level)
                    select ?, 'measure', 'Mea Sure', 'measure@measure.example', password_hash, true, 'admin', 'admin'
                    from app_user where login = 'approver'""").params(c).update();
            jdbc.sql("insert into cost_type (company_id, code, name, erp_code, erp_account_group) values (?, 'S', 'Subcontract', 'S', 'SUBCON')")
                    .params(c).update();
            jdbc.sql("""
                    insert into cost_code (company_id, code, description, erp_code, imported_at)
                    select ?, code, 'Measured code', code, now() from (select format('%s-%s', lpad((40 + g / 100)::text, 2, '0'),
                           lpad((g % 100)::text, 3, '0')) as code from generate_series(0, 299) g) x""").params(c).update();
            return c;
        });
        jdbc.sql("""
                insert into erp_connection (company_id, erp_type, base_url, tenant, endpoint_name, endpoint_version, auth_mode,
                                            username, secret_encrypted, change_order_class)
                select ?, erp_type, base_url, tenant, endpoint_name, endpoint_version, auth_mode, username, secret_encrypted,
                       change_order_class from erp_connection where company_id = ?
                on conflict (company_id) do nothing""").params(company, summit).update();
        long project = jdbc.sql("select id from project where company_id = ? and number = '3000'").params(company).query(Long.class)
                .optional().orElseGet(() -> {
                    long id = jdbc.sql("insert into project (company_id, number, name) values (?, '3000', 'Three hundred cost codes') returning id")
                            .params(company).query(Long.class).single();
                    jdbc.sql("insert into erp_link (company_id, record_type, project_id, erp_key) values (?, 'project', ?, ?)")
                            .params(company, id, erpProject).update();
                    jdbc.sql("""
                            insert into project_permission (company_id, user_id, project_id, commitments_level)
                            select ?, id, ?, 'admin' from app_user where login = 'measure'""").params(company, id).update();
                    return id;
                });
        try {
            measure(company, project);
        } finally {
            // the demo has one ERP connection (DemoDataTest); this company's goes once measured
            jdbc.sql("delete from erp_connection where company_id = ?").params(company).update();
        }
    }

    private void measure(long company, long project) {
        TestApi approver = TestApi.as(port, "measure");
        // a first import signs in if needed; the second is the one measured
        TestJobs.awaitDone(approver, approver.post("/rest/v1.0/projects/" + project + "/budget/import", null));
        long before = emulator.stats().totalRequests();
        JsonNode job = TestJobs.awaitDone(approver, approver.post("/rest/v1.0/projects/" + project + "/budget/import", null));
        long requests = emulator.stats().totalRequests() - before;
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("finished");
        assertThat(job.get("summary").asString()).contains("300 budget lines, 300 costs");
        System.out.println("[measure] ERP requests of one import of a 300-line budget: " + requests + " " + emulator.stats().requests());
        assertThat(requests).isEqualTo(2);

        JsonNode view = approver.get("/rest/v1.0/projects/" + project + "/budget").json();
        assertThat(view.get("rows")).hasSize(300);
        int runs = Boolean.getBoolean("crosswalk.measure") ? 20 : 3;
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            assertThat(approver.get("/rest/v1.0/projects/" + project + "/budget").status()).isEqualTo(200);
        }
        long apiMs = (System.nanoTime() - start) / 1_000_000 / runs;
        java.net.http.HttpClient browser = signedInPages("measure");
        start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            assertThat(page(browser, "/projects/" + project + "/budget").statusCode()).isEqualTo(200);
        }
        long pageMs = (System.nanoTime() - start) / 1_000_000 / runs;
        System.out.println("[measure] budget view of 300 cost codes: REST " + apiMs + " ms, page " + pageMs + " ms (mean of " + runs + ")");
        assertThat(pageMs).as("the page of 300 cost codes").isLessThan(5000);
    }

    /** A client signed in to the pages through the sign-in form (session cookie, CSRF token). */
    java.net.http.HttpClient signedInPages(String login) {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
        String form = page(http, "/login").body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form);
        assertThat(m.find()).as("CSRF token on the sign-in form").isTrue();
        try {
            var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("username=" + login + "&password=demo&_csrf="
                            + java.net.URLEncoder.encode(m.group(1), java.nio.charset.StandardCharsets.UTF_8))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(302);
            assertThat(r.headers().firstValue("Location").orElse("")).doesNotContain("error");
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
        return http;
    }

    java.net.http.HttpResponse<String> page(java.net.http.HttpClient http, String path) {
        try {
            return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path)).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
