package com.crosswalk.erp.webhooks;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the sync lifecycle's audited transitions into webhook deliveries. Called by {@code erp.sync.SyncRecords} —
 * the one place every transition is audited — inside the transition's own transaction: a delivery row per subscribed
 * webhook and its db-scheduler execution ({@link WebhookTasks}) commit with the transition or not at all, and nothing
 * is sent before the commit (nor on the request thread: the scheduler's threads deliver).
 * <ul>
 * <li>{@code export.synced} → {@code exported}; {@code export.failed} → {@code failed};</li>
 * <li>{@code *.unlinked} → {@code unlinked}; {@code erp.status_changed} (changed or gone in the ERP) → {@code drift}.</li>
 * </ul>
 */
@Service
public class WebhookEvents {

    public static final List<String> EVENTS = List.of("exported", "failed", "unlinked", "drift");

    private final JdbcClient jdbc;
    private final ObjectProvider<Scheduler> scheduler;
    private final JsonMapper json = JsonMapper.builder().build();

    WebhookEvents(JdbcClient jdbc, ObjectProvider<Scheduler> scheduler) {
        this.jdbc = jdbc;
        this.scheduler = scheduler;
    }

    /** The webhook event of an audit action; empty when integrators are not told of it. */
    static Optional<String> eventOf(String action) {
        if (action.equals("export.synced")) {
            return Optional.of("exported");
        }
        if (action.equals("export.failed")) {
            return Optional.of("failed");
        }
        if (action.endsWith(".unlinked")) {
            return Optional.of("unlinked");
        }
        if (action.equals("erp.status_changed")) {
            return Optional.of("drift");
        }
        return Optional.empty();
    }

    /** Enqueues the deliveries of one lifecycle event; a no-op when no active webhook of the company wants it. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lifecycleEvent(long companyId, String action, String recordType, long recordId, String summary,
            Map<String, ?> after) {
        Optional<String> event = eventOf(action);
        if (event.isEmpty()) {
            return;
        }
        List<Long> hooks = jdbc.sql("""
                select id from webhook where company_id = :c and active and cast(:e as varchar) = any(events)
                order by id""")
                .param("c", companyId).param("e", event.get()).query(Long.class).list();
        if (hooks.isEmpty()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", event.get());
        body.put("occurred_at", OffsetDateTime.now(ZoneOffset.UTC).toString());
        body.put("company_id", companyId);
        body.put("record_type", recordType);
        body.put("record_id", recordId);
        body.put("action", action);
        body.put("summary", summary);
        body.put("data", after);
        String payload = json.writeValueAsString(body);
        for (long hook : hooks) {
            long id = jdbc.sql("""
                    insert into webhook_delivery (company_id, webhook_id, event, payload)
                    values (:c, :w, :e, :p) returning id""")
                    .param("c", companyId).param("w", hook).param("e", event.get()).param("p", payload)
                    .query(Long.class).single();
            schedule(id);
        }
    }

    /** Schedules a delivery in the current transaction; once it commits, the scheduler looks at once. */
    void schedule(long deliveryId) {
        Scheduler s = scheduler.getObject();
        s.schedule(new TaskInstance<>(WebhookTasks.NAME, Long.toString(deliveryId)), Instant.now());
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    s.triggerCheckForDueExecutions();
                }
            });
        }
    }
}
