package com.crosswalk.notifications;

import com.crosswalk.directory.SignedInUser;
import com.crosswalk.erp.sync.RecordType;
import com.crosswalk.erp.sync.RecordTypes;
import com.crosswalk.shared.BadRequestException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who is told what, and when. Read from the audit log, so neither a request nor an export does any of this work:
 * <ul>
 * <li>{@code export.sent} → accounting approvers of the company (ERP Integrations Standard or Admin with Can Push to
 *     Accounting): items wait for their acceptance; when the item had been rejected before, "sent again";</li>
 * <li>{@code export.rejected} → the person who sent it, with the reason;</li>
 * <li>{@code export.failed} → the person who sent it, with the error.</li>
 * </ul>
 * Nobody is told about their own action. Each person chooses per kind: at once (an e-mail within seconds) or a daily
 * digest. {@link #collect} turns new audit events into the outbox ({@code notification}), {@link #sendInstant} and
 * {@link #sendDigests} send it through {@link Mailer}; all three run on db-scheduler tasks ({@link NotificationTasks}).
 */
@Service
public class Notifications {

    private static final Logger log = LoggerFactory.getLogger(Notifications.class);
    /** Events commit out of id order: each round reads this many ids behind its cursor again (the unique key dedupes). */
    static final int LOOK_BEHIND = 200;
    static final int MAX_ATTEMPTS = 5;

    private final JdbcClient jdbc;
    private final RecordTypes types;
    private final Mailer mailer;
    private final TransactionTemplate tx;
    private final org.springframework.core.env.Environment env;
    private final JsonMapper json = JsonMapper.builder().build();

    private final com.crosswalk.directory.DirectoryService directory;

    Notifications(JdbcClient jdbc, RecordTypes types, Mailer mailer, TransactionTemplate tx,
            org.springframework.core.env.Environment env, com.crosswalk.directory.DirectoryService directory) {
        this.directory = directory;
        this.jdbc = jdbc;
        this.types = types;
        this.mailer = mailer;
        this.tx = tx;
        this.env = env;
    }

    /** The address people open Crosswalk at: {@code crosswalk.public-url}, else this machine's port. */
    private String publicUrl() {
        String configured = env.getProperty("crosswalk.public-url");
        if (configured != null && !configured.isBlank()) {
            return configured.replaceAll("/+$", "");
        }
        return "http://localhost:" + env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
    }

    // ------------------------------------------------------------------------------------------- preferences

    @Schema(name = "NotificationPreference")
    public record Preference(String kind, String label, String audience, String delivery) {
    }

    @Schema(name = "NotificationPreferences")
    public record Preferences(List<Preference> preferences) {
    }

    /** The signed-in person's choice per kind (instant when never chosen). */
    public Preferences preferences(SignedInUser user) {
        Map<String, String> chosen = new LinkedHashMap<>();
        jdbc.sql("select kind, delivery from notification_preference where user_id = :u").param("u", user.id())
                .query(rs -> {
                    chosen.put(rs.getString(1), rs.getString(2));
                });
        List<Preference> out = new ArrayList<>();
        for (NotificationKind k : NotificationKind.values()) {
            out.add(new Preference(k.value(), k.label(), k.audience(), chosen.getOrDefault(k.value(), "instant")));
        }
        return new Preferences(out);
    }

    /** Sets the signed-in person's choices: {@code kind → instant | daily}; kinds left out keep theirs. */
    public Preferences choose(SignedInUser user, Map<String, String> choices) {
        Map<NotificationKind, String> checked = new EnumMap<>(NotificationKind.class);
        choices.forEach((kind, delivery) -> {
            NotificationKind k = NotificationKind.of(kind).orElseThrow(() -> new BadRequestException(
                    "kind must be one of ready_to_export, resent, rejected, failed (not '" + kind + "')"));
            if (!"instant".equals(delivery) && !"daily".equals(delivery)) {
                throw new BadRequestException("delivery of " + kind + " must be instant or daily");
            }
            checked.put(k, delivery);
        });
        tx.executeWithoutResult(s -> checked.forEach((k, delivery) -> jdbc.sql("""
                insert into notification_preference (user_id, kind, delivery) values (:u, :k, :d)
                on conflict (user_id, kind) do update set delivery = excluded.delivery""")
                .param("u", user.id()).param("k", k.value()).param("d", delivery).update()));
        return preferences(user);
    }

    // ------------------------------------------------------------------------------------------- collecting

    private record Event(long id, long companyId, Long actorId, String actorName, String action, String recordType,
            long recordId, String summary, String beforeState, OffsetDateTime at) {
    }

    private record Recipient(long id, String email) {
    }

    /** New audit events → the outbox, one row per recipient; returns how many notifications were written. */
    public int collect() {
        return tx.execute(s -> {
            long cursor = jdbc.sql("select last_event_id from notification_cursor where id = 1 for update")
                    .query(Long.class).single();
            List<Event> events = jdbc.sql("""
                    select e.id, e.company_id, e.actor_user_id, coalesce(u.display_name, e.actor_login), e.action,
                           e.record_type, e.record_id, e.summary, cast(e.before_state as text), e.occurred_at
                    from audit_event e left join app_user u on u.id = e.actor_user_id
                    where e.id > :from and e.company_id is not null and e.record_id is not null
                      and e.action in ('export.sent', 'export.rejected', 'export.failed')
                    order by e.id limit 1000""").param("from", cursor - LOOK_BEHIND)
                    .query((rs, n) -> new Event(rs.getLong(1), rs.getLong(2), (Long) rs.getObject(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getLong(7), rs.getString(8),
                            rs.getString(9), rs.getObject(10, OffsetDateTime.class)))
                    .list();
            int written = 0;
            for (Event e : events) {
                try {
                    written += notify(e);
                } catch (org.springframework.dao.DataAccessException db) {
                    throw db; // the round is retried as a whole
                } catch (RuntimeException bug) {
                    // one event that cannot be told never holds the others back
                    log.error("Audit event {} could not be turned into notifications (skipped)", e.id(), bug);
                }
            }
            long last = events.size() == 1000 ? events.get(events.size() - 1).id()
                    : jdbc.sql("select coalesce(max(id), 0) from audit_event").query(Long.class).single();
            jdbc.sql("update notification_cursor set last_event_id = greatest(last_event_id, :l) where id = 1")
                    .param("l", last).update();
            return written;
        });
    }

    private int notify(Event e) {
        RecordType<?> type;
        try {
            type = types.byRecordType(e.recordType());
        } catch (RuntimeException unknown) {
            return 0;
        }
        Optional<Record> rec = record(type, e.recordId());
        if (rec.isEmpty()) {
            return 0; // deleted since
        }
        Record r = rec.get();
        String what = type.noun() + " " + r.number() + " '" + r.title() + "'";
        String where = " (project " + r.project() + ")";
        String who = e.actorName() == null ? "Crosswalk" : e.actorName();
        String when = com.crosswalk.shared.Times.minutes(e.at(), zone(e.companyId()));
        String list = publicUrl() + "/erp/" + type.pagePath() + "?view={view}&search="
                + java.net.URLEncoder.encode(r.title(), java.nio.charset.StandardCharsets.UTF_8);
        NotificationKind kind;
        List<Recipient> to;
        String subject;
        String body;
        switch (e.action()) {
            case "export.sent" -> {
                boolean again = e.beforeState() != null && "rejected".equals(state(e.beforeState()));
                kind = again ? NotificationKind.RESENT : NotificationKind.READY_TO_EXPORT;
                to = approvers(e.companyId());
                subject = again ? "Sent again after a rejection: " + what + " waits for your acceptance"
                        : "Ready to Export: " + what + " waits for your acceptance";
                body = who + " " + (again ? "sent " + what + where + " again, after it was rejected, " : "sent "
                        + what + where + " ") + "to the ERP Integrations tool on " + when + ".\n\nIt waits in Ready "
                        + "to Export for an accounting approver to accept it:\n" + list.replace("{view}", "ready_to_export")
                        + "\n";
            }
            case "export.rejected" -> {
                kind = NotificationKind.REJECTED;
                to = sender(e.companyId(), type, e.recordId());
                subject = "Rejected: " + what;
                body = who + " rejected " + what + where + " on " + when + ".\n\n" + e.summary()
                        + "\n\nCorrect it and send it again from the Commitments tool.\n";
            }
            case "export.failed" -> {
                kind = NotificationKind.FAILED;
                to = sender(e.companyId(), type, e.recordId());
                subject = "Failed to export: " + what;
                body = what + where + " failed to export on " + when + ":\n\n" + e.summary() + "\n\nFailed to Export:\n"
                        + list.replace("{view}", "failed") + "\n";
            }
            default -> {
                return 0;
            }
        }
        int written = 0;
        for (Recipient p : to) {
            if (e.actorId() != null && e.actorId() == p.id()) {
                continue; // nobody is told about their own action
            }
            String delivery = jdbc.sql("select delivery from notification_preference where user_id = :u and kind = :k")
                    .param("u", p.id()).param("k", kind.value()).query(String.class).optional().orElse("instant");
            written += jdbc.sql("""
                    insert into notification (company_id, user_id, audit_event_id, kind, delivery, email, subject, body)
                    values (:c, :u, :e, :k, :d, :m, :s, :b) on conflict (audit_event_id, user_id) do nothing""")
                    .param("c", e.companyId()).param("u", p.id()).param("e", e.id()).param("k", kind.value())
                    .param("d", delivery).param("m", p.email()).param("s", clip(subject, 300)).param("b", body)
                    .update();
        }
        return written;
    }

    private String state(String beforeJson) {
        try {
            JsonNode n = json.readTree(beforeJson);
            return n.path("state").asText(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private record Record(String number, String title, String project) {
    }

    private Optional<Record> record(RecordType<?> type, long id) {
        return jdbc.sql("select r.number, r.title, p.number || ' ' || p.name from " + type.table()
                + " r join project p on p.id = r.project_id where r.id = :id").param("id", id)
                .query((rs, n) -> new Record(rs.getString(1), rs.getString(2), rs.getString(3))).optional();
    }

    /** The company's time zone (the e-mail's times are shown in it, named); UTC when unknown. */
    private java.time.ZoneId zone(long companyId) {
        return directory.zone(companyId);
    }

    private List<Recipient> approvers(long companyId) {
        return jdbc.sql("""
                select id, email from app_user
                where company_id = :c and active and can_push_to_accounting
                  and erp_integrations_level in ('standard', 'admin') and email is not null and email <> ''
                order by id""").param("c", companyId)
                .query((rs, n) -> new Recipient(rs.getLong(1), rs.getString(2))).list();
    }

    private List<Recipient> sender(long companyId, RecordType<?> type, long recordId) {
        return jdbc.sql("""
                select u.id, u.email from erp_export x join app_user u on u.id = x.sent_by
                where x.company_id = :c and x.record_type = :t and x.%s = :id and u.active
                  and u.email is not null and u.email <> ''
                order by x.id desc limit 1""".formatted(type.column()))
                .param("c", companyId).param("t", type.recordType()).param("id", recordId)
                .query((rs, n) -> new Recipient(rs.getLong(1), rs.getString(2))).list();
    }

    // ------------------------------------------------------------------------------------------- sending

    private record Outgoing(long id, String email, String subject, String body) {
    }

    /** Sends the instant notifications waiting (each outside any transaction); returns how many went. */
    public int sendInstant() {
        if (!mailer.configured()) {
            return 0;
        }
        List<Outgoing> waiting = jdbc.sql("""
                select id, email, subject, body from notification
                where sent_at is null and delivery = 'instant' and attempts < :max order by id limit 100""")
                .param("max", MAX_ATTEMPTS)
                .query((rs, n) -> new Outgoing(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
        int sent = 0;
        for (Outgoing o : waiting) {
            if (deliver(List.of(o.id()), o.email(), "[Crosswalk] " + o.subject(), o.body())) {
                sent++;
            }
        }
        return sent;
    }

    /** One e-mail per person with every daily notification waiting for them; returns how many digests went. */
    public int sendDigests() {
        if (!mailer.configured()) {
            return 0;
        }
        Map<String, List<Outgoing>> byPerson = new LinkedHashMap<>();
        jdbc.sql("""
                select id, email, subject, body from notification
                where sent_at is null and delivery = 'daily' and attempts < :max order by email, id""")
                .param("max", MAX_ATTEMPTS)
                .query((rs, n) -> new Outgoing(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list().forEach(o -> byPerson.computeIfAbsent(o.email(), k -> new ArrayList<>()).add(o));
        int sent = 0;
        for (var entry : byPerson.entrySet()) {
            List<Outgoing> items = entry.getValue();
            StringBuilder body = new StringBuilder("Your daily Crosswalk digest: " + items.size()
                    + (items.size() == 1 ? " item" : " items") + ".\n");
            int i = 1;
            for (Outgoing o : items) {
                body.append("\n").append(i++).append(". ").append(o.subject()).append("\n\n").append(o.body());
            }
            if (deliver(items.stream().map(Outgoing::id).toList(), entry.getKey(), "[Crosswalk] Daily digest: "
                    + items.size() + (items.size() == 1 ? " item" : " items"), body.toString())) {
                sent++;
            }
        }
        return sent;
    }

    private boolean deliver(List<Long> ids, String to, String subject, String body) {
        String error = null;
        try {
            mailer.send(to, subject, body);
        } catch (RuntimeException e) {
            error = clip(e.getMessage() == null ? e.toString() : e.getMessage(), 1000);
            log.warn("E-mail to {} not sent: {}", to, error);
        }
        if (error == null) {
            jdbc.sql("update notification set sent_at = now(), attempts = attempts + 1, last_error = null where id in (:ids)")
                    .param("ids", ids).update();
            return true;
        }
        jdbc.sql("update notification set attempts = attempts + 1, last_error = :e where id in (:ids)")
                .param("e", error).param("ids", ids).update();
        return false;
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
