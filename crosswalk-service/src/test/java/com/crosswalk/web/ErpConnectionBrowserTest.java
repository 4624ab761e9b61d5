package com.crosswalk.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.TestSession;
import com.crosswalk.erp.push.PushSetup;
import com.crosswalk.erp.unlink.UnlinkTestSupport;
import java.io.IOException;
import java.time.OffsetDateTime;
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
 * ERP Integrations → Connection, for ERP Integrations Admins: a limit that is not a whole number is refused beside its
 * field (422, nothing saved), the password is never shown, Test connection answers in green, a save keeps the
 * stored password; others get no tab and a 403.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErpConnectionBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PushSetup push;

    private Browser browser;
    private WebDriver driver;
    private long companyId;

    @BeforeAll
    void startBrowser() throws IOException {
        browser = new Browser(port);
        driver = browser.driver;
        companyId = new UnlinkTestSupport(port, jdbc).demoCompanyId();
    }

    @AfterAll
    void stopBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void anAdminEditsTheConnectionAndTestsIt() throws IOException {
        OffsetDateTime before = updatedAt();
        browser.signIn("approver");
        browser.get("/erp/commitment-change-orders");
        driver.findElement(By.id("tab-connection")).click();
        assertThat(driver.findElement(By.id("password")).getAttribute("value")).isEmpty();
        assertThat(driver.findElement(By.id("password-note")).getText()).contains("A password is saved (never shown)");
        driver.findElement(By.id("maxRequestsPerMinute")).clear();
        driver.findElement(By.id("maxRequestsPerMinute")).sendKeys("lots");
        driver.findElement(By.id("save")).click();
        WebElement error = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.id("maxRequestsPerMinute-error")));
        assertThat(error.getText()).isEqualTo("Enter the licence's requests per minute as a whole number from 1 to 100000.");
        assertThat(driver.findElement(By.id("maxRequestsPerMinute")).getAttribute("value")).isEqualTo("lots");
        assertThat(updatedAt()).isEqualTo(before);

        browser.get("/erp/connection");
        driver.findElement(By.id("test-connection")).click();
        WebElement result = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("test-result")));
        assertThat(result.getText()).contains("Connected: Acumatica accepted the sign-in");
        assertThat(result.getCssValue("color")).isEqualTo(Browser.GREEN);

        driver.findElement(By.id("save")).click();
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-message"),
                "Saved the connection settings."));
        assertThat(updatedAt()).isAfter(before);
        assertThat(jdbc.sql("select secret_encrypted is not null from erp_connection where company_id = :c")
                .param("c", companyId).query(Boolean.class).single()).as("the password is kept").isTrue();
        browser.atWidth(390, null);
    }

    @Test
    void anAdminSetsPushNotificationsUpSendsATestNotificationAndReplacesTheSecret() throws IOException {
        browser.signIn("approver");
        browser.get("/erp/connection");
        WebElement setUp = driver.findElement(By.id("push-set-up"));
        if (setUp.getText().equals("Set up push notifications")) {
            setUp.click();
            browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("push-message"),
                    "Push notifications are set up"));
        }
        String webhook = "http://localhost:" + port + "/hooks/acumatica/" + companyId;
        assertThat(driver.findElement(By.id("push-webhook-url")).getText()).isEqualTo(webhook);
        assertThat(driver.findElement(By.id("push-header-name")).getText()).isEqualTo("X-Crosswalk-Secret");
        assertThat(driver.findElement(By.id("push-header-value")).isDisplayed()).as("hidden until asked").isFalse();
        driver.findElement(By.cssSelector("#push-secret summary")).click();
        String secret = driver.findElement(By.id("push-header-value")).getText();
        assertThat(push.matches(companyId, secret)).as("the secret in force is shown").isTrue();
        assertThat(driver.findElement(By.id("push-definitions")).getText()).contains("Crosswalk change orders")
                .contains("Crosswalk bills").contains("ExternalRefNbr");

        driver.findElement(By.id("push-test")).click();
        WebElement summary = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#job-push_test .job-summary")));
        assertThat(summary.getText()).startsWith("A test notification reached " + webhook + " and was processed in ");
        assertThat(driver.findElement(By.cssSelector("#job-push_test .job-result")).getCssValue("color"))
                .isEqualTo(Browser.GREEN);

        driver.findElement(By.id("push-set-up")).click();
        assertThat(browser.confirm()).startsWith("Replace the push-notification secret? The current one stops working");
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("push-message"),
                "Replaced the secret: the old one no longer works."));
        assertThat(push.matches(companyId, secret)).as("the old secret stops at once").isFalse();
        browser.atWidth(390, null);
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "document.getElementById('push').scrollIntoView()");
        browser.screenshot("erp-connection-push");
    }

    @Test
    void othersGetNoTabAndA403() {
        browser.signIn("pm");
        browser.get("/erp/commitment-change-orders");
        assertThat(driver.findElements(By.id("tab-connection"))).isEmpty();
        assertThat(TestSession.signIn(port, "pm").get("/erp/connection").statusCode()).isEqualTo(403);
    }

    private OffsetDateTime updatedAt() {
        return jdbc.sql("select updated_at from erp_connection where company_id = :c").param("c", companyId)
                .query(OffsetDateTime.class).single();
    }
}
