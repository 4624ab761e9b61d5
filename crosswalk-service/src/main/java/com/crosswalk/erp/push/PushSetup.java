package com.crosswalk.erp.push;

import com.crosswalk.audit.AuditLog;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.shared.SecretBox;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * A company's push-notification secret: made (or replaced) by an ERP Integrations Admin, kept encrypted with the key
 * that encrypts the ERP passwords, shown to that admin to paste into Acumatica's webhook destination, and compared in
 * constant time with what each notification carries.
 */
@Service
public class PushSetup {

    /** The custom header Acumatica's webhook destination sends (Header Name on SM302000). */
    public static final String HEADER = "X-Crosswalk-Secret";

    private final JdbcClient jdbc;
    private final SecretBox secrets;
    private final AuditLog audit;
    private final SecureRandom random = new SecureRandom();
    private final Duration quietAfter;

    PushSetup(JdbcClient jdbc, SecretBox secrets, AuditLog audit,
            @Value("${crosswalk.push.quiet-after:PT1H}") Duration quietAfter) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.audit = audit;
        this.quietAfter = quietAfter;
    }

    /**
     * What the set-up page and API show. {@code headerValue} is the secret (only ERP Integrations Admins see it). The
     * counts are of Acumatica's notifications: Crosswalk's own test notifications are not among them.
     */
    @Schema(name = "PushNotificationSetup")
    public record Status(boolean setUp, String webhookUrl, String headerName, String headerValue,
            List<PushDefinitions.Definition> definitions, long notificationsReceived, OffsetDateTime lastReceivedAt,
            boolean quiet, String state) {
    }

    /**
     * The webhook's address as the person asking sees this service (behind a proxy that forwards its address, that
     * one): the address to give Acumatica. Called on a request thread.
     */
    public static String webhookUrl(long companyId) {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path("/hooks/acumatica/{id}")
                .buildAndExpand(companyId).toUriString();
    }

    /** The company's set-up as it stands, with {@code webhookUrl} the address Acumatica must post to. */
    public Status status(long companyId, String webhookUrl) {
        String secret = secret(companyId).orElse(null);
        record Received(long count, OffsetDateTime last, OffsetDateTime since) {
        }
        Received r = jdbc.sql("""
                select (select count(*) from erp_push_notification where company_id = :c and query <> :test) as count,
                       (select max(received_at) from erp_push_notification where company_id = :c and query <> :test)
                           as last,
                       (select rotated_at from erp_push_setup where company_id = :c) as since""")
                .param("c", companyId).param("test", PushTestJob.QUERY).query(Received.class).single();
        OffsetDateTime lastSign = r.last() != null ? r.last() : r.since();
        boolean quiet = secret != null && lastSign != null
                && lastSign.isBefore(OffsetDateTime.now().minus(quietAfter));
        String state = secret == null ? "Not set up: replace the secret to set push notifications up"
                : r.last() == null ? "Set up; no notification received from Acumatica yet"
                : quiet ? "No notification for over " + quietAfter.toMinutes() + " minutes: the periodic check of "
                        + "Acumatica runs more often until they arrive again"
                : "Receiving: " + r.count() + " notifications, the last at " + r.last();
        return new Status(secret != null, webhookUrl, HEADER, secret, PushDefinitions.ALL, r.count(), r.last(), quiet,
                state);
    }

    /** The company's secret, if push notifications are set up. */
    public Optional<String> secret(long companyId) {
        return jdbc.sql("select secret_encrypted from erp_push_setup where company_id = :c").param("c", companyId)
                .query(byte[].class).optional().map(secrets::decrypt);
    }

    /** A new secret for the company (the old one stops working at once). */
    @Transactional
    public String rotate(SignedInUser user, long companyId) {
        String secret = newSecret();
        boolean first = jdbc.sql("""
                insert into erp_push_setup (company_id, secret_encrypted) values (:c, :s)
                on conflict (company_id) do update set secret_encrypted = excluded.secret_encrypted, rotated_at = now()
                returning (xmax = 0)""").param("c", companyId).param("s", secrets.encrypt(secret))
                .query(Boolean.class).single();
        audit.record(companyId, user, first ? "erp.push_set_up" : "erp.push_secret_replaced", "company", companyId,
                first ? "Set up Acumatica push notifications" : "Replaced the push-notification secret", null, null);
        return secret;
    }

    /** The company's secret, made now if there is none yet (the demo sets its own emulator up with it). */
    @Transactional
    public String ensure(long companyId) {
        jdbc.sql("""
                insert into erp_push_setup (company_id, secret_encrypted) values (:c, :s)
                on conflict (company_id) do nothing""").param("c", companyId).param("s", secrets.encrypt(newSecret()))
                .update();
        return secret(companyId).orElseThrow();
    }

    private String newSecret() {
        byte[] raw = new byte[24];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** Whether {@code given} is the company's secret; the same time for any wrong value (both sides hashed first). */
    public boolean matches(long companyId, String given) {
        Optional<String> secret = secret(companyId);
        byte[] expected = sha256(secret.orElse("\u0000no secret\u0000"));
        boolean equal = MessageDigest.isEqual(expected, sha256(given == null ? "" : given));
        return secret.isPresent() && given != null && equal;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
