package com.crosswalk.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.TestSession;
import com.crosswalk.erp.unlink.UnlinkTestSupport;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The ERP lists: counts on the views equal what each view lists; CSV of a list at the same address with
 * {@code Accept: text/csv} (REST and page), parsed with Apache Commons CSV and equal to the JSON list; the
 * confirmation dialog before Unlink, cancelled with Escape (nothing happens) — confirming is walked by
 * UnlinkBrowserTest and PagesBrowserTest.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListsBrowserTest {

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
    void theRestListAsCsvParsesAndEqualsTheJsonList() throws Exception {
        List<String> lists = new ArrayList<>();
        for (String records : List.of("commitment_change_orders", "commitments", "requisitions", "budget_changes")) {
            List.of("synced", "ready_to_export", "failed").forEach(view -> lists.add(records + "?view=" + view));
        }
        for (String list : lists) {
            String path = "/rest/v1.0/companies/" + companyId + "/erp/" + list;
            HttpResponse<String> csv = get(path, "text/csv");
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
            List<CSVRecord> rows = parse(csv.body());
            JsonNode json = t.get("approver", path + "&per_page=1000").body();
            assertThat(rows).hasSize(json.size());
            List<String> ids = new ArrayList<>();
            json.forEach(r -> ids.add(r.get("id").asString()));
            assertThat(rows.stream().map(r -> r.get("id")).toList()).isEqualTo(ids);
            for (int i = 0; i < rows.size(); i++) {
                assertThat(rows.get(i).get("title")).isEqualTo(json.get(i).get("title").asString());
                assertThat(rows.get(i).get("number")).isEqualTo(json.get(i).get("number").asString());
            }
        }
        // JSON stays the answer to everyone else
        assertThat(get("/rest/v1.0/companies/" + companyId + "/erp/commitments?view=synced", "*/*")
                .headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    }

    @Test
    void thePageAsCsvAndTheCountsOnTheViews() throws Exception {
        TestSession pm = TestSession.signIn(port, "pm");
        HttpResponse<String> csv = pm.get("/erp/commitment-change-orders?view=synced", "Accept", "text/csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Disposition").orElse(""))
                .contains("commitment-change-orders-synced.csv");
        List<CSVRecord> rows = parse(csv.body());
        assertThat(rows).isNotEmpty();
        assertThat(rows.get(0).toMap()).containsKeys("number", "title", "project", "commitment", "erp_key", "state");

        browser.signIn("approver");
        for (String view : List.of("ready_to_export", "exporting", "failed", "synced")) {
            browser.get("/erp/commitment-change-orders?view=" + view);
            long listed = Long.parseLong(driver.findElement(By.cssSelector("#result-count span")).getText());
            assertThat(Long.parseLong(driver.findElement(By.id("count-" + view)).getText())).as(view)
                    .isEqualTo(listed);
            if (view.equals("synced")) {
                assertThat(listed).isEqualTo(rows.size());
            }
        }
        assertThat(driver.findElement(By.id("download-csv")).getAttribute("href"))
                .contains("/erp/commitment-change-orders?view=synced");
    }

    @Test
    void escapeCancelsTheUnlinkConfirmation() {
        browser.signIn("approver");
        browser.get("/erp/commitment-change-orders?view=synced");
        WebElement unlink = driver.findElement(By.cssSelector("button.unlink"));
        String id = unlink.getAttribute("id").substring("unlink-".length());
        long links = count("select count(*) from erp_link where cco_id = " + id);
        unlink.click();
        WebElement dialog = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-dialog")));
        assertThat(driver.findElement(By.id("confirm-message")).getText()).startsWith("Unlink CCO ")
                .contains("from Acumatica?");
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("confirm-cancel");
        assertThat(driver.findElement(By.id("confirm-ok")).getText()).isEqualTo("Unlink");
        driver.switchTo().activeElement().sendKeys(Keys.TAB);
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("confirm-ok");
        driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        browser.wait.until(ExpectedConditions.invisibilityOf(dialog));
        Browser.sleep(500);
        assertThat(driver.findElements(By.id("unlink-" + id))).hasSize(1);
        assertThat(driver.findElements(By.cssSelector("#unlink-message.alert"))).isEmpty();
        assertThat(count("select count(*) from erp_link where cco_id = " + id)).isEqualTo(links);
    }

    private List<CSVRecord> parse(String body) throws IOException {
        try (CSVParser p = CSVParser.parse(new StringReader(body),
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            return p.getRecords();
        }
    }

    private HttpResponse<String> get(String path, String accept) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "approver:demo".getBytes(StandardCharsets.UTF_8)))
                .header("Accept", accept).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
