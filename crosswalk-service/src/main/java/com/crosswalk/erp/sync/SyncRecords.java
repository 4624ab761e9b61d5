package com.crosswalk.erp.sync;

import com.crosswalk.audit.Actor;
import com.crosswalk.audit.AuditLog;
import com.crosswalk.erp.webhooks.WebhookEvents;
import com.crosswalk.erp.connector.Difference;
import com.crosswalk.erp.connector.ErpFinding;
import com.crosswalk.erp.connector.ErpRecordRef;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one owner of the sync lifecycle's rows: it alone reads and writes {@code erp_export} (where a record stands in
 * the workflow), {@code erp_link} (its twin in the ERP) and {@code erp_leftover} (what earlier attempts may have left
 * there), and alone mints our keys in the ERP (external refs). Every state change goes through {@link SyncState} and
 * is audited here, in the same transaction.
 *
 * <p>Generations: our key in the ERP is {@code CW-<company>-<tag>-<record>-<generation>}. A new generation begins
 * whenever the content may change before the next export — Retrieve, Reject, Unlink — so a key stands for one
 * content. When the ending generation may have reached the ERP ({@code erp_touched_at}) and is not known to be gone,
 * its key is kept as a leftover for the next export (and reconciliation) to clean up.
 */
@Repository
public class SyncRecords {

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final WebhookEvents webhooks;
    private final TransactionTemplate tx;
    private final JsonMapper json = JsonMapper.builder().build();

    SyncRecords(JdbcClient jdbc, AuditLog audit, WebhookEvents webhooks, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.webhooks = webhooks;
        this.tx = new TransactionTemplate(transactions);
    }

    /**
     * The one place a lifecycle transition is recorded: its audit event and, in the same transaction, the outgoing
     * webhook deliveries it makes (exported, failed, unlinked, drift: {@link WebhookEvents}).
     */
    private void audited(long companyId, Actor actor, String action, String recordType, long recordId, String summary,
            Map<String, ?> before, Map<String, ?> after) {
        audit.record(companyId, actor, action, recordType, recordId, summary, before, after);
        webhooks.lifecycleEvent(companyId, action, recordType, recordId, summary, after);
    }

    // ---- rows ------------------------------------------------------------------------------------------------

    /** A record's row in erp_export. */
    public record ExportRow(long id, long companyId, long recordId, SyncState state, String externalRef,
            int generation, String jobInstanceId, Long sentBy, OffsetDateTime sentAt, Long acceptedBy,
            OffsetDateTime acceptedAt, String rejectionReason, String lastError, int attempts, int lease,
            OffsetDateTime erpTouchedAt, OffsetDateTime nextAttemptAt, String failureKind, String leftoverKey,
            String leftoverStatus, String payload, String payloadSha256, int version) {

        public boolean touched() {
            return erpTouchedAt != null;
        }

        /** The export task's instance id is this execution's: the state is Exporting with this very id. */
        public boolean runs(String instanceId) {
            return state == SyncState.EXPORTING && instanceId.equals(jobInstanceId);
        }
    }

    /** A record's row in erp_link. */
    public record LinkRow(long id, long companyId, String recordType, long recordId, String erpKey, UUID erpId, String externalRef,
            String payload, String payloadSha256, ErpStatus erpStatus, OffsetDateTime erpCheckedAt,
            String differences, OffsetDateTime linkedAt, Long linkedBy) {

        public ErpRecordRef ref() {
            return new ErpRecordRef(erpKey, erpId, externalRef);
        }
    }

    /** An earlier generation's key that may still hold something in the ERP. */
    public record Leftover(long id, long companyId, String recordType, long recordId, String externalRef,
            String erpKey, String erpStatus, String note) {
    }

    /** What an attempt left in the ERP when it stopped (shown with the failure). */
    public record ErpTrace(String key, String status) {
    }

    private static final String EXPORT_COLUMNS = """
            id, company_id, %s as record_id, state, external_ref, generation, job_instance_id, sent_by, sent_at,
            accepted_by, accepted_at, rejection_reason, last_error, attempts, lease, erp_touched_at, next_attempt_at,
            failure_kind, leftover_key, leftover_status, payload::text as payload, payload_sha256, version""";

    private static ExportRow exportRow(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new ExportRow(rs.getLong("id"), rs.getLong("company_id"), rs.getLong("record_id"),
                SyncState.of(rs.getString("state")), rs.getString("external_ref"), rs.getInt("generation"),
                rs.getString("job_instance_id"), (Long) rs.getObject("sent_by"),
                rs.getObject("sent_at", OffsetDateTime.class), (Long) rs.getObject("accepted_by"),
                rs.getObject("accepted_at", OffsetDateTime.class), rs.getString("rejection_reason"),
                rs.getString("last_error"), rs.getInt("attempts"), rs.getInt("lease"),
                rs.getObject("erp_touched_at", OffsetDateTime.class),
                rs.getObject("next_attempt_at", OffsetDateTime.class), rs.getString("failure_kind"),
                rs.getString("leftover_key"), rs.getString("leftover_status"), rs.getString("payload"),
                rs.getString("payload_sha256"), rs.getInt("version"));
    }

    public Optional<ExportRow> export(RecordType<?> type, long recordId, boolean lock) {
        return jdbc.sql("select " + EXPORT_COLUMNS.formatted(type.column()) + " from erp_export where "
                        + type.column() + " = :id" + (lock ? " for update" : ""))
                .param("id", recordId).query((rs, n) -> exportRow(rs)).optional();
    }

    public Optional<LinkRow> link(RecordType<?> type, long recordId, boolean lock) {
        return jdbc.sql("""
                        select id, company_id, record_type, %1$s as record_id, erp_key, erp_id, external_ref, payload::text as payload,
                               payload_sha256, erp_status, erp_checked_at, erp_differences::text as differences,
                               linked_at, linked_by
                        from erp_link where %1$s = :id""".formatted(type.column()) + (lock ? " for update" : ""))
                .param("id", recordId).query((rs, n) -> linkRow(rs)).optional();
    }

    /** The export rows of many records of one type (none locked), by record id: one query. */
    public Map<Long, ExportRow> exports(RecordType<?> type, java.util.Collection<Long> recordIds) {
        Map<Long, ExportRow> out = new LinkedHashMap<>();
        if (!recordIds.isEmpty()) {
            jdbc.sql("select " + EXPORT_COLUMNS.formatted(type.column()) + " from erp_export where " + type.column()
                    + " in (:ids)").param("ids", recordIds).query((rs, n) -> exportRow(rs)).list()
                    .forEach(e -> out.put(e.recordId(), e));
        }
        return out;
    }

    /** The links of many records of one type (none locked), by record id: one query. */
    public Map<Long, LinkRow> links(RecordType<?> type, java.util.Collection<Long> recordIds) {
        Map<Long, LinkRow> out = new LinkedHashMap<>();
        if (!recordIds.isEmpty()) {
            jdbc.sql("""
                    select id, company_id, record_type, %1$s as record_id, erp_key, erp_id, external_ref, payload::text as payload,
                           payload_sha256, erp_status, erp_checked_at, erp_differences::text as differences,
                           linked_at, linked_by
                    from erp_link where %1$s in (:ids)""".formatted(type.column()))
                    .param("ids", recordIds).query((rs, n) -> linkRow(rs)).list()
                    .forEach(l -> out.put(l.recordId(), l));
        }
        return out;
    }

    private static LinkRow linkRow(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new LinkRow(rs.getLong("id"), rs.getLong("company_id"), rs.getString("record_type"),
                rs.getLong("record_id"),
                rs.getString("erp_key"), rs.getObject("erp_id", UUID.class), rs.getString("external_ref"),
                rs.getString("payload"), rs.getString("payload_sha256"), ErpStatus.of(rs.getString("erp_status")),
                rs.getObject("erp_checked_at", OffsetDateTime.class), rs.getString("differences"),
                rs.getObject("linked_at", OffsetDateTime.class), (Long) rs.getObject("linked_by"));
    }

    /** The ERP key of a linked record of any type (vendor, project, commitment…), e.g. for a payload. */
    public Optional<String> erpKey(String column, long recordId) {
        if (!column.matches("[a-z_]+_id")) {
            throw new IllegalArgumentException(column);
        }
        return jdbc.sql("select erp_key from erp_link where " + column + " = :id").param("id", recordId)
                .query(String.class).optional();
    }

    /** Our key in the ERP for a generation of a record (at most 30 characters, Acumatica's ExternalRefNbr). */
    public static String externalRef(RecordType<?> type, long companyId, long recordId, int generation) {
        String ref = "CW-" + companyId + "-" + type.refTag() + "-" + recordId + "-" + generation;
        if (ref.length() > 30) {
            ref = "CW-" + Long.toString(companyId, 36).toUpperCase() + "-" + type.refTag().charAt(1) + "-"
                    + Long.toString(recordId, 36).toUpperCase() + "-"
                    + Integer.toString(generation, 36).toUpperCase();
        }
        if (ref.length() > 30) {
            // still too long only for ids beyond any real table: the company is implied by the ERP tenant and by
            // erp_export's (company_id, record_type, external_ref) uniqueness; at most 3+2+13+1+6 = 25 characters
            ref = "CW-" + type.refTag().charAt(1) + "-" + Long.toString(recordId, 36).toUpperCase() + "-"
                    + Integer.toString(generation, 36).toUpperCase();
        }
        return ref;
    }

    /** The export task's instance id: {@code <prefix>-<record>-g<generation>-v<version>}. */
    public static String instanceId(RecordType<?> type, long recordId, int generation, int version) {
        return type.prefix() + "-" + recordId + "-g" + generation + "-v" + version;
    }

    // ---- workflow (inside the caller's transaction) ----------------------------------------------------------

    /** Send to ERP: Ready to Export (first send: a new row, generation 1). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void send(RecordType<?> type, RecordType.RecordInfo rec, Optional<ExportRow> existing, Actor user,
            String erp) {
        SyncState before = existing.map(ExportRow::state).orElse(SyncState.NOT_SENT);
        SyncState after = SyncState.Action.SEND.apply(before, type.noun());
        if (existing.isEmpty()) {
            jdbc.sql("""
                    insert into erp_export (company_id, record_type, %s, state, external_ref, generation, sent_by,
                                            sent_at)
                    values (:company, :type, :id, :state, :ref, 1, :user, now())""".formatted(type.column()))
                    .param("company", rec.companyId()).param("type", type.recordType()).param("id", rec.id())
                    .param("state", after.value()).param("ref", externalRef(type, rec.companyId(), rec.id(), 1))
                    .param("user", user.id()).update();
        } else {
            jdbc.sql("""
                    update erp_export set state = :state, sent_by = :user, sent_at = now(), accepted_by = null,
                           accepted_at = null, rejection_reason = null, last_error = null, failure_kind = null,
                           next_attempt_at = null, attempts = 0, job_instance_id = null, updated_at = now(),
                           version = version + 1
                    where id = :id""").param("state", after.value()).param("user", user.id())
                    .param("id", existing.get().id()).update();
        }
        audited(rec.companyId(), user, "export.sent", type.recordType(), rec.id(),
                "Sent to the ERP Integrations tool (" + erp + ")", Map.of("state", before.value()),
                Map.of("state", after.value()));
    }

    /** Retrieve: back to the sender, editable; a new generation (nothing was sent to the ERP). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void retrieve(RecordType<?> type, ExportRow e, Actor user) {
        SyncState after = SyncState.Action.RETRIEVE.apply(e.state(), type.noun());
        int generation = newGeneration(type, e, null, after, "", Map.of());
        audited(e.companyId(), user, "export.retrieved", type.recordType(), e.recordId(),
                "Retrieved from the ERP Integrations tool", Map.of("state", e.state().value()),
                Map.of("state", after.value(), "generation", generation));
    }

    /**
     * Accept (or Retry, which keeps the payload): Exporting, with the payload fixed for every attempt of this
     * generation. Returns the export task's instance id, which the caller schedules in this same transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public String accept(RecordType<?> type, ExportRow e, Actor user, String payloadJson, String sha,
            String summary) {
        SyncState after = SyncState.Action.ACCEPT.apply(e.state(), type.noun());
        int version = e.version() + 1;
        String instance = instanceId(type, e.recordId(), e.generation(), version);
        jdbc.sql("""
                update erp_export set state = :state, accepted_by = :user, accepted_at = now(), attempts = 0,
                       job_instance_id = :instance, last_error = null, failure_kind = null, next_attempt_at = now(),
                       payload = cast(:payload as jsonb), payload_sha256 = :sha, updated_at = now(), version = :version
                where id = :id""").param("state", after.value()).param("user", user.id()).param("instance", instance)
                .param("payload", payloadJson).param("sha", sha).param("version", version).param("id", e.id())
                .update();
        audited(e.companyId(), user, "export.accepted", type.recordType(), e.recordId(), summary,
                Map.of("state", e.state().value()), map("state", after.value(), "export_id", instance,
                        "external_ref", e.externalRef(), "payload_sha256", sha));
        return instance;
    }

    /**
     * Retry a failed export as it is: same generation, same payload ({@code payloadJson} only for a row that has none
     * yet, exported before payloads were kept). Returns the new task instance id.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public String retry(RecordType<?> type, ExportRow e, Actor user, String payloadJson, String sha) {
        SyncState after = SyncState.Action.RETRY.apply(e.state(), type.noun());
        int version = e.version() + 1;
        String instance = instanceId(type, e.recordId(), e.generation(), version);
        jdbc.sql("""
                update erp_export set state = :state, accepted_by = :user, accepted_at = now(), attempts = 0,
                       job_instance_id = :instance, last_error = null, failure_kind = null, next_attempt_at = now(),
                       payload = coalesce(payload, cast(:payload as jsonb)), payload_sha256 = coalesce(payload_sha256, :sha),
                       updated_at = now(), version = :version
                where id = :id""").param("state", after.value()).param("user", user.id()).param("instance", instance)
                .param("payload", payloadJson).param("sha", sha).param("version", version).param("id", e.id()).update();
        audited(e.companyId(), user, "export.retried", type.recordType(), e.recordId(), "Export retried",
                Map.of("state", e.state().value()), Map.of("state", after.value(), "export_id", instance));
        return instance;
    }

    /**
     * Reject with a reason: back to the project, editable; a new generation. If the ending generation reached the
     * ERP, its key becomes a leftover that the next export (or reconciliation) cleans up.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void reject(RecordType<?> type, ExportRow e, Actor user, String reason) {
        SyncState after = SyncState.Action.REJECT.apply(e.state(), type.noun());
        String left = e.touched() ? e.externalRef() : null;
        int generation = newGeneration(type, e, e.touched() ? new ErpTrace(e.leftoverKey(), e.leftoverStatus()) : null,
                after, ", rejection_reason = :reason, job_instance_id = null, next_attempt_at = null",
                Map.of("reason", reason));
        audited(e.companyId(), user, "export.rejected", type.recordType(), e.recordId(), "Rejected: " + reason,
                Map.of("state", e.state().value()), map("state", after.value(), "rejection_reason", reason,
                        "generation", generation, "leftover_external_ref", left));
    }

    /**
     * Unlinked (the ERP no longer has it): the link goes, the record is editable again, a new generation (the old
     * key's record is gone, so no leftover). Audited by the caller's words.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Map<String, Object> unlink(RecordType<?> type, Optional<ExportRow> e, LinkRow link, Actor user,
            String action, String summary, Map<String, ?> before) {
        jdbc.sql("delete from erp_link where id = :id").param("id", link.id()).update();
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("state", SyncState.UNLINKED.value());
        if (e.isPresent()) {
            SyncState to = SyncState.Action.UNLINK.apply(e.get().state(), type.noun());
            int generation = newGeneration(type, e.get(), null, to,
                    ", job_instance_id = null, last_error = null, failure_kind = null", Map.of());
            after.put("generation", generation);
            after.put("external_ref", externalRef(type, link.companyId(), link.recordId(), generation));
        }
        after.put("erp_presence", "gone");
        audited(link.companyId(), user, action, type.recordType(), link.recordId(), summary, before, after);
        return after;
    }

    /**
     * Bumps the generation (new external ref) and moves to state {@code to}, with the caller's other columns
     * ({@code alsoSet}, starting with a comma, and its parameters) in the same statement; keeps the old key as a
     * leftover when {@code trace} is given.
     */
    private int newGeneration(RecordType<?> type, ExportRow e, ErpTrace trace, SyncState to, String alsoSet,
            Map<String, ?> alsoParams) {
        int generation = e.generation() + 1;
        if (trace != null) {
            jdbc.sql("""
                    insert into erp_leftover (company_id, record_type, record_id, external_ref, erp_key, erp_status, note)
                    values (:company, :type, :record, :ref, :key, :status, :note)
                    on conflict (company_id, record_type, external_ref) do nothing""")
                    .param("company", e.companyId()).param("type", type.recordType()).param("record", e.recordId())
                    .param("ref", e.externalRef()).param("key", trace.key()).param("status", trace.status())
                    .param("note", "generation " + e.generation() + " reached the ERP before it was rejected")
                    .update();
        }
        jdbc.sql("""
                update erp_export set generation = :generation, external_ref = :ref, erp_touched_at = null, lease = 0,
                       leftover_key = null, leftover_status = null, payload = null, payload_sha256 = null,
                       state = :state, updated_at = now(), version = version + 1""" + alsoSet + " where id = :id")
                .param("generation", generation)
                .param("ref", externalRef(type, e.companyId(), e.recordId(), generation)).param("id", e.id())
                .param("state", to.value()).params(alsoParams)
                .update();
        return generation;
    }

    /**
     * The child records (of {@code child}'s type) of a parent record that are synced or on their way (exporting), e.g.
     * "CCO 001". With {@code lock}, the children's export rows are locked first, so none can become exporting or
     * synced until the caller's transaction ends.
     */
    public List<String> syncedChildren(RecordType<?> child, long parentId, boolean lock) {
        String parentColumn = child.parent().orElseThrow().column();
        if (lock) {
            jdbc.sql("select e.id from erp_export e join %s c on c.id = e.%s where c.%s = :id order by e.id for update of e"
                            .formatted(child.table(), child.column(), parentColumn))
                    .param("id", parentId).query(Long.class).list();
        }
        return jdbc.sql("""
                select c.number from %1$s c
                where c.%3$s = :id
                  and (exists (select 1 from erp_link l where l.%2$s = c.id)
                       or exists (select 1 from erp_export e where e.%2$s = c.id and e.state in ('exporting', 'synced')))
                order by c.number""".formatted(child.table(), child.column(), parentColumn))
                .param("id", parentId).query((rs, n) -> child.noun() + " " + rs.getString(1)).list();
    }

    // ---- links made without an export (reference data, the demo) ---------------------------------------------

    /**
     * Links a record to an existing ERP record, without the export workflow (a vendor or project linked to what the
     * ERP has; the demo's synced records). {@code column} is the record's id column in erp_link.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void linkExisting(String recordType, String column, long companyId, long recordId, UUID erpId,
            String erpKey, String externalRef, Long linkedBy, OffsetDateTime linkedAt) {
        if (!column.matches("[a-z_]+_id")) {
            throw new IllegalArgumentException(column);
        }
        jdbc.sql("""
                insert into erp_link (company_id, record_type, %s, erp_id, erp_key, external_ref, linked_at, linked_by)
                values (:company, :type, :record, :erpId, :key, :ext, coalesce(cast(:at as timestamptz), now()), :by)""".formatted(column))
                .param("company", companyId).param("type", recordType).param("record", recordId).param("erpId", erpId)
                .param("key", erpKey).param("ext", externalRef).param("at", linkedAt).param("by", linkedBy).update();
    }

    /** The demo's records in the export workflow: a row in {@code state} as the workflow would have left it. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void seedExport(RecordType<?> type, long companyId, long recordId, SyncState state, String externalRef,
            long sentBy, Long acceptedBy, String lastError, int attempts, String failureKind) {
        jdbc.sql("""
                insert into erp_export (company_id, record_type, %s, state, external_ref, generation, sent_by, sent_at,
                                        accepted_by, accepted_at, last_error, failure_kind, attempts, synced_at, synced_by)
                values (:company, :type, :record, :state, :ref, 1, :sent, now() - interval '3 days',
                        cast(:accepted as bigint),
                        case when cast(:accepted as bigint) is not null then now() - interval '2 days' end, :error,
                        :kind, :attempts, case when :state = 'synced' then now() - interval '2 days' end,
                        case when :state = 'synced' then cast(:accepted as bigint) end)""".formatted(type.column()))
                .param("company", companyId).param("type", type.recordType()).param("record", recordId)
                .param("state", state.value()).param("ref", externalRef).param("sent", sentBy)
                .param("accepted", acceptedBy).param("error", lastError).param("kind", failureKind)
                .param("attempts", attempts).update();
    }

    // ---- the export job (each call its own short transaction) -----------------------------------------------

    /**
     * Starts an execution of the export task: if it is still the current one, bumps the lease and returns it (with
     * the row as it is now); empty when the record moved on.
     */
    public Optional<Attempt> startAttempt(RecordType<?> type, long recordId, String instanceId) {
        return tx.execute(s -> {
            Optional<ExportRow> e = export(type, recordId, true);
            if (e.isEmpty() || !e.get().runs(instanceId)) {
                return Optional.empty();
            }
            int lease = jdbc.sql("update erp_export set lease = lease + 1 where id = :id returning lease")
                    .param("id", e.get().id()).query(Integer.class).single();
            return Optional.of(new Attempt(e.get(), lease));
        });
    }

    /** An execution of the export task, holding {@code lease}. */
    public record Attempt(ExportRow export, int lease) {
    }

    /** Writes, before the first ERP write of this generation, that the ERP may now hold something under its key. */
    public void markTouched(Attempt a) {
        if (!a.export().touched()) {
            jdbc.sql("update erp_export set erp_touched_at = now() where id = :id and erp_touched_at is null")
                    .param("id", a.export().id()).update();
        }
    }

    /** Is this execution still the one that runs the export (no later execution took the lease)? */
    public boolean holdsLease(Attempt a) {
        return jdbc.sql("select lease from erp_export where id = :id and state = 'exporting' and job_instance_id = :i")
                .param("id", a.export().id()).param("i", a.export().jobInstanceId()).query(Integer.class).optional()
                .map(l -> l == a.lease()).orElse(false);
    }

    /** One attempt failed and will be retried at {@code next}: its error shows while Exporting. */
    public void attemptFailed(RecordType<?> type, long recordId, String instanceId, String message, String kind,
            OffsetDateTime next, ErpTrace left) {
        jdbc.sql("""
                update erp_export set attempts = attempts + 1, last_error = :msg, failure_kind = :kind,
                       next_attempt_at = :next, leftover_key = coalesce(cast(:key as varchar), leftover_key),
                       leftover_status = case when cast(:key as varchar) is null then leftover_status
                                              else cast(:status as varchar) end,
                       updated_at = now()
                where %s = :id and state = 'exporting' and job_instance_id = :instance""".formatted(type.column()))
                .param("msg", clip(message)).param("kind", kind).param("next", next)
                .param("key", left == null ? null : left.key()).param("status", left == null ? null : left.status())
                .param("id", recordId).param("instance", instanceId).update();
    }

    /**
     * Failed to Export, for good (the ERP refused, retries ran out, or an internal error): a person retries or
     * rejects. Only if the execution is still the current one. Returns whether it was written.
     */
    public boolean fail(RecordType<?> type, long recordId, String instanceId, String message, String kind,
            ErpTrace left) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            Optional<ExportRow> e = export(type, recordId, true);
            if (e.isEmpty() || !e.get().runs(instanceId)) {
                return false;
            }
            SyncState after = SyncState.Action.FAIL.apply(e.get().state(), type.noun());
            String msg = clip(message == null ? "Unknown error" : message);
            jdbc.sql("""
                    update erp_export set state = :state, last_error = :msg, failure_kind = :kind,
                           attempts = attempts + 1, next_attempt_at = null,
                           leftover_key = coalesce(cast(:key as varchar), leftover_key),
                           leftover_status = case when cast(:key as varchar) is null then leftover_status
                                                  else cast(:status as varchar) end,
                           updated_at = now(), version = version + 1
                    where id = :id""").param("state", after.value()).param("msg", msg).param("kind", kind)
                    .param("key", left == null ? null : left.key())
                    .param("status", left == null ? null : left.status()).param("id", e.get().id()).update();
            audited(e.get().companyId(), null, "export.failed", type.recordType(), recordId, msg,
                    Map.of("state", e.get().state().value()), map("state", after.value(), "last_error", msg,
                            "failure_kind", kind, "leftover_key", left == null ? null : left.key()));
            return true;
        }));
    }

    /** What {@link #succeed} did. */
    public enum Completion { SYNCED, ALREADY_LINKED, NOT_CURRENT, ERP_RECORD_TAKEN }

    /**
     * Synced: the link (with the payload the ERP record was found equal to) and the state, in one transaction, only
     * if this execution is still the current one and holds its lease.
     */
    public Completion succeed(RecordType<?> type, Attempt a, ErpRecordRef ref, String erp, String noun) {
        return tx.execute(s -> {
            ExportRow e = export(type, a.export().recordId(), true).orElse(null);
            if (e == null || !e.runs(a.export().jobInstanceId()) || e.lease() != a.lease()) {
                return Completion.NOT_CURRENT;
            }
            int inserted = jdbc.sql("""
                    insert into erp_link (company_id, record_type, %s, erp_id, erp_key, external_ref, payload,
                                          payload_sha256, erp_status, erp_checked_at, linked_by)
                    values (:company, :type, :record, :erpId, :key, :ext, cast(:payload as jsonb), :sha, 'present',
                            now(), :by)
                    on conflict do nothing""".formatted(type.column()))
                    .param("company", e.companyId()).param("type", type.recordType()).param("record", e.recordId())
                    .param("erpId", ref.erpId()).param("key", ref.key()).param("ext", ref.externalRef())
                    .param("payload", e.payload()).param("sha", e.payloadSha256()).param("by", e.acceptedBy())
                    .update();
            Completion done = Completion.SYNCED;
            if (inserted == 0) {
                Optional<LinkRow> mine = link(type, e.recordId(), false);
                if (mine.isEmpty()) {
                    return Completion.ERP_RECORD_TAKEN; // the ERP record is linked to another of our records
                }
                done = Completion.ALREADY_LINKED;
            }
            SyncState after = SyncState.Action.SUCCEED.apply(e.state(), type.noun());
            jdbc.sql("""
                    update erp_export set state = :state, synced_at = now(), synced_by = accepted_by, last_error = null,
                           failure_kind = null, next_attempt_at = null, leftover_key = null, leftover_status = null,
                           attempts = attempts + 1, updated_at = now(), version = version + 1
                    where id = :id""").param("state", after.value()).param("id", e.id()).update();
            Map<String, Object> state = map("state", after.value(), "erp_key", ref.key(), "erp_id",
                    ref.erpId() == null ? null : ref.erpId().toString(), "external_ref", ref.externalRef(),
                    "payload_sha256", e.payloadSha256(), "accepted_by", e.acceptedBy());
            audited(e.companyId(), null, "export.synced", type.recordType(), e.recordId(),
                    "Exported to " + erp + " as " + noun + " " + ref.key() + " and linked; " + erp
                            + " holds exactly what was exported", Map.of("state", e.state().value()), state);
            if (inserted > 0) {
                audited(e.companyId(), null, "link.created", type.recordType(), e.recordId(),
                        "Linked to " + ref.key(), null, state);
            }
            return done;
        });
    }

    // ---- leftovers ---------------------------------------------------------------------------------------------

    public List<Leftover> openLeftovers(RecordType<?> type, long recordId) {
        return jdbc.sql("""
                select id, company_id, record_type, record_id, external_ref, erp_key, erp_status, note
                from erp_leftover where record_type = :type and record_id = :id and resolved_at is null order by id""")
                .param("type", type.recordType()).param("id", recordId).query(SyncRecords::leftover).list();
    }

    public List<Leftover> openLeftovers(long companyId) {
        return jdbc.sql("""
                select id, company_id, record_type, record_id, external_ref, erp_key, erp_status, note
                from erp_leftover where company_id = :c and resolved_at is null order by id""")
                .param("c", companyId).query(SyncRecords::leftover).list();
    }

    private static Leftover leftover(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Leftover(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8));
    }

    /** The leftover was looked up: nothing of ours is left under its key (removed, or gone meanwhile). */
    public void resolveLeftover(long id, String resolution) {
        jdbc.sql("update erp_leftover set resolved_at = now(), resolution = :r where id = :id and resolved_at is null")
                .param("r", clip300(resolution)).param("id", id).update();
    }

    /** The leftover is still there and needs a person (e.g. released with other content). */
    public void leftoverNeedsAPerson(long id, String erpKey, String erpStatus, String note) {
        jdbc.sql("update erp_leftover set erp_key = :k, erp_status = :s, note = :n where id = :id")
                .param("k", erpKey).param("s", erpStatus).param("n", note == null ? null
                        : note.length() > 1000 ? note.substring(0, 1000) : note).param("id", id).update();
    }

    // ---- reconciliation -----------------------------------------------------------------------------------------

    /** A linked record as reconciliation checks it. */
    public record Linked(RecordType<?> type, LinkRow link) {
    }

    /**
     * The company's linked records of one type after link id {@code afterId}, oldest first, at most {@code limit} —
     * a page of reconciliation's walk (keyset paging: 100,000 links with their payloads never sit in memory at once).
     */
    public List<Linked> linked(long companyId, RecordType<?> type, long afterId, int limit) {
        return jdbc.sql("""
                select id, company_id, record_type, %1$s as record_id, erp_key, erp_id, external_ref,
                       payload::text as payload, payload_sha256, erp_status, erp_checked_at,
                       erp_differences::text as differences, linked_at, linked_by
                from erp_link where company_id = :c and record_type = :t and id > :after
                order by id limit :limit""".formatted(type.column()))
                .param("c", companyId).param("t", type.recordType()).param("after", afterId).param("limit", limit)
                .query((rs, n) -> new Linked(type, linkRow(rs))).list();
    }

    /**
     * The company's links of this type whose ERP key or external ref is one of {@code keys} (the records an ERP push
     * notification names), at most 1,000.
     */
    public List<Linked> linkedByKeys(long companyId, RecordType<?> type, java.util.Collection<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                select id, company_id, record_type, %1$s as record_id, erp_key, erp_id, external_ref,
                       payload::text as payload, payload_sha256, erp_status, erp_checked_at,
                       erp_differences::text as differences, linked_at, linked_by
                from erp_link where company_id = :c and record_type = :t
                  and (erp_key in (:keys) or external_ref in (:keys))
                order by id limit 1000""".formatted(type.column()))
                .param("c", companyId).param("t", type.recordType()).param("keys", List.copyOf(keys))
                .query((rs, n) -> new Linked(type, linkRow(rs))).list();
    }

    /** How many records of these types the company has linked (reconciliation's progress total). */
    public int countLinked(long companyId, List<RecordType<?>> types) {
        return jdbc.sql("select count(*) from erp_link where company_id = :c and record_type in (:t)")
                .param("c", companyId).param("t", types.stream().map(RecordType::recordType).toList())
                .query(Integer.class).single();
    }

    /**
     * Writes what the ERP holds now on the link (unless it was unlinked or replaced meanwhile): its status and, when
     * changed, the differences. Returns whether the status changed.
     */
    public boolean recordFinding(LinkRow link, ErpFinding finding) {
        ErpStatus status = ErpStatus.of(finding.presence());
        String differences = finding.differences().isEmpty() ? null
                : json.writeValueAsString(finding.differences());
        return tx.execute(s -> {
            int n = jdbc.sql("""
                    update erp_link set erp_status = :status, erp_differences = cast(:diff as jsonb),
                           erp_checked_at = now()
                    where id = :id and erp_key = :key""")
                    .param("status", status.value()).param("diff", differences).param("id", link.id())
                    .param("key", link.erpKey()).update();
            boolean changed = n > 0 && status != link.erpStatus();
            if (changed && (status == ErpStatus.CHANGED || status == ErpStatus.GONE)) {
                audited(link.companyId(), null, "erp.status_changed", link.recordType(), link.recordId(),
                        status == ErpStatus.CHANGED ? "Changed in the ERP: " + differencesText(finding.differences())
                                : "Gone from the ERP (" + link.erpKey() + ")",
                        Map.of("erp_status", link.erpStatus().value()),
                        map("erp_status", status.value(), "differences", finding.differences().stream()
                                .map(Difference::toString).toList()));
            }
            return changed;
        });
    }

    public static String differencesText(List<Difference> differences) {
        return String.join("; ", differences.stream().map(Difference::toString).toList());
    }

    /** The differences stored on a link, as data. */
    public List<Difference> differences(LinkRow link) {
        if (link.differences() == null) {
            return List.of();
        }
        return List.of(json.readValue(link.differences(), Difference[].class));
    }

    // ---- counts ---------------------------------------------------------------------------------------------

    /** Records per export state, all companies (metrics). */
    public Map<String, Long> countByState() {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql("select state, count(*) from erp_export group by state")
                .query(rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }

    /** Synced records whose ERP twin changed since it was exported, all companies (metrics). */
    public long countChanged() {
        return jdbc.sql("select count(*) from erp_link where erp_status = 'changed'").query(Long.class).single();
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static String clip(String s) {
        return s == null ? null : s.length() > 4000 ? s.substring(0, 4000) : s;
    }

    private static String clip300(String s) {
        return s == null ? null : s.length() > 300 ? s.substring(0, 300) : s;
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
