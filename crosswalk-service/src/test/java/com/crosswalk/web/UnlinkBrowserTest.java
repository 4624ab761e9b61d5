package com.crosswalk.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.DemoSc1;
import com.crosswalk.IntegrationTest;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reference text walked in a real browser (Debian's headless Chromium): the synced list, Unlink refused in red
 * while Acumatica still has the change order, the reversal made and released on the emulator's own page (signed in
 * there, through its Actions menu), Unlink in
 * green with the row leaving the list — all without a page reload — then delete, re-enter, Send to ERP, Accept and
 * the corrected CCO in the synced list. Plus: {@code pm} sees no Unlink button; a form post without a CSRF token is
 * refused. Chromium missing = failure, not a skip (CI installs it).
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnlinkBrowserTest {

    static final String RED = Browser.RED;
    static final String GREEN = Browser.GREEN;
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AcumaticaEmulator emulator;

    /**
     * A client per request: a connection kept from minutes earlier may have been closed by the server meanwhile, and
     * the JDK client does not resend a POST on such a stale connection ("header parser received no bytes").
     */
    private static HttpClient http() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }
    private Browser browser;
    private WebDriver driver;
    private WebDriverWait wait;
    private long companyId;
    private long projectId;
    private long commitmentId;
    private long sovLine1;

    @BeforeAll
    void startBrowser() throws IOException {
        browser = new Browser(port);
        driver = browser.driver;
        wait = browser.wait;
        DemoSc1 demo = DemoSc1.lookUp(jdbc);
        companyId = demo.company();
        projectId = demo.riverside();
        commitmentId = demo.sc1();
        sovLine1 = demo.sc1Line1();
    }

    @AfterAll
    void stopBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    // -------------------------------------------------------------------------------------------------- the walk

    @Test
    void theReferenceTextInTheBrowser() throws Exception {
        String title = "Rebar at footings (wrong) " + UUID.randomUUID().toString().substring(0, 6);
        long cco = syncedChangeOrder(title, "2500.00");
        String refNbr = erpKey(cco);

        signIn("approver");
        // 1. Navigate to the company's ERP Integrations tool. 2. Click Commitment Change Orders.
        driver.findElement(By.linkText("ERP Integrations")).click();
        driver.findElement(By.id("tab-ccos")).click();
        // 3. Locate the CCO under Change Orders - Successfully Synced with Acumatica.
        driver.findElement(By.id("view-synced")).click();
        assertThat(driver.findElement(By.id("list-title")).getText())
                .isEqualTo("Change Orders - Successfully Synced with Acumatica");
        screenshot("synced-list");
        search(title);
        WebElement row = driver.findElement(By.id("cco-row-" + cco));
        assertThat(row.getText()).contains(title, refNbr, "SC-001", "2,500.00");

        // 4. Click Unlink — still in Acumatica: red, the row stays, no page reload.
        markPage();
        driver.findElement(By.id("unlink-" + cco)).click();
        browser.confirm();
        WebElement message = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#unlink-message.alert-danger")));
        assertThat(message.getText()).contains("The CCO is still in Acumatica. Please delete it before retrying")
                .contains("✖");
        assertThat(message.getAttribute("role")).isEqualTo("alert");
        assertThat(message.getCssValue("color")).isEqualTo(RED);
        assertThat(driver.findElements(By.id("cco-row-" + cco))).hasSize(1);
        assertPageNotReloaded();
        screenshot("unlink-refused-red");

        // Prerequisite: reverse it in Acumatica (the emulator's own Change Orders screen, signed in as its user),
        // release the reversal.
        driver.get(emulator.baseUrl() + "/emulator/change-orders/" + refNbr);
        signInToEmulator();
        wait.until(ExpectedConditions.textToBe(By.id("field-RefNbr"), refNbr));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("actions-button-" + refNbr))).click();
        screenshot("emulator-change-order"); // its Actions menu open: Reverse is all a released change order offers
        wait.until(ExpectedConditions.elementToBeClickable(By.id("reverse-" + refNbr))).click();
        wait.until(d -> !d.getCurrentUrl().endsWith("/" + refNbr));
        String reversal = driver.getCurrentUrl().substring(driver.getCurrentUrl().lastIndexOf('/') + 1);
        assertThat(driver.findElement(By.id("field-OriginalCORefNbr")).getText()).isEqualTo(refNbr);
        emulatorAction(reversal, "removehold");
        wait.until(ExpectedConditions.textToBe(By.id("field-Status"), "Open"));
        emulatorAction(reversal, "release");
        waitForEmulatorStatus(reversal, "Closed");
        // the reversed change order offers no second Reverse
        driver.get(emulator.baseUrl() + "/emulator/change-orders/" + refNbr);
        assertThat(driver.findElements(By.id("reverse-" + refNbr))).isEmpty();

        // Back in Crosswalk: Unlink — green, the row leaves the list, still no page reload.
        driver.get(base() + "/erp/commitment-change-orders?view=synced&search=" + enc(title));
        markPage();
        driver.findElement(By.id("unlink-" + cco)).click();
        browser.confirm();
        message = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#unlink-message.alert-success")));
        assertThat(message.getText()).contains("Successfully Unlinked").contains("✔");
        assertThat(message.getAttribute("role")).isEqualTo("status");
        assertThat(message.getCssValue("color")).isEqualTo(GREEN);
        wait.until(d -> d.findElements(By.id("cco-row-" + cco)).isEmpty());
        assertPageNotReloaded();
        screenshot("unlink-success-green");

        // Finally: delete the CCO in the project (back to Draft first), enter the correct one, export it again.
        driver.findElement(By.linkText("Commitments")).click();
        driver.findElement(By.partialLinkText("Riverside")).click();
        driver.findElement(By.cssSelector("#commitment-" + commitmentId + " a")).click();
        driver.findElement(By.cssSelector("tr[data-title='" + title + "'] a")).click();
        assertThat(driver.findElements(By.id("synced-banner"))).isEmpty();
        driver.findElement(By.id("back-to-draft")).click();
        wait.until(ExpectedConditions.textToBe(By.id("cco-status"), "Draft"));
        driver.findElement(By.id("delete")).click();
        browser.confirm();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("new-cco")));
        assertThat(driver.findElement(By.cssSelector(".alert-success")).getText()).contains("Deleted CCO");
        assertThat(count("select count(*) from commitment_change_order where id = " + cco)).isZero();

        String corrected = "Rebar at footings " + UUID.randomUUID().toString().substring(0, 6);
        driver.findElement(By.id("new-cco")).click();
        driver.findElement(By.id("title")).sendKeys(corrected);
        new Select(driver.findElement(By.id("line-sov-1"))).selectByValue(Long.toString(sovLine1));
        driver.findElement(By.id("line-description-1")).sendKeys("Added rebar at footings");
        driver.findElement(By.id("line-amount-1")).sendKeys("1250.00");
        driver.findElement(By.id("save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("cco-title"), corrected));
        driver.findElement(By.id("approve")).click();
        wait.until(ExpectedConditions.textToBe(By.id("cco-status"), "Approved"));
        driver.findElement(By.id("send-to-erp")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-message"), "Sent to ERP"));
        long newCco = jdbc.sql("select id from commitment_change_order where commitment_id = :c and title = :t")
                .param("c", commitmentId).param("t", corrected).query(Long.class).single();

        // An accounting approver accepts it; it shows in the synced list once exported (bounded wait).
        driver.findElement(By.linkText("ERP Integrations")).click();
        driver.findElement(By.id("tab-ccos")).click();
        search(corrected);
        driver.findElement(By.id("accept-" + newCco)).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-message"), "Accepted"));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String syncedList = base() + "/erp/commitment-change-orders?view=synced&search=" + enc(corrected);
        do {
            driver.get(syncedList);
        } while (driver.findElements(By.id("cco-row-" + newCco)).isEmpty() && System.nanoTime() < deadline
                && sleep(300));
        WebElement newRow = driver.findElement(By.id("cco-row-" + newCco));
        assertThat(newRow.getText()).contains(corrected).doesNotContain(refNbr).doesNotContain(reversal);
        assertThat(erpKey(newCco)).isNotIn(refNbr, reversal);
    }

    @Test
    void pmSeesNoUnlinkAndFormsWithoutCsrfTokenAreRefused() throws Exception {
        long cco = syncedChangeOrder("PM view " + UUID.randomUUID().toString().substring(0, 6), "99.00");
        signIn("pm");
        assertThat(driver.findElements(By.linkText("ERP Integrations"))).hasSize(1);
        assertThat(driver.findElements(By.linkText("Operator"))).isEmpty();
        driver.get(base() + "/erp/commitment-change-orders?view=synced");
        assertThat(driver.findElements(By.id("cco-row-" + cco))).hasSize(1);
        assertThat(driver.findElements(By.cssSelector("button.unlink"))).isEmpty();
        assertThat(driver.findElements(By.id("unlink-" + cco))).isEmpty();
        assertThat(driver.findElements(By.id("unlink-selected"))).isEmpty();

        // Send to ERP refused: each unmet prerequisite listed next to the button (demo 1002 SC-002 CCO 001).
        long harbor = jdbc.sql("select id from project where company_id = :c and number = '1002'").param("c", companyId)
                .query(Long.class).single();
        long panel = jdbc.sql("""
                select o.id from commitment_change_order o join commitment m on m.id = o.commitment_id
                where m.project_id = :p and m.number = 'SC-002' and o.number = '001'""").param("p", harbor)
                .query(Long.class).single();
        driver.get(base() + "/projects/" + harbor + "/change-orders/" + panel);
        driver.findElement(By.id("send-to-erp")).click();
        WebElement refusal = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("send-error")));
        assertThat(refusal.getCssValue("color")).isEqualTo(RED);
        assertThat(refusal.findElements(By.cssSelector("#send-problems li")).size()).isGreaterThanOrEqualTo(2);
        assertThat(refusal.getText()).contains("cannot be sent to Acumatica");
        screenshot("send-to-erp-refused");

        // pm's own session cookie, but no CSRF token: refused; pm stays signed in.
        String cookie = "JSESSIONID=" + driver.manage().getCookieNamed("JSESSIONID").getValue();
        assertThat(postForm("/logout", cookie, "")).isEqualTo(403);
        assertThat(postForm("/erp/commitment-change-orders/" + cco + "/unlink", cookie, "")).isEqualTo(403);
        HttpResponse<String> home = http().send(HttpRequest.newBuilder(URI.create(base() + "/"))
                .header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("id=\"signed-in-user\"");
        assertThat(count("select count(*) from erp_link where cco_id = " + cco)).isEqualTo(1);

        // The same page at tablet width, for the screenshot
        driver.get(base() + "/erp/commitment-change-orders?view=synced");
        browser.atWidth(768, "synced-list-tablet-pm");
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private String base() {
        return browser.base();
    }

    private void signIn(String login) {
        browser.signIn(login);
    }

    private void search(String text) {
        WebElement box = driver.findElement(By.id("search"));
        box.clear();
        box.sendKeys(text);
        box.submit();
        wait.until(d -> d.getCurrentUrl().contains("search="));
    }

    private void markPage() {
        browser.markPage();
    }

    private void assertPageNotReloaded() {
        browser.assertPageNotReloaded();
    }

    /** The emulator's sign-in page (where a page of it redirected): its user admin / demo, tenant Demo. */
    private void signInToEmulator() {
        if (!driver.getCurrentUrl().contains("/emulator/login")) {
            return; // this browser is signed in there already
        }
        driver.findElement(By.id("login-name")).sendKeys("admin");
        driver.findElement(By.id("login-password")).sendKeys("demo");
        WebElement tenant = driver.findElement(By.id("login-tenant"));
        tenant.clear();
        tenant.sendKeys("Demo");
        driver.findElement(By.id("login-submit")).click();
    }

    /** Actions menu of the emulator's change order → {@code action} (e.g. reverse, removehold, release). */
    private void emulatorAction(String ref, String action) {
        wait.until(ExpectedConditions.elementToBeClickable(By.id("actions-button-" + ref))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id(action + "-" + ref))).click();
    }

    private void waitForEmulatorStatus(String ref, String status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            driver.get(emulator.baseUrl() + "/emulator/change-orders/" + ref);
            String now = driver.findElement(By.id("field-Status")).getText();
            if (now.equals(status)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Change order " + ref + " is " + now + ", expected " + status);
            }
            sleep(200);
        }
    }

    private void screenshot(String name) throws IOException {
        browser.screenshot(name);
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private String erpKey(long cco) {
        return jdbc.sql("select erp_key from erp_link where cco_id = :id").param("id", cco).query(String.class).single();
    }

    private static boolean sleep(long millis) {
        return Browser.sleep(millis);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private int postForm(String path, String cookie, String body) throws Exception {
        return http().send(HttpRequest.newBuilder(URI.create(base() + path)).header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /**
     * A CCO on Riverside SC-001 taken through the real workflow over REST as {@code approver}: create, approve,
     * Send to ERP, Accept, and the background export to the emulator; returns its id once synced.
     */
    private long syncedChangeOrder(String title, String amount) throws Exception {
        JsonNode created = rest("POST", "/rest/v1.0/projects/" + projectId + "/commitment_change_orders",
                Map.of("commitment_id", commitmentId, "title", title, "line_items",
                        List.of(Map.of("commitment_line_item_id", sovLine1, "description", title, "amount", new java.math.BigDecimal(amount)))));
        long id = created.get("id").asLong();
        rest("PATCH", "/rest/v1.0/projects/" + projectId + "/commitment_change_orders/" + id,
                Map.of("status", "approved"));
        rest("POST", "/rest/v1.0/projects/" + projectId + "/commitment_change_orders/" + id + "/send_to_erp", null);
        rest("POST", "/rest/v1.0/companies/" + companyId + "/erp/commitment_change_orders/" + id + "/accept", null);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (count("select count(*) from erp_export where state = 'synced' and cco_id = " + id) == 0) {
            String state = jdbc.sql("select state || coalesce(': ' || last_error, '') from erp_export where cco_id = :id")
                    .param("id", id).query(String.class).single();
            if (state.startsWith("failed") || System.nanoTime() > deadline) {
                throw new AssertionError("The export of CCO " + id + " did not sync: " + state);
            }
            sleep(100);
        }
        return id;
    }

    private JsonNode rest(String method, String path, Object body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("approver:demo".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        HttpResponse<String> r = http().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
        return r.body().isBlank() ? null : JSON.readTree(r.body());
    }
}
