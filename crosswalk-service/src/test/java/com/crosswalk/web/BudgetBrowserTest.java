package com.crosswalk.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The budget page in headless Chromium: imported from the emulated Acumatica with its button, then both charts draw
 * (ECharts from the webjar, under the page's CSP), and each chart's series hold exactly the figures of the table
 * beside it. Screenshot {@code budget.png}.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BudgetBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private Browser browser;

    @BeforeAll
    void startBrowser() throws IOException {
        browser = new Browser(port);
    }

    @AfterAll
    void stopBrowser() throws IOException {
        browser.close();
    }

    @SuppressWarnings("unchecked")
    @Test
    void theChartsDrawAndMatchTheirTables() throws Exception {
        long riverside = jdbc.sql("""
                select p.id from project p join company c on c.id = p.company_id
                where c.name = 'Summit Ridge Builders' and p.number = '1001'""").query(Long.class).single();
        browser.signIn("approver");
        browser.get("/projects/" + riverside + "/budget");
        browser.driver.findElement(By.id("import-budget")).click();
        // the panel polls itself (outerHTML swaps): an element found a moment ago may be replaced
        browser.wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(ExpectedConditions.attributeToBe(By.id("job-budget_import"), "data-job-state", "finished"));
        assertThat(browser.driver.findElement(By.cssSelector("#job-budget_import .job-summary")).getText())
                .startsWith("Imported the budget of project 1001 from Acumatica");
        browser.get("/projects/" + riverside + "/budget");
        browser.wait.until(ExpectedConditions.attributeToBe(By.id("budget-charts"), "data-drawn", "true"));
        assertThat(browser.driver.findElements(By.cssSelector("#chart-by-code canvas, #chart-by-code svg"))).isNotEmpty();
        assertThat(browser.driver.findElements(By.cssSelector("#chart-over-time canvas, #chart-over-time svg"))).isNotEmpty();

        JavascriptExecutor js = (JavascriptExecutor) browser.driver;
        List<Map<String, Object>> bars = (List<Map<String, Object>>) js.executeScript(
                "return echarts.getInstanceByDom(document.getElementById('chart-by-code')).getOption().series"
                        + ".map(function (s) { return {name: s.name, type: s.type, data: s.data}; });");
        assertThat(bars).extracting(s -> s.get("name")).containsExactly("Revised budget", "Committed", "Actual");
        List<WebElement> rows = browser.driver.findElements(By.cssSelector("#chart-by-code-table tbody tr"));
        assertThat(rows).hasSizeGreaterThanOrEqualTo(5);
        for (int col = 0; col < 3; col++) {
            List<BigDecimal> table = new ArrayList<>();
            for (WebElement r : rows) {
                table.add(new BigDecimal(r.findElements(By.tagName("td")).get(col).getText()));
            }
            List<BigDecimal> chart = ((List<Object>) bars.get(col).get("data")).stream().map(v -> new BigDecimal(v.toString())).toList();
            assertThat(chart).as(bars.get(col).get("name").toString()).usingElementComparator(BigDecimal::compareTo).isEqualTo(table);
        }
        List<String> labels = (List<String>) js.executeScript(
                "return echarts.getInstanceByDom(document.getElementById('chart-by-code')).getOption().xAxis[0].data;");
        assertThat(labels).isEqualTo(rows.stream().map(r -> r.findElement(By.tagName("th")).getText().trim()).toList());

        List<Map<String, Object>> line = (List<Map<String, Object>>) js.executeScript(
                "return echarts.getInstanceByDom(document.getElementById('chart-over-time')).getOption().series"
                        + ".map(function (s) { return {name: s.name, type: s.type, data: s.data}; });");
        assertThat(line.get(0).get("type")).isEqualTo("line");
        List<WebElement> months = browser.driver.findElements(By.cssSelector("#chart-over-time-table tbody tr"));
        assertThat(months).hasSizeGreaterThanOrEqualTo(6);
        List<BigDecimal> cumulative = months.stream().map(m -> new BigDecimal(m.findElements(By.tagName("td")).get(1).getText())).toList();
        assertThat(((List<Object>) line.get(0).get("data")).stream().map(v -> new BigDecimal(v.toString())).toList())
                .usingElementComparator(BigDecimal::compareTo).isEqualTo(cumulative);
        // the job-to-date total of the line is the table's total actual
        String totalActual = browser.driver.findElement(By.cssSelector("#totals td:nth-of-type(6)")).getText().replace(",", "");
        assertThat(cumulative.get(cumulative.size() - 1)).isEqualByComparingTo(totalActual);
        assertThat(browser.driver.findElement(By.id("budget-charts")).getAttribute("data-error")).isNull();
        // over-budget rows are marked
        assertThat(browser.driver.findElements(By.cssSelector("#budget tbody tr.over"))).isNotEmpty();
        // tall enough for the summary, both charts beside their tables and the top of the table
        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 1700));
        Browser.sleep(700);
        browser.screenshot("budget");
        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 900));

        // filters: only over budget; the chart follows the table
        browser.driver.findElement(By.id("filter-over")).click();
        browser.driver.findElement(By.cssSelector("#budget-filters button[type=submit]")).click();
        browser.wait.until(ExpectedConditions.attributeToBe(By.id("budget-charts"), "data-drawn", "true"));
        int shown = browser.driver.findElements(By.cssSelector("#budget tbody tr")).size();
        assertThat(browser.driver.findElements(By.cssSelector("#budget tbody tr.over"))).hasSize(shown);
        Number charted = (Number) js.executeScript(
                "return echarts.getInstanceByDom(document.getElementById('chart-by-code')).getOption().series[0].data.length;");
        assertThat(charted.intValue()).isEqualTo(shown);

        // the project page shows the same charts, unfiltered: its bars are the budget view's table
        browser.get("/projects/" + riverside + "/budget");
        List<String> revised = browser.driver.findElements(By.cssSelector("#chart-by-code-table tbody tr")).stream()
                .map(r -> r.findElements(By.tagName("td")).get(0).getText()).toList();
        browser.get("/projects/" + riverside + "/commitments");
        browser.wait.until(ExpectedConditions.attributeToBe(By.id("budget-charts"), "data-drawn", "true"));
        assertThat(browser.driver.findElements(By.cssSelector("#chart-over-time canvas, #chart-over-time svg"))).isNotEmpty();
        List<Object> projectBars = (List<Object>) js.executeScript(
                "return echarts.getInstanceByDom(document.getElementById('chart-by-code')).getOption().series[0].data;");
        assertThat(projectBars.stream().map(v -> new BigDecimal(v.toString())).toList())
                .usingElementComparator(BigDecimal::compareTo)
                .isEqualTo(revised.stream().map(BigDecimal::new).toList());
        assertThat(browser.driver.findElement(By.id("budget-charts")).getAttribute("data-error")).isNull();
    }
}
