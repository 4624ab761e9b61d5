package com.crosswalk.audit;

import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The append-only audit log. Call {@link #record} inside the transaction of the change it describes, so the event
 * and the change commit or roll back together (the database refuses updates and deletes of events).
 */
@Service
public class AuditLog {

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    public AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param actor      who did it; null for the system (a background job acting on its own)
     * @param action     what happened, e.g. {@code cco.unlinked}, {@code cco.unlink_refused}, {@code export.accepted}
     * @param recordType {@code commitment_change_order}, {@code commitment}, {@code vendor}, {@code project}, {@code user}…
     * @param before     the record's relevant state before (null when created); serialised as JSON
     * @param after      the state after (null when deleted)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(Long companyId, Actor actor, String action, String recordType, Long recordId,
            String summary, Map<String, ?> before, Map<String, ?> after) {
        insert(companyId, actor, action, recordType, recordId, summary, before, after);
    }

    /** For an event that stands alone (e.g. a refused unlink, where nothing else changes). */
    @Transactional(propagation = Propagation.REQUIRED)
    public void recordAlone(Long companyId, Actor actor, String action, String recordType, Long recordId,
            String summary, Map<String, ?> before, Map<String, ?> after) {
        insert(companyId, actor, action, recordType, recordId, summary, before, after);
    }

    private void insert(Long companyId, Actor actor, String action, String recordType, Long recordId,
            String summary, Map<String, ?> before, Map<String, ?> after) {
        jdbc.sql("""
                insert into audit_event (company_id, actor_user_id, actor_login, action, record_type, record_id,
                                         summary, before_state, after_state)
                values (:company, :actor, :login, :action, :type, :record, :summary,
                        cast(:before as jsonb), cast(:after as jsonb))""")
                .param("company", companyId)
                .param("actor", actor == null ? null : actor.id())
                .param("login", actor == null ? "system" : actor.login())
                .param("action", action)
                .param("type", recordType)
                .param("record", recordId)
                .param("summary", summary == null ? "" : summary.length() > 1000 ? summary.substring(0, 1000) : summary)
                .param("before", before == null ? null : json.writeValueAsString(before))
                .param("after", after == null ? null : json.writeValueAsString(after))
                .update();
    }
}
