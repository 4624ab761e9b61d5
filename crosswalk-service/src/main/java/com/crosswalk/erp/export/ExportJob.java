package com.crosswalk.erp.export;

import com.crosswalk.audit.AuditLog;
import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.erp.connector.ChangeOrderExport;
import com.crosswalk.erp.connector.CommitmentExport;
import com.crosswalk.erp.connector.ErpConnector;
import com.crosswalk.erp.connector.ErpRecordRef;
import com.crosswalk.erp.connector.ErpRejectedException;
import com.crosswalk.shared.ErpUnavailableException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The background export of one commitment or CCO (a db-scheduler one-time task; instance id
 * {@code <cco|commitment>-<record id>-g<generation>-v<erp_export.version at accept>}).
 *
 * <p>Exactly one ERP record per record: the job runs only while erp_export is {@code exporting} with this very
 * instance id; the connector is idempotent by our key (ExternalRefNbr), so a re-run after a crash adopts what the
 * earlier run saved; the link and the state {@code synced} are written in one transaction that first locks the
 * erp_export row and re-checks it, and the link's unique constraints make a second link impossible (handled as
 * "already synced").
 */
@Component
class ExportJob {

    private static final Logger log = LoggerFactory.getLogger(ExportJob.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ErpConnectors connectors;
    private final ExportPayloads payloads;
    private final AuditLog audit;
    private final ExportMetrics metrics;
    private final ObjectProvider<ExportHook> hooks;

    ExportJob(JdbcClient jdbc, TransactionTemplate tx, ErpConnectors connectors, ExportPayloads payloads,
            AuditLog audit, ExportMetrics metrics, ObjectProvider<ExportHook> hooks) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.connectors = connectors;
        this.payloads = payloads;
        this.audit = audit;
        this.metrics = metrics;
        this.hooks = hooks;
    }

    record Instance(Kind kind, long recordId, int generation) {
    }

    static String instanceId(Kind kind, long recordId, int generation, int version) {
        return kind.instancePrefix + "-" + recordId + "-g" + generation + "-v" + version;
    }

    static Instance parse(String instanceId) {
        String[] p = instanceId.split("-");
        return new Instance(Kind.ofPrefix(p[0]), Long.parseLong(p[1]), Integer.parseInt(p[2].substring(1)));
    }

    record Export(long id, long companyId, String state, int generation, String externalRef, String jobInstanceId,
            Long acceptedBy, OffsetDateTime acceptedAt, int attempts) {
    }

    Optional<Export> export(Kind kind, long recordId, boolean lock) {
        return jdbc.sql("select id, company_id, state, generation, external_ref, job_instance_id, accepted_by, "
                        + "accepted_at, attempts from erp_export where " + kind.column + " = :id"
                        + (lock ? " for update" : ""))
                .param("id", recordId)
                .query((rs, n) -> new Export(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4),
                        rs.getString(5), rs.getString(6), (Long) rs.getObject(7),
                        rs.getObject(8, OffsetDateTime.class), rs.getInt(9)))
                .optional();
    }

    private boolean current(Export e, String instanceId) {
        return "exporting".equals(e.state()) && instanceId.equals(e.jobInstanceId());
    }

    /** Runs one export. Throws when the ERP could not be reached, so db-scheduler retries later. */
    void run(String instanceId) {
        Instance in = parse(instanceId);
        Kind kind = in.kind();
        Optional<Export> found = export(kind, in.recordId(), false);
        if (found.isEmpty() || !current(found.get(), instanceId)) {
            log.info("Export {} is no longer due (state {}); nothing to do", instanceId,
                    found.map(Export::state).orElse("none"));
            return;
        }
        Export e = found.get();
        metrics.running().incrementAndGet();
        try {
            String erpName = connectors.displayName(e.companyId());
            ExportPayloads.Prepared prepared = payloads.prepare(kind, in.recordId(), e.externalRef(), erpName);
            if (!prepared.problems().isEmpty()) {
                fail(kind, in.recordId(), instanceId, "Cannot export: " + String.join("; ", prepared.problems()));
                return;
            }
            ErpRecordRef ref;
            try {
                ErpConnector connector = connectors.forCompany(e.companyId());
                ref = kind == Kind.CCO ? connector.exportChangeOrder((ChangeOrderExport) prepared.payload())
                        : connector.exportCommitment((CommitmentExport) prepared.payload());
            } catch (ErpRejectedException rejected) {
                fail(kind, in.recordId(), instanceId, rejected.getMessage());
                return;
            } catch (RuntimeException unavailable) {
                attemptFailed(kind, in.recordId(), instanceId, unavailable);
                throw unavailable;
            }
            try {
                ExportHook hook = hooks.getIfAvailable();
                if (hook != null) {
                    hook.afterErpWrite(instanceId);
                }
                complete(kind, in.recordId(), instanceId, ref, prepared.payloadSha256());
            } catch (RuntimeException afterWrite) {
                // the ERP has the record; the retry adopts it by our key
                attemptFailed(kind, in.recordId(), instanceId, afterWrite);
                throw afterWrite;
            }
        } finally {
            metrics.running().decrementAndGet();
        }
    }

    /** Link + synced + audit, in one transaction, only if this execution is still the current one. */
    private void complete(Kind kind, long recordId, String instanceId, ErpRecordRef ref, String sha) {
        tx.executeWithoutResult(status -> {
            Export e = export(kind, recordId, true).orElse(null);
            if (e == null || !current(e, instanceId)) {
                log.info("Export {} finished in the ERP as {}, but the record moved on (state {}); not linking",
                        instanceId, ref.key(), e == null ? "none" : e.state());
                return;
            }
            int inserted = jdbc.sql("""
                    insert into erp_link (company_id, record_type, %s, erp_id, erp_key, external_ref, payload_sha256,
                                          linked_by)
                    values (:company, :type, :record, :erpId, :key, :ext, :sha, :by)
                    on conflict do nothing""".formatted(kind.column))
                    .param("company", e.companyId()).param("type", kind.recordType).param("record", recordId)
                    .param("erpId", ref.erpId()).param("key", ref.key()).param("ext", e.externalRef())
                    .param("sha", sha).param("by", e.acceptedBy())
                    .update();
            if (inserted == 0) {
                List<String> existing = jdbc.sql("select erp_key from erp_link where " + kind.column + " = :id")
                        .param("id", recordId).query(String.class).list();
                if (existing.isEmpty()) {
                    // the ERP record is linked to another of our records: a person must look at it
                    String msg = "The " + connectors.displayName(e.companyId()) + " record " + ref.key()
                            + " is already linked to another " + kind.noun + "; this " + kind.noun
                            + " was not linked";
                    markFailed(e, kind, recordId, msg);
                    return;
                }
                log.info("Export {}: {} is already linked ({}); treating as already synced", instanceId, kind.noun,
                        existing.get(0));
            }
            jdbc.sql("""
                    update erp_export set state = 'synced', synced_at = now(), synced_by = accepted_by,
                           last_error = null, attempts = attempts + 1, updated_at = now(), version = version + 1
                    where id = :id""").param("id", e.id()).update();
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("state", "synced");
            after.put("erp_key", ref.key());
            after.put("erp_id", ref.erpId() == null ? null : ref.erpId().toString());
            after.put("external_ref", e.externalRef());
            after.put("payload_sha256", sha);
            after.put("accepted_by", e.acceptedBy());
            audit.record(e.companyId(), null, "export.synced", kind.recordType, recordId,
                    "Exported to " + connectors.displayName(e.companyId()) + " as " + ref.key() + " and linked",
                    Map.of("state", "exporting"), after);
            if (inserted > 0) {
                audit.record(e.companyId(), null, "link.created", kind.recordType, recordId,
                        "Linked to " + ref.key(), null, after);
            }
            metrics.synced(kind, e.acceptedAt() == null ? null
                    : Duration.between(e.acceptedAt(), OffsetDateTime.now()));
        });
    }

    /** The ERP refused the data: failed, with its message; a person retries or rejects. */
    private void fail(Kind kind, long recordId, String instanceId, String message) {
        tx.executeWithoutResult(status -> {
            Export e = export(kind, recordId, true).orElse(null);
            if (e != null && current(e, instanceId)) {
                markFailed(e, kind, recordId, message);
            }
        });
    }

    private void markFailed(Export e, Kind kind, long recordId, String message) {
        String msg = message == null ? "Unknown error" : message.length() > 4000 ? message.substring(0, 4000) : message;
        jdbc.sql("""
                update erp_export set state = 'failed', last_error = :msg, attempts = attempts + 1, updated_at = now(),
                       version = version + 1
                where id = :id""").param("msg", msg).param("id", e.id()).update();
        audit.record(e.companyId(), null, "export.failed", kind.recordType, recordId, msg,
                Map.of("state", e.state()), Map.of("state", "failed", "last_error", msg));
        metrics.failed(kind);
    }

    /** One attempt failed (ERP unreachable, unexpected error); db-scheduler will retry. */
    private void attemptFailed(Kind kind, long recordId, String instanceId, RuntimeException cause) {
        metrics.attemptFailed(kind);
        log.warn("Export {} failed, will retry: {}", instanceId, cause.toString());
        try {
            jdbc.sql("""
                    update erp_export set attempts = attempts + 1, last_error = :msg, updated_at = now()
                    where %s = :id and state = 'exporting' and job_instance_id = :instance""".formatted(kind.column))
                    .param("msg", clip(describe(cause))).param("id", recordId).param("instance", instanceId).update();
        } catch (RuntimeException e) {
            log.warn("Could not record the failed attempt of {}: {}", instanceId, e.toString());
        }
    }

    /** db-scheduler gave up after the last attempt: failed, "could not be reached". */
    void giveUp(String instanceId, Throwable cause) {
        Instance in = parse(instanceId);
        tx.executeWithoutResult(status -> {
            Export e = export(in.kind(), in.recordId(), true).orElse(null);
            if (e != null && current(e, instanceId)) {
                String name = connectors.displayName(e.companyId());
                String why = cause == null ? "no answer" : describe(cause);
                String msg = why.startsWith(name + " could not be reached") ? why
                        : name + " could not be reached: " + why;
                markFailed(e, in.kind(), in.recordId(), msg + " (gave up after " + (e.attempts()) + " attempts)");
            }
        });
    }

    private static String describe(Throwable t) {
        if (t instanceof ErpUnavailableException || t instanceof ErpRejectedException) {
            return t.getMessage();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static String clip(String s) {
        return s == null ? null : s.length() > 4000 ? s.substring(0, 4000) : s;
    }
}
