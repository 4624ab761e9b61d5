package com.crosswalk.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.erp.unlink.UnlinkTestSupport;
import com.crosswalk.erp.unlink.UnlinkTestSupport.Reply;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The home page shows what waits for the signed-in person — each count a link to its list, and the list shows as many
 * records; the same counts at {@code GET /rest/v1.0/companies/{id}/erp/summary}. README's home screenshot.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HomeBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private Browser browser;
    private WebDriver driver;
    private UnlinkTestSupport t;
    private long companyId;

    @BeforeAll
    void startBrowser() throws IOException {
        browser = new Browser(port);
        driver = browser.driver;
        t = new UnlinkTestSupport(port, jdbc);
        companyId = t.demoCompanyId();
    }

    @AfterAll
    void stopBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theHomeCountsMatchTheListsAndTheSummaryApi() throws Exception {
        goneCommitment();
        browser.signIn("approver");
        browser.get("/");
        Map<String, long[]> shown = new LinkedHashMap<>();
        for (WebElement item : driver.findElements(By.cssSelector("#work .work-list li"))) {
            long count = Long.parseLong(item.findElement(By.className("work-count")).getText());
            shown.put(item.getAttribute("id"), new long[] {count});
        }
        assertThat(shown).containsKeys("work-ready_to_export-commitment_change_order", "work-failed-commitment",
                "work-gone-commitment", "work-changed-commitment_change_order");
        assertThat(shown.get("work-gone-commitment")[0]).isPositive();
        // each line names its own records (budget changes were once labelled "Commitments")
        assertThat(driver.findElement(By.id("work-ready_to_export-budget_change")).getText())
                .contains("Budget changes waiting for your acceptance");
        assertThat(driver.findElement(By.id("work-ready_to_export-commitment")).getText())
                .contains("Commitments waiting for your acceptance");
        assertThat(driver.findElement(By.id("last-reconciliation")).getText()).contains("Acumatica");
        browser.screenshot("home");
        browser.atWidth(390, null);

        // each count is a link to its list, which shows that many records
        Map<String, String> links = new LinkedHashMap<>();
        for (String id : shown.keySet()) {
            links.put(id, driver.findElement(By.cssSelector("#" + id + " a")).getAttribute("href"));
        }
        for (var e : links.entrySet()) {
            driver.get(e.getValue());
            long listed = Long.parseLong(driver.findElement(By.cssSelector("#result-count span")).getText());
            assertThat(listed).as(e.getKey() + " at " + e.getValue()).isEqualTo(shown.get(e.getKey())[0]);
        }

        // the same counts through the API
        Reply summary = t.get("approver", "/rest/v1.0/companies/" + companyId + "/erp/summary");
        assertThat(summary.status()).isEqualTo(200);
        assertThat(summary.body().get("accounting_approver").asBoolean()).isTrue();
        for (JsonNode item : summary.body().get("items")) {
            String id = "work-" + item.get("what").asString() + "-" + item.get("record_type").asString();
            assertThat(item.get("count").asLong()).as(id).isEqualTo(shown.get(id)[0]);
            Reply list = t.get("approver", item.get("api").asString() + "&per_page=1000");
            assertThat(list.status()).as(item.get("api").asString()).isEqualTo(200);
            assertThat((long) list.body().size()).as(item.get("api").asString()).isEqualTo(item.get("count").asLong());
        }
    }

    @Test
    void theExportsPerDayChartDrawsWhatTheAuditSaysAndItsTableShowsTheSame() {
        // today: one more record synced and one more export failed, as the lifecycle records them
        jdbc.sql("""
                insert into audit_event (company_id, action, record_type, record_id, summary)
                values (:c, 'export.synced', 'commitment_change_order', 0, 'test'),
                       (:c, 'export.failed', 'commitment_change_order', 0, 'test')""").param("c", companyId).update();
        long syncedToday = auditToday("export.synced");
        long failedToday = auditToday("export.failed");
        browser.signIn("approver");
        browser.get("/");
        WebElement chart = browser.wait.until(d -> {
            WebElement c = d.findElement(By.id("chart-exports-per-day"));
            return "true".equals(c.getAttribute("data-drawn")) ? c : null;
        });
        assertThat(chart.findElements(By.tagName("canvas"))).isNotEmpty();
        List<WebElement> days = driver.findElements(By.cssSelector("#exports-per-day-table tbody tr"));
        assertThat(days).hasSize(30);
        WebElement today = days.get(days.size() - 1);
        assertThat(today.getAttribute("data-day")).isEqualTo(java.time.LocalDate.now(zone()).toString());
        // the table's figures (hidden until opened) are the audit's, and the chart was drawn from them
        driver.findElement(By.cssSelector("#exports-per-day-details summary")).click();
        assertThat(Long.parseLong(today.findElement(By.className("synced")).getText())).isEqualTo(syncedToday);
        assertThat(Long.parseLong(today.findElement(By.className("failed")).getText())).isEqualTo(failedToday);
        Object drawn = ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "var o = echarts.getInstanceByDom(document.getElementById('chart-exports-per-day')).getOption();"
                        + "return [o.series[0].data[29], o.series[1].data[29], o.series[0].data.length];");
        assertThat(((List<?>) drawn).stream().map(v -> ((Number) v).longValue()).toList())
                .containsExactly(syncedToday, failedToday, 30L);

        Reply summary = t.get("approver", "/rest/v1.0/companies/" + companyId + "/erp/summary");
        JsonNode perDay = summary.body().get("exports_per_day");
        assertThat(perDay).hasSize(30);
        assertThat(perDay.get(29).get("synced").asLong()).isEqualTo(syncedToday);
        assertThat(perDay.get(29).get("failed").asLong()).isEqualTo(failedToday);
    }

    private long auditToday(String action) {
        return jdbc.sql("""
                select count(*) from audit_event where company_id = :c and action = :a
                  and occurred_at >= :since""")
                .param("c", companyId).param("a", action)
                .param("since", java.time.LocalDate.now(zone()).atStartOfDay(zone()).toOffsetDateTime())
                .query(Long.class).single();
    }

    /** The company's time zone: the home page's days run from midnight to midnight in it. */
    private java.time.ZoneId zone() {
        return java.time.ZoneId.of(jdbc.sql("select time_zone from company where id = :c").param("c", companyId)
                .query(String.class).single());
    }

    @Test
    void onlyAccountingApproversAreShownWhatWaitsForAcceptance() {
        browser.signIn("pm");
        browser.get("/");
        assertThat(driver.findElements(By.id("work-ready_to_export-commitment_change_order"))).isEmpty();
        assertThat(driver.findElements(By.id("work-failed-commitment_change_order"))).hasSize(1);
        Reply summary = t.get("pm", "/rest/v1.0/companies/" + companyId + "/erp/summary");
        assertThat(summary.status()).isEqualTo(200);
        assertThat(summary.body().get("accounting_approver").asBoolean()).isFalse();
        // another company's summary is not found
        Reply other = t.get("pm", "/rest/v1.0/companies/" + (companyId + 1000) + "/erp/summary");
        assertThat(other.status()).isEqualTo(404);
    }

    /** A Riverside subcontract synced long ago that the last check found gone from the ERP. */
    private void goneCommitment() {
        long riverside = t.projectId(companyId, "1001");
        long vendor = jdbc.sql("select id from vendor where company_id = :c and name = 'Apex Concrete Co.'")
                .param("c", companyId).query(Long.class).single();
        String key = "SCG" + (System.nanoTime() % 100000);
        long id = jdbc.sql("""
                insert into commitment (company_id, project_id, vendor_id, kind, number, title, status)
                values (:c, :p, :v, 'subcontract', :n, 'Gone from the ERP', 'approved') returning id""")
                .param("c", companyId).param("p", riverside).param("v", vendor).param("n", "SC-" + key)
                .query(Long.class).single();
        jdbc.sql("""
                insert into erp_export (company_id, record_type, commitment_id, state, external_ref, synced_at)
                values (:c, 'commitment', :id, 'synced', :ref, now())""")
                .param("c", companyId).param("id", id).param("ref", "CW-T-CMT-" + id).update();
        jdbc.sql("""
                insert into erp_link (company_id, record_type, commitment_id, erp_key, external_ref, erp_status)
                values (:c, 'commitment', :id, :key, :ref, 'gone')""")
                .param("c", companyId).param("id", id).param("key", key).param("ref", "CW-T-CMT-" + id).update();
    }
}
