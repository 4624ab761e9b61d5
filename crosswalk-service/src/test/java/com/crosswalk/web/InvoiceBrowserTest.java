package com.crosswalk.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The invoice pages in headless Chromium: a commitment's invoices, the Draft invoice edited, submitted and approved
 * (the G702 figures follow), and the synced, paid invoice with its payment — photographed for the README.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvoiceBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private Browser browser;
    private WebDriver driver;

    @BeforeAll
    void start() throws IOException {
        browser = new Browser(port);
        driver = browser.driver;
    }

    @AfterAll
    void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    private WebElement byId(String id) {
        return browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
    }

    @Test
    void enterSubmitApproveAndSeeThePaidInvoice() throws Exception {
        long project = jdbc.sql("""
                select p.id from project p join company c on c.id = p.company_id
                where c.name = 'Summit Ridge Builders' and p.number = '1001'""").query(Long.class).single();
        long sc1 = jdbc.sql("select id from commitment where project_id = :p and number = 'SC-001'").param("p", project)
                .query(Long.class).single();
        browser.signIn("approver");
        browser.get("/projects/" + project + "/commitments/" + sc1);
        byId("invoices").click();
        assertThat(byId("invoices").findElements(By.cssSelector("tbody tr")).size()).isGreaterThanOrEqualTo(3);
        assertThat(byId("invoice-1").getText()).contains("Paid").contains("63,000.00");
        assertThat(byId("invoice-2").getText()).contains("Synced");
        byId("invoice-3").findElement(By.tagName("a")).click();
        assertThat(byId("invoice-status").getText()).isEqualTo("Draft");
        byId("edit-invoice").click();
        WebElement work = byId("work-1");
        work.clear();
        work.sendKeys("25000");
        byId("save-invoice").click();
        // 25,000 this period, stored materials unchanged (15,000): 10 % retainage → 22,500 due
        assertThat(byId("action-message").getText()).contains("saved");
        assertThat(byId("payment-due").getText()).isEqualTo("22,500.00");
        assertThat(byId("line-1").getText()).contains("90,000.00"); // 50,000 + 40,000 before
        byId("submit-invoice").click();
        assertThat(byId("invoice-status").getText()).isEqualTo("Under Review");
        byId("approve-invoice").click();
        assertThat(byId("invoice-status").getText()).isEqualTo("Approved");
        assertThat(byId("send-to-erp").isDisplayed()).isTrue();

        long paid = jdbc.sql("select id from requisition where commitment_id = :c and number = 1").param("c", sc1)
                .query(Long.class).single();
        browser.get("/projects/" + project + "/invoices/" + paid);
        assertThat(byId("invoice-status").getText()).isEqualTo("Paid");
        assertThat(byId("amount-paid").getText()).isEqualTo("63,000.00");
        assertThat(byId("check-numbers").getText()).isEqualTo("CHK-1042");
        assertThat(byId("total-retainage").getText()).isEqualTo("7,000.00");
        browser.atWidth(1366, "invoice");
    }
}
