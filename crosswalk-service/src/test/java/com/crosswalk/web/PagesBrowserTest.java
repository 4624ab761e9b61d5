package com.crosswalk.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.erp.unlink.UnlinkTestSupport;
import com.crosswalk.erp.unlink.UnlinkTestSupport.Synced;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Map;
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

/**
 * The pages beyond the Unlink walk, in headless Chromium: Directory (create a user, refusal next to the field; edit
 * a tool level), Operator (grant and revoke Can Push to Accounting), bulk unlink (one green and one red row and the
 * summary), Change History showing the unlink, Vendors (link refused in the row: already linked; export), Projects
 * (import cost codes), Commitments tab (unlink red and green without a reload) and the commitment page's Send to
 * ERP refusal. Each page is also checked at 768 px for page-wide horizontal scrolling and photographed.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PagesBrowserTest {

    static final String RED = Browser.RED;
    static final String GREEN = Browser.GREEN;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AcumaticaEmulator emulator;
    @Autowired
    ErpConnectors connectors;

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

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 6);
    }

    // ---------------------------------------------------------------------------------------------- directory

    @Test
    void directoryAdminCreatesAUserAndEditsAToolLevel() throws Exception {
        String login = "pages-" + unique();
        browser.signIn("approver");
        driver.findElement(By.linkText("Directory")).click();
        driver.findElement(By.id("new-user")).click();
        driver.findElement(By.id("login")).sendKeys(login);
        driver.findElement(By.id("name")).sendKeys("Page Tester");
        driver.findElement(By.id("password")).sendKeys("short");
        driver.findElement(By.id("create-user")).click();
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password-error")));
        assertThat(error.getText()).isEqualTo("The password must be 8 to 200 characters");
        assertThat(error.getCssValue("color")).isEqualTo(RED);
        assertThat(driver.findElement(By.id("login")).getAttribute("value")).isEqualTo(login);
        assertThat(count("select count(*) from app_user where login = '" + login + "'")).isZero();
        browser.screenshot("directory-new-user-refused");
        browser.atWidth(768, "directory-new-user-refused-tablet");

        driver.findElement(By.id("password")).sendKeys("long enough password");
        new Select(driver.findElement(By.id("erpIntegrations"))).selectByValue("read_only");
        driver.findElement(By.id("create-user")).click();
        WebElement ok = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".alert-success")));
        assertThat(ok.getText()).contains("Created user Page Tester (" + login + ")");
        assertThat(driver.findElement(By.id("user-" + login)).getText()).contains("Read Only");

        // Edit: ERP Integrations Read Only -> Standard
        driver.findElement(By.id("edit-" + login)).click();
        new Select(driver.findElement(By.id("erpIntegrations"))).selectByValue("standard");
        browser.screenshot("directory-edit-user");
        driver.findElement(By.id("save")).click();
        ok = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".alert-success")));
        assertThat(ok.getText()).contains("Saved the permissions of Page Tester");
        assertThat(driver.findElement(By.id("user-" + login)).getText()).contains("Standard");
        assertThat(jdbc.sql("select erp_integrations_level from app_user where login = :l").param("l", login)
                .query(String.class).single()).isEqualTo("standard");
        browser.screenshot("directory-users");
        browser.atWidth(768, "directory-users-tablet");
    }

    @Test
    void operatorGrantsAndRevokesCanPushToAccounting() throws Exception {
        String login = "push-" + unique();
        assertThat(t.post("approver", "/rest/v1.0/companies/" + companyId + "/users",
                Map.of("login", login, "name", "Push Tester", "password", "long enough password")).status())
                .isEqualTo(201);
        browser.signIn("operator");
        driver.findElement(By.linkText("Operator")).click();
        driver.findElement(By.id("grant-" + login)).click();
        WebElement ok = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".alert-success")));
        assertThat(ok.getText()).contains("Granted Can Push to Accounting to Push Tester");
        assertThat(pushes(login)).isTrue();
        browser.screenshot("operator-granted");

        driver.findElement(By.id("revoke-" + login)).click();
        ok = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".alert-success")));
        assertThat(ok.getText()).contains("Revoked Can Push to Accounting from Push Tester");
        assertThat(pushes(login)).isFalse();
        assertThat(driver.findElements(By.id("grant-" + login))).hasSize(1);
        browser.atWidth(768, "operator-tablet");
    }

    private boolean pushes(String login) {
        return jdbc.sql("select can_push_to_accounting from app_user where login = :l").param("l", login)
                .query(Boolean.class).single();
    }

    // ------------------------------------------------------------------------------- bulk unlink, history

    @Test
    void bulkUnlinkShowsOneGreenAndOneRedRowThenHistoryShowsTheUnlink() throws Exception {
        String tag = unique();
        Synced gone = t.syncedCco(connectors, companyId, "Bulk gone " + tag, new BigDecimal("11.00"));
        Synced present = t.syncedCco(connectors, companyId, "Bulk present " + tag, new BigDecimal("12.00"));
        String reversing = emulator.store().reverse(gone.refNbr());
        emulator.store().removeHold(reversing);
        emulator.store().release(reversing);

        browser.signIn("approver");
        browser.get("/erp/commitment-change-orders?view=synced&search=" + tag);
        driver.findElement(By.id("select-" + gone.ccoId())).click();
        driver.findElement(By.id("select-" + present.ccoId())).click();
        browser.markPage();
        driver.findElement(By.id("unlink-selected")).click();
        browser.confirm();

        // a background job: its panel shows the progress, then the summary, and each row its own result
        WebElement summary = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#job-bulk_unlink .job-result.alert-danger")));
        assertThat(summary.getText()).contains("1 of 2 unlinked").contains("1 refused");
        WebElement green = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#row-result-" + gone.ccoId() + ".alert-success")));
        assertThat(green.getText()).contains("Successfully Unlinked");
        assertThat(green.getCssValue("color")).isEqualTo(GREEN);
        WebElement red = driver.findElement(By.id("row-result-" + present.ccoId()));
        assertThat(red.getText()).contains("The CCO is still in Acumatica. Please delete it before retrying");
        assertThat(red.getCssValue("color")).isEqualTo(RED);
        assertThat(driver.findElements(By.id("unlink-" + gone.ccoId()))).isEmpty();
        assertThat(driver.findElements(By.id("unlink-" + present.ccoId()))).hasSize(1);
        browser.assertPageNotReloaded();
        assertThat(count("select count(*) from erp_link where cco_id = " + gone.ccoId())).isZero();
        assertThat(count("select count(*) from erp_link where cco_id = " + present.ccoId())).isEqualTo(1);
        browser.screenshot("bulk-unlink-green-red");
        browser.atWidth(768, "bulk-unlink-green-red-tablet");

        // Change History of the unlinked CCO: the unlink event, newest first
        driver.findElement(By.cssSelector("#cco-row-" + gone.ccoId() + " a.history-link")).click();
        WebElement first = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#history li")));
        assertThat(first.getText()).contains("cco.unlinked").contains("approver");
        assertThat(driver.findElement(By.id("history")).getText()).doesNotContain("No recorded changes");
        browser.screenshot("change-history-unlinked");
        browser.atWidth(768, "change-history-unlinked-tablet");
    }

    /**
     * "Check Acumatica now" is a background job: its panel shows a progress bar that moves while it runs (the
     * emulator answers slowly), a second click shows the same job, leaving the page does not stop it, and coming
     * back shows its result.
     */
    @Test
    void checkNowShowsAProgressBarWhileItRunsAndItsResultAfterLeavingThePage() throws Exception {
        browser.signIn("approver");
        browser.get("/erp/commitment-change-orders?view=synced");
        emulator.faults().setLatencyMs(2_500); // each ERP request 2.5 s (under the 3 s request timeout of the tests): the check outlasts the second click
        try {
            driver.findElement(By.id("reconcile")).click();
            WebElement bar = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#job-reconcile progress")));
            assertThat(bar.getAttribute("max")).isNotNull();
            String jobId = driver.findElement(By.id("job-reconcile")).getAttribute("data-job-id");
            browser.screenshot("check-now-progress");
            driver.findElement(By.id("reconcile")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#job-reconcile .job-note"),
                    "Already running"));
            assertThat(driver.findElement(By.id("job-reconcile")).getAttribute("data-job-id")).isEqualTo(jobId);
            // leave the page while it runs; it goes on on the server
            browser.get("/directory");
        } finally {
            emulator.faults().setLatencyMs(0);
        }
        browser.get("/erp/commitment-change-orders?view=synced");
        WebElement done = new WebDriverWait(driver, java.time.Duration.ofSeconds(120)).until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#job-reconcile .job-result.alert-success")));
        assertThat(done.getText()).contains("Checked").contains("synced records with Acumatica");
        assertThat(jdbc.sql("select state from job where id = ?").params(Long.parseLong(
                driver.findElement(By.id("job-reconcile")).getAttribute("data-job-id"))).query(String.class).single())
                .isEqualTo("finished");
        browser.screenshot("check-now-done");
    }

    // ------------------------------------------------------------------------------- vendors, projects

    @Test
    void vendorLinkedTwiceIsRefusedInItsRowThenExportedAndCostCodesImported() throws Exception {
        String name = "Page Vendor " + unique();
        long vendor = jdbc.sql("insert into vendor (company_id, name) values (:c, :n) returning id")
                .param("c", companyId).param("n", name).query(Long.class).single();
        browser.signIn("approver");
        driver.findElement(By.linkText("ERP Integrations")).click();
        driver.findElement(By.id("tab-vendors")).click();
        // the ERP's list to link to is loaded after the page is shown (a slow ERP never holds the page)
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#erp-list option[value='APEXCON']")));
        driver.findElement(By.id("erp-key-" + vendor)).sendKeys("APEXCON");
        browser.markPage();
        driver.findElement(By.id("link-" + vendor)).click();
        WebElement refusal = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#vendor-" + vendor + " .alert-danger")));
        assertThat(refusal.getText()).contains("APEXCON is already linked to another vendor (Apex Concrete Co.)");
        assertThat(refusal.getCssValue("color")).isEqualTo(RED);
        assertThat(count("select count(*) from erp_link where vendor_id = " + vendor)).isZero();
        browser.screenshot("vendors-link-refused");
        browser.atWidth(768, "vendors-link-refused-tablet");

        driver.findElement(By.id("export-" + vendor)).click();
        WebElement ok = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#vendor-" + vendor + " .alert-success")));
        String key = jdbc.sql("select erp_key from erp_link where vendor_id = :v").param("v", vendor)
                .query(String.class).single();
        assertThat(ok.getText()).contains("Exported to Acumatica as " + key);
        assertThat(ok.getCssValue("color")).isEqualTo(GREEN);
        assertThat(driver.findElement(By.id("vendor-" + vendor)).getText()).contains(key, "Synced");
        assertThat(driver.findElements(By.id("export-" + vendor))).isEmpty();
        browser.assertPageNotReloaded();

        driver.findElement(By.id("tab-projects")).click();
        driver.findElement(By.id("import-cost-codes")).click();
        WebElement imported = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#job-cost_code_import .job-result.alert-success")));
        assertThat(imported.getText()).contains("✔").contains("Imported cost codes from Acumatica:").contains("matched");
        browser.screenshot("projects-cost-codes-imported");
        browser.atWidth(768, "projects-tablet");
    }

    // ------------------------------------------------------------------------------------------ commitments

    @Test
    void commitmentsTabUnlinksRedThenGreenAndTheCommitmentPageRefusesSendToErp() throws Exception {
        long riverside = t.projectId(companyId, "1001");
        long po1 = t.commitmentId(companyId, "1001", "PO-001");
        String erpKey = "SC9" + (System.nanoTime() % 100000);
        long gone = linkedCommitment(riverside, erpKey);

        browser.signIn("approver");
        browser.get("/erp/commitments?view=synced&search=PO-001");
        browser.markPage();
        driver.findElement(By.id("unlink-" + po1)).click();
        browser.confirm();
        WebElement message = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#unlink-message.alert-danger")));
        assertThat(message.getText()).contains("The commitment is still in Acumatica. Please delete it before retrying.");
        assertThat(message.getCssValue("color")).isEqualTo(RED);
        assertThat(driver.findElements(By.id("commitment-row-" + po1))).hasSize(1);
        browser.screenshot("commitments-unlink-refused");

        browser.get("/erp/commitments?view=synced&search=SC-" + erpKey);
        browser.markPage();

        driver.findElement(By.id("unlink-" + gone)).click();

        browser.confirm();
        message = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#unlink-message.alert-success")));
        assertThat(message.getText()).contains("Successfully Unlinked");
        assertThat(message.getCssValue("color")).isEqualTo(GREEN);
        wait.until(d -> d.findElements(By.id("commitment-row-" + gone)).isEmpty());
        browser.assertPageNotReloaded();
        assertThat(count("select count(*) from erp_link where commitment_id = " + gone)).isZero();
        browser.atWidth(768, "commitments-tab-tablet");

        // Harbor SC-002 (Draft, vendor not linked): Send to ERP refused, each unmet prerequisite next to the button
        long harbor = t.projectId(companyId, "1002");
        long sc2 = t.commitmentId(companyId, "1002", "SC-002");
        browser.get("/projects/" + harbor + "/commitments/" + sc2);
        driver.findElement(By.id("send-to-erp")).click();
        WebElement refusal = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("send-error")));
        assertThat(refusal.getCssValue("color")).isEqualTo(RED);
        assertThat(refusal.getText()).contains("cannot be sent to Acumatica");
        assertThat(count("select count(*) from erp_export where commitment_id = " + sc2
                + " and state = 'ready_to_export'")).isZero();
        browser.screenshot("commitment-send-refused");
        browser.atWidth(768, "commitment-send-refused-tablet");
    }

    /** A new Riverside subcontract, exported long ago and linked to {@code erpKey} (which the ERP does not have). */
    private long linkedCommitment(long riverside, String erpKey) {
        long vendor = jdbc.sql("select id from vendor where company_id = :c and name = 'Apex Concrete Co.'")
                .param("c", companyId).query(Long.class).single();
        long id = jdbc.sql("""
                insert into commitment (company_id, project_id, vendor_id, kind, number, title, status)
                values (:c, :p, :v, 'subcontract', :n, 'Removed in the ERP', 'approved') returning id""")
                .param("c", companyId).param("p", riverside).param("v", vendor).param("n", "SC-" + erpKey)
                .query(Long.class).single();
        jdbc.sql("""
                insert into erp_export (company_id, record_type, commitment_id, state, external_ref, synced_at)
                values (:c, 'commitment', :id, 'synced', :ref, now())""")
                .param("c", companyId).param("id", id).param("ref", "CW-T-CMT-" + id).update();
        jdbc.sql("""
                insert into erp_link (company_id, record_type, commitment_id, erp_key, external_ref)
                values (:c, 'commitment', :id, :key, :ref)""")
                .param("c", companyId).param("id", id).param("key", erpKey).param("ref", "CW-T-CMT-" + id).update();
        return id;
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
