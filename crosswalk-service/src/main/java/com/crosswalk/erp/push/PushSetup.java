package com.crosswalk.erp.push;

import com.crosswalk.audit.AuditLog;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.shared.SecretBox;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

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

    PushSetup(JdbcClient jdbc, SecretBox secrets, AuditLog audit) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.audit = audit;
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
