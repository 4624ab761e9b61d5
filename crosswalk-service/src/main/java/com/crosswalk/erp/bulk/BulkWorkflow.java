package com.crosswalk.erp.bulk;

import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.erp.export.ExportWorkflow;
import com.crosswalk.erp.sync.RecordType;
import com.crosswalk.erp.sync.RecordTypes;
import com.crosswalk.jobs.JobItem;
import com.crosswalk.jobs.JobRun;
import com.crosswalk.jobs.JobStart;
import com.crosswalk.jobs.Jobs;
import com.crosswalk.shared.BadRequestException;
import com.crosswalk.shared.CrosswalkException;
import com.crosswalk.shared.InternalErrors;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Bulk Accept and bulk Retry of the export workflow: the approver selects rows of Ready to Export (or Failed to
 * Export) and one job ({@code bulk_accept} / {@code bulk_retry}) calls {@link ExportWorkflow#accept} /
 * {@link ExportWorkflow#retry} for each, in its own transaction with its own checks, keeping one result per record:
 * green "Accepted …", or the refusal in red (e.g. "Only a CCO in Ready to Export can be accepted (it is
 * exporting)"). One record's refusal never affects another.
 */
@Service
public class BulkWorkflow {

    /** The most records one job may handle. */
    public static final int MAX = 1000;
    public static final String ACCEPT = "bulk_accept";
    public static final String RETRY = "bulk_retry";

    private static final Logger log = LoggerFactory.getLogger(BulkWorkflow.class);

    private final ExportWorkflow workflow;
    private final Permissions permissions;
    private final Jobs jobs;
    private final JdbcClient jdbc;
    private final RecordTypes types;

    BulkWorkflow(ExportWorkflow workflow, Permissions permissions, Jobs jobs, JdbcClient jdbc, RecordTypes types) {
        this.workflow = workflow;
        this.permissions = permissions;
        this.jobs = jobs;
        this.jdbc = jdbc;
        this.types = types;
    }

    /** What a bulk job acts on: records of one type ({@code record_type}, e.g. commitment_change_order), by id. */
    public record Input(String recordType, List<Long> ids) {
    }

    /** Starts accepting the records (accounting approver), or answers the bulk accept already running. */
    public JobStart startAccept(SignedInUser user, long companyId, RecordType<?> kind, List<Long> ids) {
        return start(user, companyId, ACCEPT, kind, ids);
    }

    /** Starts retrying the failed exports (accounting approver), or answers the bulk retry already running. */
    public JobStart startRetry(SignedInUser user, long companyId, RecordType<?> kind, List<Long> ids) {
        return start(user, companyId, RETRY, kind, ids);
    }

    private JobStart start(SignedInUser user, long companyId, String jobKind, RecordType<?> kind, List<Long> ids) {
        permissions.requireAccountingApprover(user, companyId);
        if (ids == null || ids.isEmpty()) {
            throw new BadRequestException("ids is required: the records to act on, at most " + MAX);
        }
        if (ids.size() > MAX) {
            throw new BadRequestException("At most " + MAX + " records at once (got " + ids.size() + ")");
        }
        if (ids.stream().anyMatch(Objects::isNull)) {
            throw new BadRequestException("ids must not contain null");
        }
        List<Long> distinct = ids.stream().distinct().toList();
        return jobs.start(user, companyId, jobKind, new Input(kind.recordType(), distinct));
    }

    /** The work of a bulk job: each record through the workflow, one result each. */
    String run(JobRun run, boolean accept) {
        SignedInUser user = run.user();
        Input in = run.input(Input.class);
        RecordType<?> kind = types.byRecordType(in.recordType());
        boolean cco = "commitment_change_order".equals(kind.recordType());
        run.total(in.ids().size());
        Map<Long, String> labels = labels(run.companyId(), cco, in.ids());
        for (long id : in.ids()) {
            if (run.handled(id)) {
                continue;
            }
            String label = labels.getOrDefault(id, (cco ? "CCO " : "Commitment ") + id);
            JobItem item;
            try {
                ExportWorkflow.Result r = accept ? workflow.accept(user, run.companyId(), kind, id)
                        : workflow.retry(user, run.companyId(), kind, id);
                item = new JobItem(id, label, true, 200, r.message());
            } catch (CrosswalkException e) {
                item = new JobItem(id, label, false, e.httpStatus(), e.getMessage());
            } catch (RuntimeException e) {
                item = new JobItem(id, label, false, 500, "Nothing was changed: "
                        + InternalErrors.logged(log, (accept ? "Bulk accept" : "Bulk retry") + " of " + label, e));
            }
            run.result(item);
        }
        long ok = run.results().stream().filter(JobItem::ok).count();
        int total = in.ids().size();
        String done = accept ? "accepted" : "retried";
        return ok + " of " + total + " " + done + (ok == total ? "; the exports run in the background."
                : "; " + (total - ok) + " refused (see each row).");
    }

    private Map<Long, String> labels(long companyId, boolean cco, List<Long> ids) {
        String sql = cco ? """
                select c.id, 'CCO ' || c.number || ' of ' || m.number from commitment_change_order c
                join commitment m on m.id = c.commitment_id where c.company_id = :c and c.id in (:ids)"""
                : "select id, 'Commitment ' || number from commitment where company_id = :c and id in (:ids)";
        Map<Long, String> out = new java.util.HashMap<>();
        jdbc.sql(sql).param("c", companyId).param("ids", ids).query(rs -> {
            out.put(rs.getLong(1), rs.getString(2));
        });
        return out;
    }
}
