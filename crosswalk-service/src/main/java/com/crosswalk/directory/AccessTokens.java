package com.crosswalk.directory;

import com.crosswalk.audit.AuditLog;
import com.crosswalk.shared.NotFoundException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personal access tokens: {@code cwpat_} + 32 random bytes (base64url). Only their SHA-256 is stored; the token is
 * shown once, when made.
 */
@Service
public class AccessTokens {

    public static final String PREFIX = "cwpat_";
    private final SecureRandom random = new SecureRandom();
    private final JdbcClient jdbc;
    private final AuditLog audit;

    public AccessTokens(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    @Schema(name = "AccessToken")
    public record TokenInfo(long id, String name, OffsetDateTime createdAt, OffsetDateTime lastUsedAt,
            OffsetDateTime revokedAt) {
    }

    @Schema(name = "NewAccessToken", description = "The token is shown this once")
    public record NewToken(long id, String name, String token, OffsetDateTime createdAt) {
    }

    @Transactional
    public NewToken create(SignedInUser actor, long userId, Long companyId, String name) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        var row = jdbc.sql("""
                insert into access_token (user_id, name, token_sha256, created_by) values (:u, :n, :h, :by)
                returning id, created_at""")
                .param("u", userId).param("n", name.trim()).param("h", AccountLookup.sha256(token)).param("by", actor.id())
                .query((rs, n) -> new NewToken(rs.getLong(1), name.trim(), token, rs.getObject(2, OffsetDateTime.class)))
                .single();
        audit.record(companyId, actor, "access_token.created", "user", userId, "Created access token '" + name.trim() + "'",
                null, Map.of("token_id", row.id(), "name", row.name()));
        return row;
    }

    public List<TokenInfo> list(long userId) {
        return jdbc.sql("""
                select id, name, created_at, last_used_at, revoked_at from access_token where user_id = :u order by id""")
                .param("u", userId)
                .query((rs, n) -> new TokenInfo(rs.getLong(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class),
                        rs.getObject(4, OffsetDateTime.class), rs.getObject(5, OffsetDateTime.class)))
                .list();
    }

    @Transactional
    public void revoke(SignedInUser actor, long userId, Long companyId, long tokenId) {
        int n = jdbc.sql("update access_token set revoked_at = now() where id = :id and user_id = :u and revoked_at is null")
                .param("id", tokenId).param("u", userId).update();
        if (n == 0) {
            throw new NotFoundException("Access token " + tokenId + " not found");
        }
        audit.record(companyId, actor, "access_token.revoked", "user", userId, "Revoked access token " + tokenId,
                null, Map.of("token_id", tokenId));
    }
}
