package com.crosswalk.directory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/** Finds the signed-in user by login (page, HTTP Basic) or by personal access token (Bearer). */
@Service
public class AccountLookup implements UserDetailsService {

    private static final String USER_COLUMNS =
            "u.id, u.company_id, u.login, u.display_name, u.platform_operator, u.active, u.password_hash";

    private final JdbcClient jdbc;

    public AccountLookup(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public SignedInUser loadUserByUsername(String login) {
        return jdbc.sql("select " + USER_COLUMNS + " from app_user u where lower(u.login) = lower(:login)")
                .param("login", login)
                .query((rs, n) -> new SignedInUser(rs.getLong(1), (Long) rs.getObject(2), rs.getString(3),
                        rs.getString(4), rs.getBoolean(5), rs.getBoolean(6), rs.getString(7)))
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException("No such user"));
    }

    /** Whether the user still exists and is active (a signed-in session of a deactivated user ends). */
    public boolean isActive(long userId) {
        return jdbc.sql("select exists(select 1 from app_user where id = :id and active)").param("id", userId)
                .query(Boolean.class).single();
    }

    /**
     * The user an unrevoked token belongs to; records when it was last used, to the minute: a write (and its commit's
     * flush to disk) on every API request would cost each request milliseconds for a figure people read in minutes.
     */
    public Optional<SignedInUser> findByToken(String token) {
        String hash = sha256(token);
        boolean[] stale = {false};
        Optional<SignedInUser> user = jdbc.sql("select " + USER_COLUMNS + """
                , t.last_used_at is null or t.last_used_at < now() - interval '1 minute'
                 from access_token t join app_user u on u.id = t.user_id
                where t.token_sha256 = :hash and t.revoked_at is null and u.active""")
                .param("hash", hash)
                .query((rs, n) -> {
                    stale[0] = rs.getBoolean(8);
                    return new SignedInUser(rs.getLong(1), (Long) rs.getObject(2), rs.getString(3),
                            rs.getString(4), rs.getBoolean(5), rs.getBoolean(6), null);
                })
                .optional();
        if (user.isPresent() && stale[0]) {
            jdbc.sql("update access_token set last_used_at = now() where token_sha256 = :hash").param("hash", hash)
                    .update();
        }
        return user;
    }

    public static String sha256(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
