package com.crosswalk.jobs;

import com.crosswalk.directory.SignedInUser;
import com.crosswalk.shared.ForbiddenException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.databind.json.JsonMapper;

/**
 * One run of a job, handed to its {@link JobHandler}: the job's company, who asked for it, its input, and the calls
 * that make its progress and per-record results visible while it runs. Each call is its own short statement: no
 * transaction is held while the handler waits for the ERP.
 */
public final class JobRun {

    private final JobStore store;
    private final Job job;
    private final String inputJson;
    private final JsonMapper json;
    private final Supplier<Optional<SignedInUser>> requester;
    private Set<Long> handled;

    JobRun(JobStore store, Job job, String inputJson, JsonMapper json, Supplier<Optional<SignedInUser>> requester) {
        this.store = store;
        this.job = job;
        this.inputJson = inputJson;
        this.json = json;
        this.requester = requester;
    }

    public long jobId() {
        return job.id();
    }

    public long companyId() {
        return job.companyId();
    }

    public String subject() {
        return job.subject();
    }

    /**
     * The user who started the job, as they are now (their permissions apply to what the job does); the job fails
     * with a refusal when that account is gone or deactivated. Empty for a job the service started itself (the
     * periodic reconciliation).
     */
    public Optional<SignedInUser> requester() {
        Optional<SignedInUser> user = requester.get();
        if (job.requestedBy() != null && (user.isEmpty() || !user.get().isEnabled())) {
            throw new ForbiddenException("The account that started this job is no longer active");
        }
        return user;
    }

    /** The requester, for kinds that are always started by a person. */
    public SignedInUser user() {
        return requester().orElseThrow(() -> new ForbiddenException("This job has no user to act as"));
    }

    /** The input given at start, as the handler's own record type. */
    public <T> T input(Class<T> type) {
        return json.readValue(inputJson == null ? "{}" : inputJson, type);
    }

    /** How many steps (records) the job has; the page's progress bar shows done of total. */
    public void total(int total) {
        store.total(job.id(), total);
    }

    /** Steps done so far (for kinds that do not report per-record results). */
    public void progress(int done) {
        store.progress(job.id(), done);
    }

    /** How many steps ended in an error (for kinds that do not report per-record results). */
    public void errors(int errors) {
        store.errors(job.id(), errors);
    }

    /** True when a result for this record was already written (by an earlier run of a revived job). */
    public boolean handled(long recordId) {
        if (handled == null) {
            handled = store.handled(job.id());
        }
        return handled.contains(recordId);
    }

    /** The per-record results written so far (by this run and any earlier run of a revived job). */
    public java.util.List<JobItem> results() {
        return store.items(job.id());
    }

    /** One record's result; counts one step done (and one error when not ok). */
    public void result(JobItem item) {
        store.item(job.id(), item);
        if (handled != null) {
            handled.add(item.recordId());
        }
    }
}
