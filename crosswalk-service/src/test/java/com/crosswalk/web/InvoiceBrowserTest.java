package com.crosswalk.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
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
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
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
    @Order(1)
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

    /**
     * The demo's retainage release (#4) shows retainage held, released and still held; the form refuses releasing more
     * than the synced bills hold (nothing created) and creates a release of a part (after #3 was approved above).
     */
    @Test
    @Order(2)
    void retainageReleaseShownAndCreatedThroughTheForm() {
        long project = jdbc.sql("""
                select p.id from project p join company c on c.id = p.company_id
                where c.name = 'Summit Ridge Builders' and p.number = '1001'""").query(Long.class).single();
        long sc1 = jdbc.sql("select id from commitment where project_id = :p and number = 'SC-001'").param("p", project)
                .query(Long.class).single();
        long release = jdbc.sql("select id from requisition where commitment_id = :c and number = 4").param("c", sc1)
                .query(Long.class).single();
        browser.signIn("approver");
        browser.get("/projects/" + project + "/invoices/" + release);
        assertThat(byId("invoice-kind").getText()).isEqualTo("Retainage release");
        assertThat(byId("retainage-line-2").getText()).contains("2,000.00");
        assertThat(byId("retainage-released-here").getText()).isEqualTo("2,000.00");
        assertThat(byId("payment-due").getText()).isEqualTo("2,000.00");

        long before = jdbc.sql("select count(*) from requisition where commitment_id = :c").param("c", sc1).query(Long.class).single();
        browser.get("/projects/" + project + "/commitments/" + sc1 + "/invoices");
        byId("new-retainage-release").click();
        byId("amount-1").sendKeys("999999");
        byId("save-release").click();
        assertThat(byId("form-error").getText()).contains("Line 1 cannot release 999999.00");
        assertThat(jdbc.sql("select count(*) from requisition where commitment_id = :c").param("c", sc1).query(Long.class).single())
                .isEqualTo(before);
        WebElement amount = byId("amount-1");
        amount.clear();
        amount.sendKeys("500");
        byId("save-release").click();
        assertThat(byId("action-message").getText()).contains("retainage release of 500.00");
        assertThat(byId("invoice-kind").getText()).isEqualTo("Retainage release");
        assertThat(byId("retainage-released-here").getText()).isEqualTo("500.00");
        assertThat(byId("invoice-status").getText()).isEqualTo("Draft");
    }
}
