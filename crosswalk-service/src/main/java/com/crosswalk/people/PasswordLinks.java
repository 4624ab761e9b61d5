package com.crosswalk.people;

import com.crosswalk.audit.Actor;
import com.crosswalk.audit.AuditLog;
import com.crosswalk.directory.AccountLookup;
import com.crosswalk.directory.DirectoryService;
import com.crosswalk.directory.DirectoryService.User;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.notifications.Mailer;
import com.crosswalk.shared.BadRequestException;
import com.crosswalk.shared.ConflictException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One-time links to set a password: an invitation (the user is created without a password and told by e-mail) or a
 * reset asked by a Directory Admin. The token is 32 random bytes; only its SHA-256 is stored. A link works once, until
 * it expires ({@code crosswalk.directory.invitation-validity}, default 7 days; {@code .reset-validity}, default 24
 * hours), for an active user; a newer link for the same user replaces the older one. The e-mail goes through
 * {@link Mailer} after the transaction committed (never inside it); in the demo the link is also returned, so the page
 * can show it. Each step is an audit event: {@code user.invited}, {@code user.password_reset_requested},
 * {@code user.password_set}.
 */
@Service
public class PasswordLinks {

    private static final Logger log = LoggerFactory.getLogger(PasswordLinks.class);
    public static final String PATH = "/password-link/";

    private final JdbcClient jdbc;
    private final DirectoryService directory;
    private final Permissions permissions;
    private final AuditLog audit;
    private final Mailer mailer;
    private final PasswordEncoder passwords;
    private final TransactionTemplate tx;
    private final Environment env;
    private final Duration invitationValidity;
    private final Duration resetValidity;
    private final SecureRandom random = new SecureRandom();

    PasswordLinks(JdbcClient jdbc, DirectoryService directory, Permissions permissions, AuditLog audit, Mailer mailer,
            PasswordEncoder passwords, TransactionTemplate tx, Environment env,
            @Value("${crosswalk.directory.invitation-validity:P7D}") Duration invitationValidity,
            @Value("${crosswalk.directory.reset-validity:PT24H}") Duration resetValidity) {
        this.jdbc = jdbc;
        this.directory = directory;
        this.permissions = permissions;
        this.audit = audit;
        this.mailer = mailer;
        this.passwords = passwords;
        this.tx = tx;
        this.env = env;
        this.invitationValidity = invitationValidity;
        this.resetValidity = resetValidity;
    }

    /**
     * A link just made: for whom, until when, whether the e-mail was handed to the SMTP server (and why not), and —
     * in the demo only — the link itself.
     */
    @Schema(name = "PasswordLink")
    public record Issued(User user, String purpose, OffsetDateTime expiresAt, boolean emailed, String emailProblem,
            @Schema(description = "the link itself: in demo mode only (elsewhere only the e-mail carries it)")
            String demoLink) {
    }

    private record Made(User user, String token, OffsetDateTime expiresAt, String companyName, String actorName,
            java.time.ZoneId zone) {
    }

    /** Creates the user without a password and sends them a link to set one. E-mail required. */
    public Issued invite(SignedInUser actor, long companyId, String login, String name, String email,
            DirectoryService.UserChanges levels) {
        permissions.requireDirectoryAdmin(actor, companyId);
        if (email == null || email.isBlank()) {
            throw new BadRequestException("email: an invitation needs the person's e-mail address");
        }
        Made made = tx.execute(s -> {
            User created = directory.createUser(actor, companyId, login, name, email, null, levels);
            return issue(actor, companyId, created, "invitation", invitationValidity);
        });
        return send(made, "invitation");
    }

    /** A new one-time link for an existing active user with an e-mail address; an older open link stops working. */
    public Issued reset(SignedInUser actor, long companyId, long userId) {
        permissions.requireDirectoryAdmin(actor, companyId);
        Made made = tx.execute(s -> {
            User u = directory.user(companyId, userId);
            if (!u.active()) {
                throw new ConflictException(u.name() + " is deactivated: reactivate them first");
            }
            if (u.email() == null || u.email().isBlank()) {
                throw new ConflictException(u.name() + " has no e-mail address: add one first, so the link can be sent");
            }
            return issue(actor, companyId, u, "reset", resetValidity);
        });
        return send(made, "reset");
    }

    private Made issue(SignedInUser actor, long companyId, User user, String purpose, Duration validity) {
        jdbc.sql("select id from app_user where id = :id for update").param("id", user.id()).query(Long.class).single();
        jdbc.sql("update password_link set revoked_at = now() where user_id = :u and used_at is null and revoked_at is null")
                .param("u", user.id()).update();
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        OffsetDateTime expires = jdbc.sql("""
                insert into password_link (company_id, user_id, purpose, token_sha256, created_by, expires_at)
                values (:c, :u, :p, :h, :by, now() + cast(:validity as interval)) returning expires_at""")
                .param("c", companyId).param("u", user.id()).param("p", purpose)
                .param("h", AccountLookup.sha256(token)).param("by", actor.isOperator() ? null : actor.id())
                .param("validity", validity.toSeconds() + " seconds")
                .query(OffsetDateTime.class).single();
        boolean invitation = purpose.equals("invitation");
        audit.record(companyId, actor, invitation ? "user.invited" : "user.password_reset_requested", "user", user.id(),
                (invitation ? "Invited " : "Sent a password reset link to ") + user.login() + " (" + user.email() + ")",
                null, Map.of("email", user.email(), "expires_at", expires.toString()));
        DirectoryService.Company company = directory.company(companyId);
        return new Made(user, token, expires, company.name(), actor.displayName(),
                DirectoryService.zoneOf(company.timeZone()));
    }

    private Issued send(Made made, String purpose) {
        String link = publicUrl() + PATH + made.token();
        String until = com.crosswalk.shared.Times.minutes(made.expiresAt(), made.zone());
        String subject;
        String body;
        if (purpose.equals("invitation")) {
            subject = "[Crosswalk] You are invited to Crosswalk (" + made.companyName() + ")";
            body = made.actorName() + " invited you to Crosswalk for " + made.companyName() + ".\n\n"
                    + "Your login: " + made.user().login() + "\n\n"
                    + "Set your password here (the link works once, until " + until + "):\n" + link + "\n\n"
                    + "Then sign in at " + publicUrl() + "/login\n";
        } else {
            subject = "[Crosswalk] Set a new password";
            body = made.actorName() + " sent you a link to set a new Crosswalk password.\n\n"
                    + "Your login: " + made.user().login() + "\n\n"
                    + "Set your new password here (the link works once, until " + until + "):\n" + link + "\n\n"
                    + "If you did not expect this, tell your company's Directory Admin.\n";
        }
        boolean emailed = false;
        String problem = null;
        if (!mailer.configured()) {
            problem = "No SMTP server is configured, so the e-mail was not sent";
        } else {
            try {
                mailer.send(made.user().email(), subject, body);
                emailed = true;
            } catch (RuntimeException e) {
                problem = "The e-mail could not be sent: " + e.getMessage();
                log.warn("Password link e-mail to user {} not sent: {}", made.user().id(), e.toString());
            }
        }
        boolean demo = env.getProperty("crosswalk.demo", Boolean.class, false);
        return new Issued(made.user(), purpose, made.expiresAt(), emailed, problem, demo ? link : null);
    }

    private String publicUrl() {
        String configured = env.getProperty("crosswalk.public-url");
        if (configured != null && !configured.isBlank()) {
            return configured.replaceAll("/+$", "");
        }
        return "http://localhost:" + env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
    }

    // ------------------------------------------------------------------------------------------ using a link

    /** What a link is, in the words its holder reads. */
    public enum LinkState {
        OPEN(null),
        UNKNOWN("This link is not valid. Check that you opened the whole link from the e-mail, or ask your company's "
                + "Directory Admin for a new one."),
        USED("This link has already been used: each link sets a password once. Sign in with your password, or ask "
                + "your company's Directory Admin for a new link."),
        REPLACED("This link was replaced by a newer one: open the link in the latest e-mail."),
        EXPIRED("This link has expired. Ask your company's Directory Admin for a new one."),
        INACTIVE("Your account is deactivated, so this link no longer works. Ask your company's Directory Admin.");

        public final String message;

        LinkState(String message) {
            this.message = message;
        }
    }

    /** The link's holder, as the set-password page shows them. */
    public record LinkHolder(LinkState state, String login, String name, String purpose) {
    }

    public LinkHolder look(String token) {
        return find(token).map(r -> new LinkHolder(r.state(), r.login(), r.name(), r.purpose()))
                .orElse(new LinkHolder(LinkState.UNKNOWN, null, null, null));
    }

    private record Row(long id, long companyId, long userId, String login, String name, String purpose,
            LinkState state) {
    }

    private Optional<Row> find(String token) {
        if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
            return Optional.empty();
        }
        return jdbc.sql("""
                select l.id, l.company_id, l.user_id, u.login, u.display_name, l.purpose,
                       case when l.used_at is not null then 'USED'
                            when l.revoked_at is not null then 'REPLACED'
                            when l.expires_at <= now() then 'EXPIRED'
                            when not u.active then 'INACTIVE'
                            else 'OPEN' end
                from password_link l join app_user u on u.id = l.user_id where l.token_sha256 = :h""")
                .param("h", AccountLookup.sha256(token))
                .query((rs, n) -> new Row(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), LinkState.valueOf(rs.getString(7))))
                .optional();
    }

    /**
     * Sets the password through the link and uses it up, in one transaction (the link row locked: two tabs can not
     * both use it). Returns the state that refused it, or OPEN when the password was set.
     */
    public LinkState use(String token, String password) {
        if (password == null || password.length() < 8 || password.length() > 200) {
            throw new BadRequestException("The password must be 8 to 200 characters");
        }
        return tx.execute(s -> {
            Optional<Row> row = find(token);
            if (row.isEmpty()) {
                return LinkState.UNKNOWN;
            }
            jdbc.sql("select id from password_link where id = :id for update").param("id", row.get().id())
                    .query(Long.class).single();
            Row r = find(token).orElseThrow();
            if (r.state() != LinkState.OPEN) {
                return r.state();
            }
            jdbc.sql("update password_link set used_at = now() where id = :id").param("id", r.id()).update();
            jdbc.sql("update app_user set password_hash = :h where id = :u").param("h", passwords.encode(password))
                    .param("u", r.userId()).update();
            Actor self = new Actor() {
                @Override
                public long id() {
                    return r.userId();
                }

                @Override
                public String login() {
                    return r.login();
                }
            };
            audit.record(r.companyId(), self, "user.password_set", "user", r.userId(),
                    r.login() + " set their password with " + (r.purpose().equals("invitation") ? "the invitation link"
                            : "a password reset link"), null, Map.of("purpose", r.purpose()));
            return LinkState.OPEN;
        });
    }
}
