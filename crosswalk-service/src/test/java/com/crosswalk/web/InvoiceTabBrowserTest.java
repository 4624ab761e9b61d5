package com.crosswalk.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import java.io.IOException;
import java.time.Duration;
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
 * The ERP Integrations tool's Subcontractor Invoices tab in headless Chromium, on the demo's invoices: the synced ones
 * (bill ReferenceNbr, amount paid and balance), the 1002 invoice sent to the ERP and accepted by an approver (green)
 * until it is synced as a new bill, and Unlink of that invoice: red while the bill is in Acumatica, green (the row
 * leaves) once it is reversed and the reversal released in the emulator. The demo's synced invoices are left as they
 * are (other tests of the same context read them).
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvoiceTabBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AcumaticaEmulator emulator;

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

    private long invoice(String project, int number) {
        return jdbc.sql("""
                select r.id from requisition r join project p on p.id = r.project_id join company c on c.id = p.company_id
                join commitment m on m.id = r.commitment_id
                where c.name = 'Summit Ridge Builders' and p.number = :p and m.number = 'SC-001' and r.number = :n""")
                .param("p", project).param("n", number).query(Long.class).single();
    }

    /** The company's invoices in an ERP view (not linked). */
    private long inView(String state) {
        return jdbc.sql("""
                select count(*) from erp_export e join company c on c.id = e.company_id
                where c.name = 'Summit Ridge Builders' and e.record_type = 'requisition' and e.state = :s
                  and not exists (select 1 from erp_link l where l.requisition_id = e.requisition_id)""")
                .param("s", state).query(Long.class).single();
    }

    private long projectOf(long invoice) {
        return jdbc.sql("select project_id from requisition where id = :id").param("id", invoice).query(Long.class)
                .single();
    }

    private String refNbr(long invoice) {
        return jdbc.sql("select erp_key from erp_link where requisition_id = :id").param("id", invoice)
                .query(String.class).single();
    }

    @Test
    void theSubcontractorInvoicesTab() throws Exception {
        long paid = invoice("1001", 1);
        long unpaid = invoice("1001", 2);
        long ready = invoice("1002", 1);
        String paidBill = refNbr(paid);
        String unpaidBill = refNbr(unpaid);

        browser.signIn("approver");
        // the 1002 invoice (Approved, not sent): Send to ERP from its page
        browser.get("/projects/" + projectOf(ready) + "/invoices/" + ready);
        byId("send-to-erp").click();
        assertThat(browser.wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#action-message.alert-success"))).getText()).isNotBlank();

        // the tab, next to Commitments and Commitment Change Orders, with its count of waiting or failed
        browser.get("/erp/commitments");
        WebElement tab = byId("tab-requisitions");
        assertThat(tab.getText()).startsWith("Subcontractor Invoices");
        // the counts as the database has them (tests before this one in the JVM may have made invoices of their own)
        long waiting = inView("ready_to_export") + inView("failed");
        long synced = jdbc.sql("""
                select count(*) from erp_link l join company c on c.id = l.company_id
                where c.name = 'Summit Ridge Builders' and l.record_type = 'requisition'""").query(Long.class).single();
        assertThat(waiting).isPositive();
        assertThat(tab.findElement(By.className("tab-count")).getText()).isEqualTo(Long.toString(waiting));
        assertThat(byId("tab-ccos").getText()).startsWith("Commitment Change Orders");
        tab.click();

        // Ready to Export: the sent invoice, with Accept for the approver
        assertThat(byId("list-title").getText()).isEqualTo("Ready to Export");
        assertThat(byId("count-ready_to_export").getText()).isEqualTo(Long.toString(inView("ready_to_export")));
        assertThat(byId("count-synced").getText()).isEqualTo(Long.toString(synced));
        WebElement row = byId("requisition-row-" + ready);
        assertThat(row.getText()).contains("1002", "SC-001", "102,600.00");
        assertThat(driver.findElements(By.id("accept-selected"))).hasSize(1);
        assertThat(byId("download-csv").getAttribute("href")).contains("/erp/requisitions?view=ready_to_export");

        // Accept: green, then the export job makes the bill and it is synced
        byId("accept-" + ready).click();
        WebElement accepted = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#action-message.alert-success")));
        assertThat(accepted.getCssValue("color")).isEqualTo(Browser.GREEN);
        assertThat(driver.findElements(By.id("requisition-row-" + ready))).isEmpty();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (jdbc.sql("select count(*) from erp_link where requisition_id = :id").param("id", ready)
                .query(Long.class).single() == 0) {
            assertThat(System.nanoTime()).as("invoice synced within 60 s").isLessThan(deadline);
            Thread.sleep(250);
        }
        String newBill = refNbr(ready);
        assertThat(emulator.store().bill("Bill", newBill)).isPresent();

        // Successfully Synced: each row names its bill, with amount paid and balance where known
        browser.get("/erp/requisitions?view=synced");
        assertThat(byId("list-title").getText())
                .isEqualTo("Subcontractor Invoices - Successfully Synced with Acumatica");
        assertThat(byId("count-synced").getText()).isEqualTo(Long.toString(synced + 1));
        assertThat(byId("requisition-row-" + paid).getText()).contains(paidBill, "1001", "SC-001");
        assertThat(byId("payment-" + paid).getText()).contains("Paid 63,000.00", "Balance 0.00", "CHK-1042");
        assertThat(byId("requisition-row-" + unpaid).getText()).contains(unpaidBill);
        assertThat(byId("requisition-row-" + ready).getText()).contains(newBill);
        browser.screenshot("erp-subcontractor-invoices-synced");

        // Unlink the invoice just synced (the demo's own synced invoices stay as they are for the other tests): its
        // bill is released in Acumatica → red, the row stays, no reload
        browser.markPage();
        byId("unlink-" + ready).click();
        browser.confirm();
        WebElement red = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#unlink-message.alert-danger")));
        assertThat(red.findElement(By.className("message-text")).getText())
                .isEqualTo("The invoice is still in Acumatica. Please delete it before retrying");
        assertThat(red.getCssValue("color")).isEqualTo(Browser.RED);
        assertThat(driver.findElements(By.id("requisition-row-" + ready))).hasSize(1);
        browser.assertPageNotReloaded();

        // reversed in Acumatica (ReverseBill → a debit adjustment), the reversal released: green, the row leaves
        String debitAdj = emulator.store().reverseBill(newBill);
        emulator.store().releaseDebitAdjustment(debitAdj);
        byId("unlink-" + ready).click();
        browser.confirm();
        WebElement green = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#unlink-message.alert-success")));
        assertThat(green.getCssValue("color")).isEqualTo(Browser.GREEN);
        browser.wait.until(ExpectedConditions.numberOfElementsToBe(By.id("requisition-row-" + ready), 0));
        browser.assertPageNotReloaded();
        assertThat(jdbc.sql("select count(*) from erp_link where requisition_id = :id").param("id", ready)
                .query(Long.class).single()).isZero();
        assertThat(byId("requisition-row-" + unpaid).getText()).contains(unpaidBill);
    }
}
