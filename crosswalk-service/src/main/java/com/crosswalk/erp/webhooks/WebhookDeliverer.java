package com.crosswalk.erp.webhooks;

import com.crosswalk.shared.SecretBox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers one webhook delivery, on a db-scheduler thread, never inside a transaction: reads the delivery, POSTs its
 * JSON body to the subscription's URL with
 * <ul>
 * <li>{@code X-Crosswalk-Signature: sha256=<hex HMAC-SHA256 of timestamp + "." + the exact body bytes, keyed with
 *     the secret>} (Stripe's scheme: a receiver recomputes it and refuses a timestamp too old, so a captured request
 *     can not be replayed later),</li>
 * <li>{@code X-Crosswalk-Timestamp} (epoch seconds of this attempt, the one signed), {@code X-Crosswalk-Delivery} (the delivery id,
 *     the same on every retry: receivers dedupe on it), {@code X-Crosswalk-Event};</li>
 * </ul>
 * The URL's host is checked again before each attempt ({@link WebhookAddressPolicy}): on this machine or a private
 * network, the attempt fails with that sentence (logged), as a failed attempt (tried again later: DNS may change back).
 * then records the attempt (response code or error, duration) in a short transaction. A 2xx answer delivers it; any
 * other answer, a redirect or no answer is tried again after {@code crosswalk.webhooks.retry-backoff} (default 30 s),
 * doubled each time, until {@code crosswalk.webhooks.max-attempts} (default 8) attempts; then it is Failed (Redeliver
 * sends it again).
 */
@Component
class WebhookDeliverer {

    static final String SIGNATURE = "X-Crosswalk-Signature";
    static final String TIMESTAMP = "X-Crosswalk-Timestamp";
    private static final Logger log = LoggerFactory.getLogger(WebhookDeliverer.class);

    private final JdbcClient jdbc;
    private final SecretBox secrets;
    private final TransactionTemplate tx;
    private final Duration backoff;
    private final int maxAttempts;
    private final Duration timeout;
    private final HttpClient http;
    private final WebhookAddressPolicy addresses;

    WebhookDeliverer(JdbcClient jdbc, SecretBox secrets, TransactionTemplate tx, WebhookAddressPolicy addresses,
            @Value("${crosswalk.webhooks.retry-backoff:PT30S}") Duration backoff,
            @Value("${crosswalk.webhooks.max-attempts:8}") int maxAttempts,
            @Value("${crosswalk.webhooks.timeout:PT10S}") Duration timeout) {
        this.addresses = addresses;
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.tx = tx;
        this.backoff = backoff;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private record Work(long id, String event, String payload, String state, int attempts, String url,
            byte[] secret, boolean active) {
    }

    /** Tries once; returns when to try again, or null when it is done (delivered, failed for good, or gone). */
    Instant deliver(long deliveryId) {
        Optional<Work> found = jdbc.sql("""
                select d.id, d.event, d.payload, d.state, d.attempts, w.url, w.secret_encrypted, w.active
                from webhook_delivery d join webhook w on w.id = d.webhook_id where d.id = :id""")
                .param("id", deliveryId)
                .query((rs, n) -> new Work(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), rs.getString(6), rs.getBytes(7), rs.getBoolean(8)))
                .optional();
        if (found.isEmpty() || !found.get().state().equals("pending")) {
            return null; // the webhook was deleted (its deliveries with it), or this one is done
        }
        Work w = found.get();
        int attempt = w.attempts() + 1;
        if (!w.active()) {
            record(w.id(), attempt, null, "Not sent: the webhook is paused", 0, "failed");
            return null;
        }
        byte[] body = w.payload().getBytes(StandardCharsets.UTF_8);
        long started = System.nanoTime();
        Integer code = null;
        // the host may resolve elsewhere than when the webhook was saved (DNS changes): checked before each attempt
        String error = addresses.refusal(w.url(), true).orElse(null);
        if (error != null) {
            log.warn("Webhook delivery {} attempt {} not sent to {}: {}", w.id(), attempt, w.url(), error);
        } else {
            try {
                String timestamp = Long.toString(Instant.now().getEpochSecond());
                HttpRequest request = HttpRequest.newBuilder(URI.create(w.url())).timeout(timeout)
                        .header("Content-Type", "application/json")
                        .header("User-Agent", "Crosswalk-Webhooks/1")
                        .header(SIGNATURE, "sha256=" + sign(secrets.decrypt(w.secret()), timestamp, body))
                        .header(TIMESTAMP, timestamp)
                        .header("X-Crosswalk-Delivery", Long.toString(w.id()))
                        .header("X-Crosswalk-Event", w.event())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                code = response.statusCode();
                if (code < 200 || code > 299) {
                    error = "The receiver answered " + code + (code >= 300 && code < 400 ? " (redirects are not followed)" : "");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = "Interrupted while sending";
            } catch (Exception e) {
                error = "No answer: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
        }
        int ms = (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000);
        if (error == null) {
            record(w.id(), attempt, code, null, ms, "delivered");
            return null;
        }
        if (attempt >= maxAttempts) {
            record(w.id(), attempt, code, error + " — gave up after " + attempt + " attempts", ms, "failed");
            return null;
        }
        record(w.id(), attempt, code, error, ms, "pending");
        log.info("Webhook delivery {} attempt {} failed ({}); trying again", w.id(), attempt, error);
        return Instant.now().plus(backoff.multipliedBy(1L << Math.min(20, attempt - 1)));
    }

    private void record(long id, int attempt, Integer code, String error, int ms, String state) {
        String clipped = error == null ? null : error.length() > 1000 ? error.substring(0, 1000) : error;
        tx.executeWithoutResult(s -> {
            jdbc.sql("""
                    insert into webhook_attempt (delivery_id, attempt, response_code, error, duration_ms)
                    values (:d, :a, :code, :err, :ms) on conflict (delivery_id, attempt) do nothing""")
                    .param("d", id).param("a", attempt).param("code", code).param("err", clipped).param("ms", ms)
                    .update();
            jdbc.sql("""
                    update webhook_delivery set attempts = :a, state = :s,
                           finished_at = case when cast(:s as varchar) = 'pending' then null else now() end
                    where id = :d""").param("a", attempt).param("s", state).param("d", id).update();
        });
    }

    /**
     * Hex HMAC-SHA256, keyed with the webhook's secret, of {@code timestamp + "." + body} (Stripe's scheme: what
     * receivers compute to verify; signing the timestamp lets them refuse an old request replayed).
     */
    static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
