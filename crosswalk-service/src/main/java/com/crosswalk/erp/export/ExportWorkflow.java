package com.crosswalk.erp.export;

import com.crosswalk.audit.AuditLog;
import com.crosswalk.directory.PermissionLevel;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.shared.BadRequestException;
import com.crosswalk.shared.ConflictException;
import com.crosswalk.shared.ForbiddenException;
import com.crosswalk.shared.NotFoundException;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The export workflow of commitments and CCOs: Send to ERP → Ready to Export → (Retrieve | Accept → Exporting →
 * Synced | Failed → Retry | Reject). Every change is audited in its own transaction; Accept and Retry queue the
 * background export in that same transaction (db-scheduler on a transaction-aware DataSource).
 */
@Service
public class ExportWorkflow {

    private final JdbcClient jdbc;
    private final Permissions permissions;
    private final AuditLog audit;
    private final ErpConnectors connectors;
    private final ExportPayloads payloads;
    private final ExportJob job;
    private final Scheduler scheduler;
    private final OneTimeTask<Void> task;
    private final ExportMetrics metrics;

    ExportWorkflow(JdbcClient jdbc, Permissions permissions, AuditLog audit, ErpConnectors connectors,
            ExportPayloads payloads, ExportJob job, Scheduler scheduler, OneTimeTask<Void> erpExportTask,
            ExportMetrics metrics) {
        this.jdbc = jdbc;
        this.permissions = permissions;
        this.audit = audit;
        this.connectors = connectors;
        this.payloads = payloads;
        this.job = job;
        this.scheduler = scheduler;
        this.task = erpExportTask;
        this.metrics = metrics;
    }

    /** Where the record stands after an action; {@code exportId} is the background task's id after Accept/Retry. */
    public record Result(String state, String exportId, String message) {
    }

    private record Rec(long companyId, long projectId) {
    }

    private Rec record(Kind kind, long id) {
        String sql = kind == Kind.CCO ? "select company_id, project_id from commitment_change_order where id = :id"
                : "select company_id, project_id from commitment where id = :id";
        return jdbc.sql(sql).param("id", id).query((rs, n) -> new Rec(rs.getLong(1), rs.getLong(2))).optional()
                .orElseThrow(() -> new NotFoundException(cap(kind.noun) + " " + id + " not found"));
    }

    /** Send to ERP, from the project (Commitments Admin). Refused (409) naming each unmet prerequisite. */
    @Transactional
    public Result send(SignedInUser user, long projectId, Kind kind, long id) {
        permissions.requireCommitments(user, projectId, PermissionLevel.ADMIN);
        Rec rec = record(kind, id);
        if (rec.projectId() != projectId) {
            throw new NotFoundException(cap(kind.noun) + " " + id + " not found in this project");
        }
        String erp = connectors.displayName(rec.companyId());
        var existing = job.export(kind, id, true);
        boolean linked = jdbc.sql("select exists(select 1 from erp_link where " + kind.column + " = :id)")
                .param("id", id).query(Boolean.class).single();
        ExportPayloads.Prepared prepared = payloads.prepare(kind, id, "", erp);
        List<String> problems = new java.util.ArrayList<>();
        if (linked) {
            problems.add("it is already synced with " + erp);
        } else if (existing.isPresent()) {
            switch (existing.get().state()) {
                case "ready_to_export" -> problems.add("it was already sent and is waiting in Ready to Export");
                case "exporting" -> problems.add("it is being exported to " + erp);
                case "synced" -> problems.add("it is already synced with " + erp);
                case "failed" -> problems.add("its export failed; an accounting approver must retry or reject it");
                default -> { }
            }
        }
        problems.addAll(prepared.problems().stream()
                .filter(p -> !(linked && p.startsWith("it is already linked"))).toList());
        if (!problems.isEmpty()) {
            throw new ConflictException("This " + kind.noun + " cannot be sent to " + erp + ": "
                    + String.join("; ", problems) + ".");
        }
        String before = existing.map(ExportJob.Export::state).orElse("not_sent");
        if (existing.isEmpty()) {
            jdbc.sql("""
                    insert into erp_export (company_id, record_type, %s, state, external_ref, generation, sent_by,
                                            sent_at)
                    values (:company, :type, :id, 'ready_to_export', :ref, 1, :user, now())""".formatted(kind.column))
                    .param("company", rec.companyId()).param("type", kind.recordType).param("id", id)
                    .param("ref", kind.externalRef(rec.companyId(), id, 1)).param("user", user.id())
                    .update();
        } else {
            jdbc.sql("""
                    update erp_export set state = 'ready_to_export', sent_by = :user, sent_at = now(),
                           accepted_by = null, accepted_at = null, rejection_reason = null, last_error = null,
                           attempts = 0, job_instance_id = null, updated_at = now(), version = version + 1
                    where id = :id""").param("user", user.id()).param("id", existing.get().id()).update();
        }
        audit.record(rec.companyId(), user, "export.sent", kind.recordType, id,
                "Sent to the ERP Integrations tool (" + erp + ")", Map.of("state", before),
                Map.of("state", "ready_to_export"));
        return new Result("ready_to_export", null, "Sent to ERP. It waits for an accounting approver in Ready to Export.");
    }

    /** Retrieve from ERP: the sender takes it back before an accounting approver accepted or rejected it. */
    @Transactional
    public Result retrieve(SignedInUser user, long companyId, Kind kind, long id) {
        // permissions before the record's state: a Read Only user hears 403, not "not sent" or "not in Ready to Export"
        permissions.requireCompany(user, companyId);
        Rec rec = recordOfCompany(kind, id, companyId);
        permissions.requireCommitments(user, rec.projectId(), PermissionLevel.ADMIN);
        ExportJob.Export e = exportOrNotFound(kind, id);
        Long sentBy = jdbc.sql("select sent_by from erp_export where id = :id").param("id", e.id())
                .query(Long.class).optional().orElse(null);
        if (sentBy == null || sentBy != user.id()) {
            throw new ForbiddenException("Only the person who sent this " + kind.noun + " to the ERP can retrieve it");
        }
        if (!"ready_to_export".equals(e.state())) {
            throw new ConflictException("Only a " + kind.noun + " waiting in Ready to Export can be retrieved (it is "
                    + e.state().replace('_', ' ') + ")");
        }
        transition(e, "retrieved", null);
        audit.record(companyId, user, "export.retrieved", kind.recordType, id, "Retrieved from the ERP Integrations tool",
                Map.of("state", e.state()), Map.of("state", "retrieved"));
        return new Result("retrieved", null, "Retrieved. The " + kind.noun + " is editable again.");
    }

    /** Accept (accounting approver): exporting, and the background export queued in this same transaction. */
    @Transactional
    public Result accept(SignedInUser user, long companyId, Kind kind, long id) {
        permissions.requireAccountingApprover(user, companyId);
        recordOfCompany(kind, id, companyId);
        ExportJob.Export e = exportOrNotFound(kind, id);
        if (!"ready_to_export".equals(e.state())) {
            throw new ConflictException("Only a " + kind.noun + " in Ready to Export can be accepted (it is "
                    + e.state().replace('_', ' ') + ")");
        }
        String instance = queue(e, kind, id, user, "accepted_by = :user, accepted_at = now(),");
        audit.record(companyId, user, "export.accepted", kind.recordType, id,
                "Accepted for export to " + connectors.displayName(companyId), Map.of("state", e.state()),
                Map.of("state", "exporting", "export_id", instance));
        return new Result("exporting", instance, "Accepted. The export to " + connectors.displayName(companyId)
                + " runs in the background.");
    }

    /** Retry a failed export (accounting approver). */
    @Transactional
    public Result retry(SignedInUser user, long companyId, Kind kind, long id) {
        permissions.requireAccountingApprover(user, companyId);
        recordOfCompany(kind, id, companyId);
        ExportJob.Export e = exportOrNotFound(kind, id);
        if (!"failed".equals(e.state())) {
            throw new ConflictException("Only a failed export can be retried (it is " + e.state().replace('_', ' ')
                    + ")");
        }
        String instance = queue(e, kind, id, user, "accepted_by = :user, accepted_at = now(), attempts = 0,");
        audit.record(companyId, user, "export.retried", kind.recordType, id,
                "Export retried", Map.of("state", "failed"), Map.of("state", "exporting", "export_id", instance));
        return new Result("exporting", instance, "Export retried.");
    }

    /** Reject with a reason (accounting approver): back to the project, editable, can be sent again. */
    @Transactional
    public Result reject(SignedInUser user, long companyId, Kind kind, long id, String reason) {
        permissions.requireAccountingApprover(user, companyId);
        if (reason == null || reason.isBlank()) {
            throw new BadRequestException("A reason is required to reject");
        }
        if (reason.length() > 1000) {
            throw new BadRequestException("The reason must be at most 1000 characters");
        }
        recordOfCompany(kind, id, companyId);
        ExportJob.Export e = exportOrNotFound(kind, id);
        if (!"ready_to_export".equals(e.state()) && !"failed".equals(e.state())) {
            throw new ConflictException("Only a " + kind.noun + " in Ready to Export or Failed to Export can be "
                    + "rejected (it is " + e.state().replace('_', ' ') + ")");
        }
        jdbc.sql("""
                update erp_export set state = 'rejected', rejection_reason = :reason, job_instance_id = null,
                       updated_at = now(), version = version + 1
                where id = :id""").param("reason", reason.trim()).param("id", e.id()).update();
        audit.record(companyId, user, "export.rejected", kind.recordType, id, "Rejected: " + reason.trim(),
                Map.of("state", e.state()), Map.of("state", "rejected", "rejection_reason", reason.trim()));
        return new Result("rejected", null, "Rejected. The " + kind.noun + " is back in the project.");
    }

    private String queue(ExportJob.Export e, Kind kind, long id, SignedInUser user, String set) {
        int version = jdbc.sql("select version from erp_export where id = :id").param("id", e.id())
                .query(Integer.class).single() + 1;
        String instance = ExportJob.instanceId(kind, id, e.generation(), version);
        jdbc.sql("update erp_export set state = 'exporting', " + set + """
                 job_instance_id = :instance, last_error = null, updated_at = now(), version = :version
                where id = :id""").param("user", user.id()).param("instance", instance).param("version", version)
                .param("id", e.id()).update();
        scheduler.schedule(task.instance(instance), Instant.now(), SchedulerClient.ScheduleOptions.WHEN_EXISTS_DO_NOTHING);
        metrics.queued(kind);
        return instance;
    }

    private void transition(ExportJob.Export e, String state, String error) {
        jdbc.sql("update erp_export set state = :state, last_error = :error, updated_at = now(), version = version + 1 "
                + "where id = :id").param("state", state).param("error", error).param("id", e.id()).update();
    }

    private Rec recordOfCompany(Kind kind, long id, long companyId) {
        Rec rec = record(kind, id);
        if (rec.companyId() != companyId) {
            throw new NotFoundException(cap(kind.noun) + " " + id + " not found");
        }
        return rec;
    }

    private ExportJob.Export exportOrNotFound(Kind kind, long id) {
        return job.export(kind, id, true).orElseThrow(() -> new ConflictException("This " + kind.noun
                + " has not been sent to the ERP"));
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
