package com.crosswalk.erp.webhooks;

import com.crosswalk.audit.AuditLog;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.shared.BadRequestException;
import com.crosswalk.shared.NotFoundException;
import com.crosswalk.shared.SecretBox;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Base64;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A company's outgoing webhooks: subscriptions (URL, events, a signing secret shown once), their delivery log and
 * Redeliver. ERP Integrations Admin or Directory Admin ({@link Permissions#requireWebhooksAdmin}); another company's
 * webhook is "not found". Each change is audited ({@code webhook.created}, {@code .updated}, {@code .deleted},
 * {@code .redelivered}); the secret never is.
 */
@Service
public class Webhooks {

    static final int MAX_URL = 2000;

    private final JdbcClient jdbc;
    private final Permissions permissions;
    private final SecretBox secrets;
    private final AuditLog audit;
    private final WebhookEvents events;
    private final SecureRandom random = new SecureRandom();
    private final WebhookAddressPolicy addresses;
    private final org.springframework.transaction.support.TransactionTemplate tx;

    Webhooks(JdbcClient jdbc, Permissions permissions, SecretBox secrets, AuditLog audit, WebhookEvents events,
            WebhookAddressPolicy addresses, org.springframework.transaction.support.TransactionTemplate tx) {
        this.addresses = addresses;
        this.tx = tx;
        this.jdbc = jdbc;
        this.permissions = permissions;
        this.secrets = secrets;
        this.audit = audit;
        this.events = events;
    }

    @Schema(name = "Webhook")
    public record Webhook(long id, String url, List<String> events, String description, boolean active,
            OffsetDateTime createdAt, OffsetDateTime updatedAt) {

        Map<String, Object> asAudit() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("url", url);
            m.put("events", events);
            m.put("description", description);
            m.put("active", active);
            return m;
        }
    }

    @Schema(name = "WebhookCreated", description = "the new webhook and its signing secret: shown this once only")
    public record Created(Webhook webhook, String secret) {
    }

    @Schema(name = "WebhookAttempt")
    public record Attempt(int attempt, OffsetDateTime attemptedAt, Integer responseCode, String error, int durationMs) {
    }

    @Schema(name = "WebhookDelivery")
    public record Delivery(long id, long webhookId, String event, String state, int attempts, Long redeliveryOf,
            OffsetDateTime createdAt, OffsetDateTime finishedAt, String payload, List<Attempt> attemptLog) {
    }

    /** The URL as given, checked: absolute http or https with a host, no user info, at most 2000 characters. */
    static String checkUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new BadRequestException("url: the address to deliver to is required");
        }
        String u = url.trim();
        if (u.length() > MAX_URL) {
            throw new BadRequestException("url: at most " + MAX_URL + " characters");
        }
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            throw new BadRequestException("url: not a valid address (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new BadRequestException("url: must start with http:// or https://");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new BadRequestException("url: must name a host, e.g. https://example.com/crosswalk");
        }
        if (uri.getRawUserInfo() != null) {
            throw new BadRequestException("url: must not hold a user name or password");
        }
        if (uri.getRawFragment() != null) {
            throw new BadRequestException("url: must not hold a #fragment");
        }
        return scheme + u.substring(scheme.length());
    }

    static List<String> checkEvents(List<String> given) {
        if (given == null || given.isEmpty()) {
            throw new BadRequestException("events: choose one or more of " + String.join(", ", WebhookEvents.EVENTS));
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String e : given) {
            if (e == null || !WebhookEvents.EVENTS.contains(e)) {
                throw new BadRequestException("events: '" + e + "' is not one of "
                        + String.join(", ", WebhookEvents.EVENTS));
            }
            out.add(e);
        }
        return List.copyOf(out);
    }

    static String checkDescription(String d) {
        if (d == null) {
            return null;
        }
        String t = d.trim();
        if (t.length() > 200 || t.codePoints().anyMatch(Character::isISOControl)) {
            throw new BadRequestException("description: at most 200 characters, no control characters");
        }
        return t.isEmpty() ? null : t;
    }

    public List<Webhook> list(SignedInUser user, long companyId) {
        permissions.requireWebhooksAdmin(user, companyId);
        return jdbc.sql("select " + COLUMNS + " from webhook where company_id = :c order by id").param("c", companyId)
                .query(Webhooks::row).list();
    }

    public Webhook get(SignedInUser user, long companyId, long id) {
        permissions.requireWebhooksAdmin(user, companyId);
        return find(companyId, id);
    }

    private Webhook find(long companyId, long id) {
        return jdbc.sql("select " + COLUMNS + " from webhook where company_id = :c and id = :id")
                .param("c", companyId).param("id", id).query(Webhooks::row).optional()
                .orElseThrow(() -> new NotFoundException("Webhook " + id + " not found"));
    }

    /** Creates it; a URL on this machine or a private network is refused ({@link WebhookAddressPolicy}). */
    public Created create(SignedInUser user, long companyId, String url, List<String> eventList, String description) {
        permissions.requireWebhooksAdmin(user, companyId);
        String u = checkUrl(url);
        List<String> ev = checkEvents(eventList);
        String d = checkDescription(description);
        addresses.check(u); // resolves the host name: before the transaction
        return tx.execute(s -> insert(user, companyId, u, ev, d));
    }

    private Created insert(SignedInUser user, long companyId, String u, List<String> ev, String d) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long id = jdbc.sql("""
                insert into webhook (company_id, url, events, description, secret_encrypted, created_by)
                values (:c, :u, cast(:e as varchar(20)[]), :d, :s, :by) returning id""")
                .param("c", companyId).param("u", u).param("e", "{" + String.join(",", ev) + "}").param("d", d)
                .param("s", secrets.encrypt(secret)).param("by", user.id()).query(Long.class).single();
        Webhook w = find(companyId, id);
        audit.record(companyId, user, "webhook.created", "webhook", id, "Created webhook to " + u, null, w.asAudit());
        return new Created(w, secret);
    }

    /** Changes it; a new URL is checked as on creation. */
    public Webhook update(SignedInUser user, long companyId, long id, String url, List<String> eventList,
            String description, Boolean active) {
        permissions.requireWebhooksAdmin(user, companyId);
        find(companyId, id); // another company's: 404 before anything else
        String u = url == null ? null : checkUrl(url);
        List<String> ev = eventList == null ? null : checkEvents(eventList);
        String d = description == null ? null : checkDescription(description);
        if (u != null) {
            addresses.check(u); // resolves the host name: before the transaction
        }
        return tx.execute(s -> change(user, companyId, id, u, ev, description, d, active));
    }

    private Webhook change(SignedInUser user, long companyId, long id, String u, List<String> ev, String description,
            String d, Boolean active) {
        Webhook before = find(companyId, id);
        jdbc.sql("""
                update webhook set url = coalesce(:u, url), events = coalesce(cast(:e as varchar(20)[]), events),
                       description = case when cast(:setD as boolean) then :d else description end,
                       active = coalesce(:a, active), updated_at = now()
                where id = :id and company_id = :c""")
                .param("u", u).param("e", ev == null ? null : "{" + String.join(",", ev) + "}")
                .param("setD", description != null).param("d", d).param("a", active).param("id", id)
                .param("c", companyId).update();
        Webhook after = find(companyId, id);
        audit.record(companyId, user, "webhook.updated", "webhook", id, "Changed webhook to " + after.url(),
                before.asAudit(), after.asAudit());
        return after;
    }

    @Transactional
    public void delete(SignedInUser user, long companyId, long id) {
        permissions.requireWebhooksAdmin(user, companyId);
        Webhook before = find(companyId, id);
        jdbc.sql("delete from webhook where id = :id and company_id = :c").param("id", id).param("c", companyId)
                .update();
        audit.record(companyId, user, "webhook.deleted", "webhook", id, "Deleted webhook to " + before.url(),
                before.asAudit(), null);
    }

    /** The delivery log, newest first, each with its attempts. */
    public List<Delivery> deliveries(SignedInUser user, long companyId, long webhookId, int limit) {
        permissions.requireWebhooksAdmin(user, companyId);
        find(companyId, webhookId);
        if (limit < 1 || limit > 500) {
            throw new BadRequestException("per_page must be between 1 and 500");
        }
        List<Delivery> shells = jdbc.sql("""
                select id, webhook_id, event, state, attempts, redelivery_of, created_at, finished_at, payload
                from webhook_delivery where webhook_id = :w and company_id = :c order by id desc limit :lim""")
                .param("w", webhookId).param("c", companyId).param("lim", limit)
                .query((rs, n) -> new Delivery(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), (Long) rs.getObject(6), rs.getObject(7, OffsetDateTime.class),
                        rs.getObject(8, OffsetDateTime.class), rs.getString(9), new ArrayList<>()))
                .list();
        if (shells.isEmpty()) {
            return shells;
        }
        Map<Long, List<Attempt>> byDelivery = new LinkedHashMap<>();
        shells.forEach(d -> byDelivery.put(d.id(), d.attemptLog()));
        jdbc.sql("""
                select delivery_id, attempt, attempted_at, response_code, error, duration_ms from webhook_attempt
                where delivery_id in (:ids) order by delivery_id, attempt""")
                .param("ids", byDelivery.keySet())
                .query(rs -> {
                    byDelivery.get(rs.getLong(1)).add(new Attempt(rs.getInt(2), rs.getObject(3, OffsetDateTime.class),
                            (Integer) rs.getObject(4), rs.getString(5), rs.getInt(6)));
                });
        return shells.stream().map(d -> new Delivery(d.id(), d.webhookId(), d.event(), d.state(), d.attempts(),
                d.redeliveryOf(), d.createdAt(), d.finishedAt(), d.payload(), List.copyOf(d.attemptLog()))).toList();
    }

    /** Sends a delivery's payload again, as a new delivery (its own attempts), scheduled now. */
    @Transactional
    public Delivery redeliver(SignedInUser user, long companyId, long webhookId, long deliveryId) {
        permissions.requireWebhooksAdmin(user, companyId);
        Webhook w = find(companyId, webhookId);
        Map<String, Object> original = jdbc.sql("""
                select event, payload from webhook_delivery where id = :id and webhook_id = :w and company_id = :c""")
                .param("id", deliveryId).param("w", webhookId).param("c", companyId)
                .query((rs, n) -> Map.<String, Object>of("event", rs.getString(1), "payload", rs.getString(2)))
                .optional().orElseThrow(() -> new NotFoundException("Delivery " + deliveryId + " not found"));
        long id = jdbc.sql("""
                insert into webhook_delivery (company_id, webhook_id, event, payload, redelivery_of)
                values (:c, :w, :e, :p, :of) returning id""")
                .param("c", companyId).param("w", webhookId).param("e", original.get("event"))
                .param("p", original.get("payload")).param("of", deliveryId).query(Long.class).single();
        events.schedule(id);
        audit.record(companyId, user, "webhook.redelivered", "webhook", webhookId,
                "Redelivered delivery " + deliveryId + " to " + w.url() + " (as delivery " + id + ")", null,
                Map.of("delivery_id", id, "redelivery_of", deliveryId));
        return new Delivery(id, webhookId, (String) original.get("event"), "pending", 0, deliveryId,
                OffsetDateTime.now(), null, (String) original.get("payload"), List.of());
    }

    private static final String COLUMNS = "id, url, events, description, active, created_at, updated_at";

    private static Webhook row(ResultSet rs, int n) throws SQLException {
        Array a = rs.getArray(3);
        List<String> ev = a == null ? List.of() : Arrays.asList((String[]) a.getArray());
        return new Webhook(rs.getLong(1), rs.getString(2), List.copyOf(ev), rs.getString(4), rs.getBoolean(5),
                rs.getObject(6, OffsetDateTime.class), rs.getObject(7, OffsetDateTime.class));
    }
}
