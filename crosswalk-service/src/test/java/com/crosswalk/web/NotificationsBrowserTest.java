package com.crosswalk.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.demo.DemoMailServer;
import com.crosswalk.erp.unlink.UnlinkTestSupport;
import com.crosswalk.erp.unlink.UnlinkTestSupport.Reply;
import com.crosswalk.notifications.Notifications;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
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
 * Notifications by e-mail, read from the demo's real SMTP server (GreenMail): a CCO sent to the ERP in the pages → the
 * accounting approvers get an e-mail within seconds; rejected → the sender is told with the reason; sent again → the
 * approvers are told again; a daily-digest choice holds the e-mail back for the digest. The Mailbox page shows them
 * (README's screenshot).
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotificationsBrowserTest {

    static final Duration WITHIN = Duration.ofSeconds(10);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DemoMailServer mail;
    @Autowired
    Notifications notifications;

    private Browser browser;
    private WebDriver driver;
    private WebDriverWait wait;
    private UnlinkTestSupport t;
    private long companyId;
    private long riverside;

    @BeforeAll
    void startBrowser() throws IOException {
        browser = new Browser(port);
        driver = browser.driver;
        wait = browser.wait;
        t = new UnlinkTestSupport(port, jdbc);
        companyId = t.demoCompanyId();
        riverside = t.projectId(companyId, "1001");
    }

    @AfterAll
    void stopBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void approverIsToldWithinSecondsOfASendTheSenderOfARejectionAndTheApproverAgainOfAResend() throws Exception {
        String title = "Mail test " + UUID.randomUUID().toString().substring(0, 6);
        long cco = t.approvedCco(companyId, title, new BigDecimal("321.00"));

        // pm sends it to the ERP in the pages
        browser.signIn("pm");
        browser.get("/projects/" + riverside + "/change-orders/" + cco);
        long sent = System.nanoTime();
        driver.findElement(By.id("send-to-erp")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-message"), "Sent to ERP"));
        DemoMailServer.Message toApprover = awaitMail("approver@summitridge.example",
                s -> s.contains("Ready to Export: CCO") && s.contains(title));
        long firstMs = (System.nanoTime() - sent) / 1_000_000;
        assertThat(toApprover.text()).contains("Pat Manager sent CCO", title, "waits in Ready to Export",
                "/erp/commitment-change-orders?view=ready_to_export");
        awaitMail("accountant@summitridge.example", s -> s.contains("Ready to Export: CCO") && s.contains(title));
        assertThat(mailTo("pm@summitridge.example", s -> s.contains(title))).as("the sender is not told of their own "
                + "send").isEmpty();

        // the approver rejects it: pm is told, with the reason
        Reply rejected = t.post("approver", "/rest/v1.0/companies/" + companyId
                + "/erp/commitment_change_orders/" + cco + "/reject", Map.of("reason", "The amount is wrong"));
        assertThat(rejected.status()).isEqualTo(200);
        long rejectedAt = System.nanoTime();
        DemoMailServer.Message toSender = awaitMail("pm@summitridge.example",
                s -> s.startsWith("[Crosswalk] Rejected: CCO") && s.contains(title));
        long rejectMs = (System.nanoTime() - rejectedAt) / 1_000_000;
        assertThat(toSender.text()).contains("Avery Approver rejected CCO", "The amount is wrong");

        // pm sends it again in the pages: the approver is told again, as a re-send
        browser.get("/projects/" + riverside + "/change-orders/" + cco);
        long resent = System.nanoTime();
        driver.findElement(By.id("send-to-erp")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-message"), "Sent to ERP"));
        DemoMailServer.Message again = awaitMail("approver@summitridge.example",
                s -> s.contains("Sent again after a rejection") && s.contains(title));
        long resendMs = (System.nanoTime() - resent) / 1_000_000;
        assertThat(again.text()).contains("again, after it was rejected");
        System.out.printf("E-mail delays: send → approver %d ms, reject → sender %d ms, re-send → approver %d ms%n",
                firstMs, rejectMs, resendMs);

        // the Mailbox page shows them, newest first
        browser.signIn("approver");
        browser.get("/demo/mailbox");
        assertThat(driver.findElement(By.id("mail-1")).getText()).contains("Sent again after a rejection", title);
        assertThat(driver.findElement(By.id("messages")).getText()).contains("Rejected: CCO");
        browser.screenshot("mailbox");
        browser.atWidth(390, null);

        // and the JSON
        Reply box = t.get("pm", "/rest/v1.0/demo/mailbox");
        assertThat(box.status()).isEqualTo(200);
        assertThat(box.body().get("messages").get(0).get("subject").asString()).contains("Sent again", title);
    }

    @Test
    void aDailyDigestChoiceHoldsTheMailForTheDigest() {
        String title = "Digest test " + UUID.randomUUID().toString().substring(0, 6);
        Reply chosen = t.put("accountant", "/rest/v1.0/me/notification_preferences",
                Map.of("preferences", List.of(Map.of("kind", "ready_to_export", "delivery", "daily"))));
        assertThat(chosen.status()).isEqualTo(200);
        assertThat(chosen.body().get("preferences").get(0).get("delivery").asString()).isEqualTo("daily");
        try {
            long cco = t.approvedCco(companyId, title, new BigDecimal("45.00"));
            Reply sent = t.post("pm", "/rest/v1.0/projects/" + riverside + "/commitment_change_orders/" + cco
                    + "/send_to_erp", null);
            assertThat(sent.status()).isEqualTo(200);
            awaitMail("approver@summitridge.example", s -> s.contains(title));
            assertThat(mailTo("accountant@summitridge.example", s -> s.contains(title))).isEmpty();

            notifications.sendDigests();
            DemoMailServer.Message digest = awaitMail("accountant@summitridge.example",
                    s -> s.startsWith("[Crosswalk] Daily digest"));
            assertThat(digest.text()).contains("Your daily Crosswalk digest", title);
        } finally {
            t.put("accountant", "/rest/v1.0/me/notification_preferences",
                    Map.of("preferences", List.of(Map.of("kind", "ready_to_export", "delivery", "instant"))));
        }
        Reply bad = t.put("accountant", "/rest/v1.0/me/notification_preferences",
                Map.of("preferences", List.of(Map.of("kind", "ready_to_export", "delivery", "weekly"))));
        assertThat(bad.status()).isEqualTo(400);
    }

    @Test
    void thePreferencesPageSavesAChoice() {
        browser.signIn("accountant");
        browser.get("/notifications");
        driver.findElement(By.id("rejected-daily")).click();
        driver.findElement(By.id("save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-message"), "Saved"));
        assertThat(driver.findElement(By.id("rejected-daily")).isSelected()).isTrue();
        driver.findElement(By.id("rejected-instant")).click();
        driver.findElement(By.id("save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-message"), "Saved"));
        assertThat(driver.findElement(By.id("rejected-instant")).isSelected()).isTrue();
    }

    private DemoMailServer.Message awaitMail(String to, Predicate<String> subject) {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<DemoMailServer.Message> m = mailTo(to, subject);
            if (m.isPresent()) {
                return m.get();
            }
            Browser.sleep(50);
        }
        throw new AssertionError("No e-mail to " + to + " within " + WITHIN + "; the mailbox: "
                + mail.messages().stream().map(m -> m.to() + " " + m.subject()).toList());
    }

    private Optional<DemoMailServer.Message> mailTo(String to, Predicate<String> subject) {
        return mail.messages().stream().filter(m -> m.to().contains(to) && subject.test(m.subject())).findFirst();
    }
}
