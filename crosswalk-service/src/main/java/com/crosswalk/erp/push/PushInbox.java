package com.crosswalk.erp.push;

import com.crosswalk.shared.BadRequestException;
import com.crosswalk.shared.UnauthorizedException;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes in Acumatica's push notifications: checks the company's secret, stores the notification once per Acumatica
 * {@code Id} (a duplicated or resent delivery changes nothing) and queues its processing as a db-scheduler task in the
 * same transaction — so an answer of 200 means it is durably ours, and Acumatica need not send it again. The work
 * (asking the ERP) happens in the task, never on the request thread.
 */
@Service
class PushInbox {

    /** Acumatica sends it again on any error reply; a body this large is refused as a mistake, not retried forever. */
    static final int MAX_KEYS = 1000;

    enum Outcome { RECEIVED, ALREADY_RECEIVED }

    private final JdbcClient jdbc;
    private final PushSetup setup;
    private final Scheduler scheduler;
    private final TransactionTemplate tx;
    private final JsonMapper json = JsonMapper.builder().build();

    PushInbox(JdbcClient jdbc, PushSetup setup, Scheduler scheduler, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.setup = setup;
        this.scheduler = scheduler;
        this.tx = tx;
    }

    Outcome receive(long companyId, String secret, AcumaticaNotification n) {
        if (!setup.matches(companyId, secret)) {
            // the same answer for an unknown company, one without push set up, and a wrong secret
            throw new UnauthorizedException("Not accepted: the " + PushSetup.HEADER
                    + " header does not hold this company's push-notification secret");
        }
        if (n == null || n.id() == null || n.id().isBlank() || n.id().length() > 100) {
            throw new BadRequestException("Id is required (at most 100 characters): Acumatica's id of the data transaction");
        }
        if (n.rows().size() > MAX_KEYS) {
            throw new BadRequestException("At most " + MAX_KEYS + " rows per notification");
        }
        String query = n.query() == null ? "" : n.query().length() > 300 ? n.query().substring(0, 300) : n.query();
        Optional<Long> id = tx.execute(s -> {
            Optional<Long> inserted = jdbc.sql("""
                    insert into erp_push_notification (company_id, notification_id, query, erp_timestamp, payload)
                    values (:c, :nid, :q, :ts, cast(:p as jsonb))
                    on conflict (company_id, notification_id) do nothing returning id""")
                    .param("c", companyId).param("nid", n.id()).param("q", query).param("ts", n.timeStamp())
                    .param("p", json.writeValueAsString(n)).query(Long.class).optional();
            inserted.ifPresent(rowId -> {
                scheduler.schedule(new TaskInstance<>(PushTasks.NAME, Long.toString(rowId)), Instant.now());
                // the scheduler's own immediate check ran inside this transaction, where the row was not yet visible
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        scheduler.triggerCheckForDueExecutions();
                    }
                });
            });
            return inserted;
        });
        return id.isPresent() ? Outcome.RECEIVED : Outcome.ALREADY_RECEIVED;
    }
}
