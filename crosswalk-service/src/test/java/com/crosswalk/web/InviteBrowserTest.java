package com.crosswalk.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.TestApi;
import com.crosswalk.demo.DemoMailServer;
import com.crosswalk.directory.AccountLookup;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The Directory's people, walked in real Chromium: a Directory Admin invites a person; the person opens the link from
 * the e-mail (read from the demo's SMTP server), sets a password and signs in; the used link, an expired link and a
 * replaced link are refused in plain words; a deactivated person can not sign in (and their open session ends), a
 * reactivated one can again; the company's last Directory Admin can not be deactivated. Each step is an audit event.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InviteBrowserTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);
    private static final Pattern LINK = Pattern.compile("(http://\\S+/password-link/([A-Za-z0-9_-]{43}))");

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DemoMailServer mail;

    private Browser browser;
    private WebDriver driver;
    private WebDriverWait wait;

    @BeforeAll
    void startBrowser() throws IOException {
        browser = new Browser(port);
        driver = browser.driver;
        wait = browser.wait;
    }

    @AfterAll
    void stopBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void anAdminInvitesAPersonWhoSetsAPasswordAndSignsInAndIsDeactivated() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String login = "sam." + suffix;
        String email = "sam." + suffix + "@summitridge.example";
        String password = "correct horse " + suffix;

        // the admin invites Sam in the pages
        browser.signIn("approver");
        browser.get("/directory");
        driver.findElement(By.id("invite-user")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("send-invitation")));
        driver.findElement(By.id("login")).sendKeys(login);
        driver.findElement(By.id("name")).sendKeys("Sam Newcomer");
        driver.findElement(By.id("send-invitation")).click();
        // refused beside the field: an invitation needs an e-mail address
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("email-error"))).getText())
                .contains("e-mail address");
        driver.findElement(By.id("email")).sendKeys(email);
        driver.findElement(By.id("send-invitation")).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("action-message"))).getText())
                .contains("Invited Sam Newcomer", "sent to " + email);
        String shown = driver.findElement(By.id("demo-link")).getAttribute("href");
        long userId = jdbc.sql("select id from app_user where login = ?").params(login).query(Long.class).single();
        assertThat(jdbc.sql("select password_hash from app_user where id = ?").params(userId).query(String.class)
                .optional()).as("no password until Sam sets one").isEmpty();
        browser.screenshot("directory-invited");

        // the e-mail arrived at the SMTP server, with the same link; only the token's hash is stored
        DemoMailServer.Message invitation = awaitMail(email, s -> s.contains("You are invited"));
        assertThat(invitation.text()).contains("Avery Approver invited you", "Your login: " + login);
        Matcher m = LINK.matcher(invitation.text());
        assertThat(m.find()).as("a link in: " + invitation.text()).isTrue();
        String link = m.group(1);
        String token = m.group(2);
        assertThat(shown).isEqualTo(link);
        assertThat(jdbc.sql("select token_sha256 from password_link where user_id = ?").params(userId)
                .query(String.class).single()).isEqualTo(AccountLookup.sha256(token)).isNotEqualTo(token);

        // Sam opens the link (signed out), sets a password (refused once beside the field), and signs in
        driver.manage().deleteAllCookies();
        driver.get(link);
        assertThat(driver.findElement(By.id("link-login")).getText()).isEqualTo(login);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("confirm")).sendKeys(password + "x");
        driver.findElement(By.id("set-password")).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password-error"))).getText())
                .contains("not the same");
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("confirm")).sendKeys(password);
        driver.findElement(By.id("set-password")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("password-set")));
        signIn(login, password);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("signed-in-user")));

        // the used link is refused in plain words
        driver.get(link);
        assertThat(driver.findElement(By.id("link-refused")).getText()).contains("already been used");

        // a reset link that expired is refused; a reset link replaced by a newer one too
        String resetUrl = "/rest/v1.0/companies/" + companyId() + "/users/" + userId + "/password_reset";
        TestApi.Response first = TestApi.as(port, "approver").post(resetUrl, null);
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().get("emailed").asBoolean()).isTrue();
        String firstLink = first.json().get("demo_link").asString();
        TestApi.Response second = TestApi.as(port, "approver").post(resetUrl, null);
        String secondLink = second.json().get("demo_link").asString();
        driver.get(firstLink);
        assertThat(driver.findElement(By.id("link-refused")).getText()).contains("replaced by a newer one");
        jdbc.sql("""
                update password_link set created_at = now() - interval '3 days', expires_at = now() - interval '1 day'
                where token_sha256 = ?""").params(AccountLookup.sha256(secondLink.substring(secondLink.lastIndexOf('/') + 1)))
                .update();
        driver.get(secondLink);
        assertThat(driver.findElement(By.id("link-refused")).getText()).contains("has expired");
        browser.screenshot("password-link-expired");
        driver.get(base() + "/password-link/" + "x".repeat(43));
        assertThat(driver.findElement(By.id("link-refused")).getText()).contains("This link is not valid");

        // Sam is still signed in in another browser session (HTTP): the deactivation ends it
        com.crosswalk.TestSession samSession = signInOverHttp(login, password);
        assertThat(samSession.get("/").statusCode()).isEqualTo(200);

        // the admin deactivates Sam (confirmed in the dialog)
        browser.signIn("approver");
        browser.get("/directory/users/" + userId);
        driver.findElement(By.id("deactivate")).click();
        assertThat(browser.confirm()).contains("Deactivate Sam Newcomer?");
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("action-message"))).getText())
                .contains("Deactivated Sam Newcomer");
        assertThat(driver.findElement(By.id("account-state")).getText()).contains("Deactivated");
        assertThat(samSession.get("/").headers().firstValue("Location").orElse("")).endsWith("/login?inactive");

        // Sam can not sign in any more
        driver.manage().deleteAllCookies();
        signIn(login, password);
        wait.until(ExpectedConditions.urlContains("/login?error"));
        assertThat(driver.findElements(By.id("signed-in-user"))).isEmpty();

        // reactivated: Sam signs in again
        browser.signIn("approver");
        browser.get("/directory/users/" + userId);
        driver.findElement(By.id("reactivate")).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("action-message"))).getText())
                .contains("Reactivated Sam Newcomer");
        driver.manage().deleteAllCookies();
        signIn(login, password);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("signed-in-user")));

        // each step is an audit event of the user
        List<String> actions = jdbc.sql("select action from audit_event where record_type = 'user' and record_id = ? "
                + "order by id").params(userId).query(String.class).list();
        assertThat(actions).containsSubsequence("user.created", "user.invited", "user.password_set",
                "user.password_reset_requested", "user.password_reset_requested", "user.deactivated", "user.reactivated");
    }

    @Test
    void theLastDirectoryAdminCanNotBeDeactivatedAndOnlyAdminsMayInvite() {
        long northwind = jdbc.sql("select id from company where name = 'Northwind Construction'").query(Long.class)
                .single();
        long nwAdmin = jdbc.sql("select id from app_user where login = 'nw_admin'").query(Long.class).single();
        List<Long> otherAdmins = jdbc.sql("""
                select id from app_user where company_id = ? and active and directory_level = 'admin' and id <> ?""")
                .params(northwind, nwAdmin).query(Long.class).list();
        String users = "/rest/v1.0/companies/" + northwind + "/users/";
        try {
            for (long other : otherAdmins) {
                assertThat(TestApi.as(port, "nw_admin").post(users + other + "/deactivate", null).status())
                        .isEqualTo(200);
            }
            TestApi.Response refused = TestApi.as(port, "nw_admin").post(users + nwAdmin + "/deactivate", null);
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.message()).contains("last Directory Admin");
            assertThat(TestApi.as(port, "nw_admin").patch(users + nwAdmin, "{\"active\":false}").status())
                    .isEqualTo(409);
        } finally {
            for (long other : otherAdmins) {
                TestApi.as(port, "nw_admin").post(users + other + "/reactivate", null);
            }
        }
        // invitations: a Directory Admin only; a bad address or a taken login is a clear 4xx
        String invitations = "/rest/v1.0/companies/" + companyId() + "/users/invitations";
        String body = "{\"login\":\"pat.%s\",\"name\":\"Pat Two\",\"email\":\"%s\"}";
        String login = UUID.randomUUID().toString().substring(0, 6);
        assertThat(TestApi.as(port, "pm").post(invitations, body.formatted(login, "p@summitridge.example")).status())
                .isEqualTo(403);
        assertThat(TestApi.as(port, "approver").post(invitations, body.formatted(login, "not an address")).status())
                .isEqualTo(400);
        assertThat(TestApi.as(port, "approver").post(invitations, "{\"login\":\"x" + login + "\",\"name\":\"P\"}")
                .status()).isEqualTo(400);
        TestApi.Response made = TestApi.as(port, "approver").post(invitations, body.formatted(login,
                "p" + login + "@summitridge.example"));
        assertThat(made.status()).isEqualTo(201);
        assertThat(made.json().get("user").get("login").asString()).isEqualTo("pat." + login);
        assertThat(made.json().get("purpose").asString()).isEqualTo("invitation");
        assertThat(TestApi.as(port, "approver").post(invitations, body.formatted(login, "q@summitridge.example"))
                .status()).isEqualTo(409);
    }

    private long companyId() {
        return jdbc.sql("select id from company where name = 'Summit Ridge Builders'").query(Long.class).single();
    }

    private String base() {
        return browser.base();
    }

    private void signIn(String login, String password) {
        driver.get(base() + "/login");
        driver.findElement(By.id("username")).sendKeys(login);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
    }

    private com.crosswalk.TestSession signInOverHttp(String login, String password) {
        com.crosswalk.TestSession s = com.crosswalk.TestSession.anonymous(port);
        String page = s.get("/login").body();
        Matcher m = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"")
                .matcher(page);
        assertThat(m.find()).isTrue();
        String csrf = m.group(1) != null ? m.group(1) : m.group(2);
        var r = s.request(java.net.http.HttpRequest.newBuilder(s.address("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(com.crosswalk.TestSession.form("username", login,
                        "password", password, "_csrf", csrf))));
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElse("")).doesNotContain("error");
        return s;
    }

    private DemoMailServer.Message awaitMail(String to, java.util.function.Predicate<String> subject) {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<DemoMailServer.Message> m = mail.messages().stream()
                    .filter(x -> x.to().contains(to) && subject.test(x.subject())).findFirst();
            if (m.isPresent()) {
                return m.get();
            }
            Browser.sleep(50);
        }
        throw new AssertionError("No e-mail to " + to + " within " + WITHIN);
    }
}
