package com.crosswalk.erp.push;

import com.crosswalk.jobs.JobHandler;
import com.crosswalk.jobs.JobRun;
import com.crosswalk.shared.CrosswalkException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * "Send a test notification": posts a notification shaped as Acumatica's (Integration Development Guide, "Push
 * Notifications: Format") with the company's secret in the custom header to the webhook address the admin was shown,
 * then waits until Crosswalk has stored and processed it. It proves Crosswalk's side of the set-up — the address
 * reaches this service (through any proxy), the secret is the one in force, the processing runs. Acumatica offers no
 * call that makes a test notification of its own (SM302000 has none; nothing documents one), so Acumatica's side
 * shows in the notifications received from it, which the summary names. A test notification names no document: its
 * processing reads nothing from the ERP, and it is not counted among Acumatica's.
 */
@Component
class PushTestJob implements JobHandler {

    static final String KIND = "push_test";
    /** The test notification's query name; {@link PushProcessor} and the counts of the set-up know it by this. */
    static final String QUERY = "Crosswalk test notification";
    private static final Duration PROCESSED_WITHIN = Duration.ofSeconds(15);

    record Input(String webhookUrl) {
    }

    /** The test notification did not make it: what happened, in words an admin can act on. */
    static final class WebhookTestFailed extends CrosswalkException {
        WebhookTestFailed(String message) {
            super(message);
        }

        @Override
        public int httpStatus() {
            return 502;
        }
    }

    private final PushSetup setup;
    private final JdbcClient jdbc;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final JsonMapper json = JsonMapper.builder().build();

    private final com.crosswalk.directory.DirectoryService directory;

    PushTestJob(PushSetup setup, JdbcClient jdbc, com.crosswalk.directory.DirectoryService directory) {
        this.directory = directory;
        this.setup = setup;
        this.jdbc = jdbc;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String run(JobRun run) {
        long companyId = run.companyId();
        String url = run.input(Input.class).webhookUrl();
        String secret = setup.secret(companyId).orElseThrow(() -> new WebhookTestFailed(
                "Push notifications are no longer set up: set them up again, then send a test notification"));
        run.total(2);
        String id = "crosswalk-test-" + UUID.randomUUID();
        AcumaticaNotification test = new AcumaticaNotification(List.of(), List.of(), QUERY, null, id,
                Instant.now().toEpochMilli(), JsonNodeFactory.instance.objectNode().put("Test", true));
        long started = System.nanoTime();
        HttpResponse<String> answer = send(url, secret, json.writeValueAsString(test));
        if (answer.statusCode() == 401) {
            throw new WebhookTestFailed(url + " refused the secret (401): the address may reach another Crosswalk, "
                    + "or the secret was replaced while the test ran. Send the test again.");
        }
        if (answer.statusCode() != 200) {
            throw new WebhookTestFailed(url + " answered " + answer.statusCode() + " instead of Crosswalk's 200: "
                    + "the address does not reach Crosswalk's webhook (a proxy or another service answers there).");
        }
        run.progress(1);
        long deadline = System.nanoTime() + PROCESSED_WITHIN.toNanos();
        while (!processed(companyId, id)) {
            if (System.nanoTime() > deadline) {
                throw new WebhookTestFailed("The test notification arrived but was not processed within "
                        + PROCESSED_WITHIN.toSeconds() + " s: the service's background tasks are behind (see the "
                        + "server log). It will still be processed.");
            }
            sleep();
        }
        long ms = Duration.ofNanos(System.nanoTime() - started).toMillis();
        run.progress(2);
        PushSetup.Status status = setup.status(companyId, url);
        String fromErp = status.lastReceivedAt() == null
                ? "None received from Acumatica yet: create the push notifications shown here in Acumatica and its "
                        + "changes arrive within seconds."
                : "From Acumatica: " + status.notificationsReceived() + " received, the last at "
                        + com.crosswalk.shared.Times.minutes(status.lastReceivedAt(), zone(companyId)) + ".";
        return "A test notification reached " + url + " and was processed in " + ms + " ms. " + fromErp;
    }

    private HttpResponse<String> send(String url, String secret, String body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").header(PushSetup.HEADER, secret)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new WebhookTestFailed("No answer from " + url + " within 10 s: Acumatica must reach this address; "
                    + "check the address Crosswalk is known by and any firewall or proxy on the way.");
        } catch (IOException | IllegalArgumentException e) {
            throw new WebhookTestFailed("Could not reach " + url + " (" + e.getClass().getSimpleName() + "): "
                    + "Acumatica must reach this address; check the address Crosswalk is known by and any firewall "
                    + "or proxy on the way.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebhookTestFailed("The test was stopped before " + url + " answered; send it again.");
        }
    }

    private boolean processed(long companyId, String notificationId) {
        return jdbc.sql("""
                select processed_at is not null from erp_push_notification
                where company_id = :c and notification_id = :n""").param("c", companyId).param("n", notificationId)
                .query(Boolean.class).optional().orElse(false);
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebhookTestFailed("The test was stopped while waiting for its notification; send it again.");
        }
    }

    /** The company's time zone (the message's times are shown in it, named); UTC when unknown. */
    private java.time.ZoneId zone(long companyId) {
        return directory.zone(companyId);
    }
}
