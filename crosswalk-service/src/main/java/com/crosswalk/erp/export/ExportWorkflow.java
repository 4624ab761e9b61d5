package com.crosswalk.erp.export;

import com.crosswalk.directory.PermissionLevel;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.erp.sync.CanonicalJson;
import com.crosswalk.erp.sync.RecordType;
import com.crosswalk.erp.sync.SyncRecords;
import com.crosswalk.erp.sync.SyncRecords.ExportRow;
import com.crosswalk.erp.sync.SyncState;
import com.crosswalk.shared.BadRequestException;
import com.crosswalk.shared.ConflictException;
import com.crosswalk.shared.ForbiddenException;
import com.crosswalk.shared.NotFoundException;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The export workflow of every record type: Send to ERP → Ready to Export → (Retrieve | Accept → Exporting → Synced |
 * Failed → Retry | Reject). Who may do what is checked first, then the record's state through {@link SyncState};
 * every change is written and audited by {@link SyncRecords}, in one transaction with the queueing of the background
 * export (db-scheduler on a transaction-aware DataSource).
 */
@Service
public class ExportWorkflow {

    private final JdbcClient jdbc;
    private final Permissions permissions;
    private final SyncRecords sync;
    private final ErpConnectors connectors;
    private final Scheduler scheduler;
    private final CustomTask<Void> task;
    private final ExportMetrics metrics;

    private final com.crosswalk.directory.DirectoryService directory;

    ExportWorkflow(JdbcClient jdbc, Permissions permissions, SyncRecords sync, ErpConnectors connectors,
            Scheduler scheduler, CustomTask<Void> erpExportTask, ExportMetrics metrics,
            com.crosswalk.directory.DirectoryService directory) {
        this.directory = directory;
        this.jdbc = jdbc;
        this.permissions = permissions;
        this.sync = sync;
        this.connectors = connectors;
        this.scheduler = scheduler;
        this.task = erpExportTask;
        this.metrics = metrics;
    }

    /** Where the record stands after an action; {@code exportId} is the background task's id after Accept/Retry. */
    public record Result(String state, String exportId, String message) {
    }

    /**
     * Send to ERP, from the project (Commitments Admin). The record's own row is locked first, so a change of its
     * status racing the send (Set back to Draft) waits, and whichever comes second sees the other's result. Refused
     * (409) naming each unmet prerequisite, also as data ({@link ConflictException#problems()}).
     */
    @Transactional
    public Result send(SignedInUser user, long projectId, RecordType<?> type, long id) {
        permissions.requireCommitments(user, projectId, PermissionLevel.ADMIN);
        RecordType.RecordInfo rec = lockRecord(type, id);
        if (rec.projectId() != projectId) {
            throw new NotFoundException(cap(type.noun()) + " " + id + " not found in this project");
        }
        String erp = connectors.displayName(rec.companyId());
        Optional<ExportRow> existing = sync.export(type, id, true);
        boolean linked = sync.link(type, id, false).isPresent();
        List<String> problems = new ArrayList<>();
        SyncState state = linked ? SyncState.SYNCED : existing.map(ExportRow::state).orElse(SyncState.NOT_SENT);
        String stateProblem = SyncState.sendProblem(state, erp);
        if (stateProblem != null) {
            problems.add(stateProblem);
        }
        RecordType.Prepared<?> prepared = type.prepare(id, "", today(rec.companyId()), erp);
        problems.addAll(prepared.problems().stream()
                .filter(p -> !(linked && p.startsWith("it is already linked"))).toList());
        if (!problems.isEmpty()) {
            throw ConflictException.withProblems("This " + type.noun() + " cannot be sent to " + erp + ": "
                    + String.join("; ", problems) + ".", problems);
        }
        sync.send(type, rec, existing, user, erp);
        return new Result(SyncState.READY_TO_EXPORT.value(), null,
                "Sent to ERP. It waits for an accounting approver in Ready to Export.");
    }

    /** Retrieve from ERP: the sender takes it back before an accounting approver accepted or rejected it. */
    @Transactional
    public Result retrieve(SignedInUser user, long companyId, RecordType<?> type, long id) {
        // permissions before the record's state: a Read Only user hears 403, not "not sent"
        permissions.requireCompany(user, companyId);
        RecordType.RecordInfo rec = recordOfCompany(type, id, companyId);
        permissions.requireCommitments(user, rec.projectId(), PermissionLevel.ADMIN);
        ExportRow e = exportOrConflict(type, id);
        if (e.sentBy() == null || e.sentBy() != user.id()) {
            throw new ForbiddenException("Only the person who sent this " + type.noun() + " to the ERP can retrieve it");
        }
        sync.retrieve(type, e, user);
        return new Result(SyncState.RETRIEVED.value(), null, "Retrieved. The " + type.noun() + " is editable again.");
    }

    /**
     * Accept (accounting approver): the payload is built and fixed now — every attempt exports exactly it, and
     * Synced later means the ERP holds exactly it — then Exporting, with the background export queued in this same
     * transaction. Refused, naming what is missing, if the record can no longer be exported as it is.
     */
    @Transactional
    public Result accept(SignedInUser user, long companyId, RecordType<?> type, long id) {
        permissions.requireAccountingApprover(user, companyId);
        recordOfCompany(type, id, companyId);
        ExportRow e = exportOrConflict(type, id);
        SyncState.Action.ACCEPT.apply(e.state(), type.noun());
        String erp = connectors.displayName(companyId);
        RecordType.Prepared<?> prepared = type.prepare(id, e.externalRef(), today(companyId), erp);
        if (!prepared.ready()) {
            throw ConflictException.withProblems("This " + type.noun() + " cannot be exported to " + erp + " as it is: "
                    + String.join("; ", prepared.problems()) + ". Reject it so it can be corrected.",
                    prepared.problems());
        }
        String json = CanonicalJson.write(prepared.payload());
        String instance = sync.accept(type, e, user, json, CanonicalJson.sha256(json), "Accepted for export to " + erp);
        queue(type, instance);
        return new Result(SyncState.EXPORTING.value(), instance, "Accepted. The export to " + erp
                + " runs in the background.");
    }

    /** Retry a failed export as it is (accounting approver): same payload, same key. */
    @Transactional
    public Result retry(SignedInUser user, long companyId, RecordType<?> type, long id) {
        permissions.requireAccountingApprover(user, companyId);
        recordOfCompany(type, id, companyId);
        ExportRow e = exportOrConflict(type, id);
        String json = null;
        if (e.payload() == null && e.state() == SyncState.FAILED) { // failed before payloads were kept: fix it now
            String erp = connectors.displayName(companyId);
            RecordType.Prepared<?> prepared = type.prepare(id, e.externalRef(), today(companyId), erp);
            if (!prepared.ready()) {
                throw ConflictException.withProblems("This " + type.noun() + " cannot be exported to " + erp
                        + " as it is: " + String.join("; ", prepared.problems()) + ". Reject it so it can be corrected.",
                        prepared.problems());
            }
            json = CanonicalJson.write(prepared.payload());
        }
        String instance = sync.retry(type, e, user, json, json == null ? null : CanonicalJson.sha256(json));
        queue(type, instance);
        return new Result(SyncState.EXPORTING.value(), instance, "Export retried.");
    }

    /**
     * Reject with a reason (accounting approver): back to the project, editable, can be sent again as a new
     * generation. From Exporting only while no attempt runs — between retries, e.g. when the ERP keeps refusing the
     * sign-in — so a person need not wait for the retries to run out.
     */
    @Transactional
    public Result reject(SignedInUser user, long companyId, RecordType<?> type, long id, String reason) {
        permissions.requireAccountingApprover(user, companyId);
        if (reason == null || reason.isBlank()) {
            throw new BadRequestException("A reason is required to reject");
        }
        if (reason.length() > 1000) {
            throw new BadRequestException("The reason must be at most 1000 characters");
        }
        recordOfCompany(type, id, companyId);
        ExportRow e = exportOrConflict(type, id);
        SyncState.Action.REJECT.apply(e.state(), type.noun());
        if (e.state() == SyncState.EXPORTING) {
            stopWaitingExport(type, e);
        }
        sync.reject(type, e, user, reason.trim());
        return new Result(SyncState.REJECTED.value(), null, "Rejected. The " + type.noun() + " is back in the project.");
    }

    /** Cancels an Exporting record's queued retry; refused while an attempt runs (it may be writing to the ERP). */
    private void stopWaitingExport(RecordType<?> type, ExportRow e) {
        if (e.attempts() == 0 && e.failureKind() == null) {
            throw new ConflictException("This " + type.noun() + " is being exported right now. It can be rejected once "
                    + "an attempt has failed.");
        }
        TaskInstanceId id = TaskInstanceId.of(ExportScheduler.TASK_NAME, e.jobInstanceId());
        var execution = scheduler.getScheduledExecution(id);
        if (execution.isPresent()) {
            if (execution.get().isPicked()) {
                throw new ConflictException("An export attempt of this " + type.noun() + " is running right now. "
                        + "Try again in a moment.");
            }
            try {
                scheduler.cancel(id);
            } catch (RuntimeException picked) {
                throw new ConflictException("An export attempt of this " + type.noun() + " just started. "
                        + "Try again in a moment.");
            }
        }
    }

    private void queue(RecordType<?> type, String instance) {
        scheduler.schedule(task.instance(instance), Instant.now(), SchedulerClient.ScheduleOptions.WHEN_EXISTS_DO_NOTHING);
        metrics.queued(type);
        // db-scheduler's immediate execution looks for the new row at once, inside this transaction, where other
        // connections can not see it yet; look again once it is committed instead of waiting for the next poll
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    scheduler.triggerCheckForDueExecutions();
                }
            });
        }
    }

    /** "Today" where the company is: the ERP date of a record exported without one. */
    private LocalDate today(long companyId) {
        return LocalDate.now(directory.zone(companyId));
    }

    /** The record, its row locked (a racing change of the record waits for this transaction). */
    private RecordType.RecordInfo lockRecord(RecordType<?> type, long id) {
        jdbc.sql("select id from " + type.table() + " where id = :id for update").param("id", id).query(Long.class)
                .optional().orElseThrow(() -> new NotFoundException(cap(type.noun()) + " " + id + " not found"));
        return type.info(id).orElseThrow(() -> new NotFoundException(cap(type.noun()) + " " + id + " not found"));
    }

    private RecordType.RecordInfo recordOfCompany(RecordType<?> type, long id, long companyId) {
        RecordType.RecordInfo rec = type.info(id)
                .orElseThrow(() -> new NotFoundException(cap(type.noun()) + " " + id + " not found"));
        if (rec.companyId() != companyId) {
            throw new NotFoundException(cap(type.noun()) + " " + id + " not found");
        }
        return rec;
    }

    private ExportRow exportOrConflict(RecordType<?> type, long id) {
        return sync.export(type, id, true).orElseThrow(() -> new ConflictException("This " + type.noun()
                + " has not been sent to the ERP"));
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
