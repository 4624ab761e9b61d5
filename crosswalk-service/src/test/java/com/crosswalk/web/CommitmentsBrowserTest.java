package com.crosswalk.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.TestSession;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import com.crosswalk.erp.unlink.UnlinkTestSupport;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The Commitments tool in the pages, in headless Chromium: a new subcontract with its SOV (a refused form first, each
 * message beside its field and nothing saved), its summary as Procore shows it, Approve, Send to ERP, Accept by an
 * accounting approver and the subcontract in Acumatica with the same title and lines. The commitment summary
 * screenshot is README's.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommitmentsBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AcumaticaEmulator emulator;

    private Browser browser;
    private WebDriver driver;
    private WebDriverWait wait;
    private UnlinkTestSupport t;
    private long companyId;

    @BeforeAll
    void startBrowser() throws IOException {
        browser = new Browser(port);
        driver = browser.driver;
        wait = browser.wait;
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
    void createASubcontractWithItsSovApproveItAndSendItToAcumatica() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 5).toUpperCase();
        String number = "SC-" + tag;
        String title = "Site concrete " + tag;
        long riverside = t.projectId(companyId, "1001");

        browser.signIn("approver");
        browser.get("/projects/" + riverside + "/commitments");
        driver.findElement(By.id("new-commitment")).click();
        new Select(driver.findElement(By.id("kind"))).selectByValue("subcontract");
        driver.findElement(By.id("number")).sendKeys(number);
        new Select(driver.findElement(By.id("vendor"))).selectByVisibleText("Apex Concrete Co.");
        new Select(driver.findElement(By.id("line-cost-code-1"))).selectByValue("03-300");
        new Select(driver.findElement(By.id("line-cost-type-1"))).selectByValue("S");
        driver.findElement(By.id("line-description-1")).sendKeys("Footings");
        driver.findElement(By.id("line-amount-1")).sendKeys("150,00.00");
        driver.findElement(By.id("save")).click();

        // refused: the title is missing and the amount is not a number as people write one; nothing saved
        WebElement titleError = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("title-error")));
        assertThat(titleError.getText()).isEqualTo("Enter a title.");
        assertThat(titleError.getCssValue("color")).isEqualTo(Browser.RED);
        assertThat(driver.findElement(By.id("line-amount-error-1")).getText())
                .isEqualTo("Line 1: the amount must be a number, like 1500.00 or 1,500.00 (a comma only between "
                        + "thousands).");
        assertThat(driver.findElement(By.id("form-error")).getText()).contains("2 fields need a correction");
        assertThat(driver.findElement(By.id("number")).getAttribute("value")).isEqualTo(number);
        assertThat(count("select count(*) from commitment where number = '" + number + "'")).isZero();

        driver.findElement(By.id("title")).sendKeys(title);
        driver.findElement(By.id("line-amount-1")).clear();
        driver.findElement(By.id("line-amount-1")).sendKeys("150,000.00");
        new Select(driver.findElement(By.id("line-cost-code-2"))).selectByValue("03-300");
        new Select(driver.findElement(By.id("line-cost-type-2"))).selectByValue("S");
        driver.findElement(By.id("line-description-2")).sendKeys("Pump truck");
        driver.findElement(By.id("line-amount-2")).sendKeys("2500");
        driver.findElement(By.id("save")).click();

        WebElement ok = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("action-message")));
        assertThat(ok.getText()).contains("Created subcontract " + number);
        long id = jdbc.sql("select id from commitment where project_id = :p and number = :n").param("p", riverside)
                .param("n", number).query(Long.class).single();
        assertThat(driver.findElement(By.id("sov")).getText()).contains("Footings", "150,000.00", "Pump truck",
                "2,500.00");
        assertThat(driver.findElement(By.id("sum-original")).getText()).isEqualTo("152,500.00");
        assertThat(driver.findElement(By.id("sum-approved")).getText()).isEqualTo("0.00");
        assertThat(driver.findElement(By.id("sum-revised")).getText()).isEqualTo("152,500.00");
        assertThat(driver.findElement(By.id("sum-percent")).getText()).isEqualTo("0.00 %");
        assertThat(driver.findElement(By.id("sum-remaining")).getText()).isEqualTo("152,500.00");

        // edit: the second line's amount
        driver.findElement(By.id("edit-commitment")).click();
        driver.findElement(By.id("line-amount-2")).clear();
        driver.findElement(By.id("line-amount-2")).sendKeys("3,000.00");
        driver.findElement(By.id("save")).click();
        wait.until(ExpectedConditions.textToBe(By.id("sum-original"), "153,000.00"));

        driver.findElement(By.id("approve")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-message"), "is now Approved"));
        driver.findElement(By.id("send-to-erp")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-message"), "Sent to ERP"));
        assertThat(driver.findElement(By.id("workflow-banner")).getText()).contains("waiting for an accounting approver");

        // the approver accepts it under Ready to Export; it is exported in the background
        browser.get("/erp/commitments?view=ready_to_export&search=" + number);
        driver.findElement(By.id("accept-" + id)).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-message"), "Accepted"));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"synced".equals(state(id)) && System.nanoTime() < deadline) {
            Browser.sleep(200);
        }
        assertThat(state(id)).isEqualTo("synced");
        String externalRef = jdbc.sql("select external_ref from erp_link where commitment_id = :c").param("c", id)
                .query(String.class).single();
        com.fasterxml.jackson.databind.JsonNode inErp = null;
        for (com.fasterxml.jackson.databind.JsonNode s : emulator.store().list("Subcontract", null, null, "Details", null, null)) {
            if (externalRef.equals(s.path("VendorRef").path("value").asText())) {
                inErp = s;
            }
        }
        assertThat(inErp).as("the subcontract in Acumatica").isNotNull();
        assertThat(inErp.path("Description").path("value").asText()).isEqualTo(title);
        List<String> lines = new ArrayList<>();
        inErp.path("Details").forEach(l -> lines.add(l.path("Description").path("value").asText() + " "
                + (l.path("ExtendedCost").path("value").isNumber() ? l.path("ExtendedCost") : l.path("Amount"))
                .path("value").decimalValue().setScale(2)));
        assertThat(lines).containsExactly("Footings 150000.00", "Pump truck 3000.00");

        browser.get("/projects/" + riverside + "/commitments/" + id);
        assertThat(driver.findElement(By.id("commitment-summary")).getText()).contains("153,000.00");
        assertThat(driver.findElements(By.id("edit-commitment"))).as("locked once synced").isEmpty();
        browser.atWidth(768, null);
    }

    /** Demo SC-001 of Riverside: approved, pending and draft change orders, each with its date and ERP state. */
    @Test
    void theSummaryAddsTheChangeOrdersAsProcoreDoes() throws Exception {
        long riverside = t.projectId(companyId, "1001");
        long sc1 = t.commitmentId(companyId, "1001", "SC-001");
        String original = money("select sum(amount) from commitment_line where commitment_id = " + sc1);
        String approved = ccos(sc1, "approved");
        String draft = ccos(sc1, "draft");
        TestSession pm = TestSession.signIn(port, "pm");
        HttpResponse<String> summary = pm.get("/rest/v1.0/projects/" + riverside + "/commitments/" + sc1 + "/summary",
                "Accept", "application/json");
        assertThat(summary.statusCode()).isEqualTo(200);
        JsonNode s = tools.jackson.databind.json.JsonMapper.builder().build().readTree(summary.body());
        assertThat(s.path("original_contract_amount").decimalValue()).isEqualByComparingTo(original);
        assertThat(s.path("approved_change_orders").decimalValue()).isEqualByComparingTo(approved);
        assertThat(s.path("draft_change_orders").decimalValue()).isEqualByComparingTo(draft);
        assertThat(s.path("revised_contract_amount").decimalValue())
                .isEqualByComparingTo(new java.math.BigDecimal(original).add(new java.math.BigDecimal(approved)));
        assertThat(s.path("payments").decimalValue()).isEqualByComparingTo("0");
        assertThat(s.path("remaining_balance").decimalValue())
                .isEqualByComparingTo(s.path("revised_contract_amount").decimalValue());

        browser.signIn("pm");
        browser.get("/projects/" + riverside + "/commitments/" + sc1);
        assertThat(driver.findElement(By.id("sum-revised")).getText().replace(",", ""))
                .isEqualTo(s.path("revised_contract_amount").decimalValue().setScale(2).toPlainString());
        assertThat(driver.findElement(By.id("change-orders")).getText()).contains("2026-01-12");
        assertThat(driver.findElements(By.id("new-commitment"))).isEmpty();
        browser.screenshot("commitment-summary");
        browser.atWidth(390, null);
    }

    /** Bad input over plain HTTP: 422, the message beside the field, and nothing written. */
    @Test
    void aRefusedFormAnswers422AndChangesNothing() {
        long riverside = t.projectId(companyId, "1001");
        long sc1 = t.commitmentId(companyId, "1001", "SC-001");
        TestSession approver = TestSession.signIn(port, "approver");
        HttpResponse<String> r = approver.post("/projects/" + riverside + "/commitments",
                TestSession.form("kind", "subcontract", "number", "", "title", "x", "vendor", "999999999",
                        "lineCostCode", "03-300", "lineCostType", "S", "lineDescription", "d", "lineAmount", "12.345"));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).contains("Enter a number, like SC-003 or PO-002.", "Choose a vendor from the list.",
                "Line 1: the amount can have at most 2 decimals.");
        assertThat(count("select count(*) from commitment where title = 'x'")).isZero();

        // pm has Commitments Admin but the commitment is linked: the service's 409, the form as typed
        long before = count("select version from commitment where id = " + sc1);
        r = TestSession.signIn(port, "pm").post("/projects/" + riverside + "/commitments/" + sc1,
                TestSession.form("title", "Renamed", "vendor", Long.toString(vendorOf(sc1))));
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(count("select version from commitment where id = " + sc1)).isEqualTo(before);
    }

    private long vendorOf(long commitment) {
        return count("select vendor_id from commitment where id = " + commitment);
    }

    private String ccos(long commitment, String status) {
        return money("select coalesce(sum(i.amount), 0) from cco_line_item i join commitment_change_order o "
                + "on o.id = i.cco_id where o.commitment_id = " + commitment + " and o.status = '" + status + "'");
    }

    private String money(String sql) {
        return jdbc.sql(sql).query(java.math.BigDecimal.class).single().toPlainString();
    }

    private String state(long commitment) {
        return jdbc.sql("select state from erp_export where commitment_id = :c order by id desc limit 1")
                .param("c", commitment).query(String.class).optional().orElse("");
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
