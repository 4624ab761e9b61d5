package com.crosswalk.jobs;

import com.crosswalk.directory.PermissionLevel;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.shared.BadRequestException;
import com.crosswalk.shared.NotFoundException;
import com.github.kagkarlsson.scheduler.Scheduler;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Background jobs of a company: long ERP work (Check the ERP now, bulk unlink, cost-code import, vendor and project
 * link and export, bulk Accept and Retry) runs as a job on the service's one db-scheduler, never on a request
 * thread. A job shows its progress and, when done, its result and one result per record; it goes on when the person
 * leaves the page. Single flight per company, kind and subject: a second start answers the job already running.
 *
 * <p>Starting checks only that the user belongs to the company: the service that offers a kind checks the kind's own
 * permission before starting it (and the handler acts with the user's permissions as they are when it runs).
 * Reading a job needs ERP Integrations Read Only or higher.
 */
@Service
public class Jobs {

    private final JobStore store;
    private final JobLauncher launcher;
    private final JobRunner runner;
    private final Scheduler scheduler;
    private final Permissions permissions;

    Jobs(JobStore store, JobLauncher launcher, JobRunner runner, Scheduler scheduler, Permissions permissions) {
        this.store = store;
        this.launcher = launcher;
        this.runner = runner;
        this.scheduler = scheduler;
        this.permissions = permissions;
    }

    /** One page of the company's recent jobs, newest first. */
    public record Page(List<Job> jobs, long total, int page, int perPage) {
    }

    /** A job with its per-record results. */
    public record Detail(Job job, List<JobItem> results) {
    }

    /** Queues a job of {@code kind} for the company as {@code user} (or finds the one of that kind running). */
    public JobStart start(SignedInUser user, long companyId, String kind, String subject, Object input) {
        permissions.requireCompany(user, companyId);
        if (!runner.knows(kind)) {
            throw new IllegalArgumentException("No job handler of kind " + kind);
        }
        return launcher.launch(scheduler, companyId, kind, subject == null ? "" : subject, user.id(), input);
    }

    public JobStart start(SignedInUser user, long companyId, String kind, Object input) {
        return start(user, companyId, kind, "", input);
    }

    /**
     * Queues a job the service starts by itself (no user; e.g. the periodic reconciliation), or finds the one of
     * that kind running.
     */
    public JobStart startUnattended(long companyId, String kind) {
        if (!runner.knows(kind)) {
            throw new IllegalArgumentException("No job handler of kind " + kind);
        }
        return launcher.launch(scheduler, companyId, kind, "", null, null);
    }

    /** One of the company's jobs (ERP Integrations Read Only+). */
    public Job get(SignedInUser user, long companyId, long jobId) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.READ_ONLY);
        return store.find(jobId).filter(j -> j.companyId() == companyId)
                .orElseThrow(() -> new NotFoundException("Job " + jobId + " not found"));
    }

    public Detail detail(SignedInUser user, long companyId, long jobId) {
        Job job = get(user, companyId, jobId);
        return new Detail(job, store.items(jobId));
    }

    /** The company's recent jobs, optionally of one kind (ERP Integrations Read Only+). */
    public Page recent(SignedInUser user, long companyId, String kind, int page, int perPage) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.READ_ONLY);
        if (perPage < 1 || perPage > 100 || page < 1) {
            throw new BadRequestException("'per_page' must be between 1 and 100 and 'page' 1 or more");
        }
        if (kind != null && !kind.matches("[a-z_]{2,40}")) {
            throw new BadRequestException("'kind' is not a job kind");
        }
        return new Page(store.recent(companyId, kind, perPage, (long) (page - 1) * perPage),
                store.count(companyId, kind), page, perPage);
    }

    /** The latest job of each kind (what a page shows when opened: a running one goes on updating). */
    public List<Job> latest(SignedInUser user, long companyId, List<String> kinds) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.READ_ONLY);
        return store.latest(companyId, kinds);
    }
}
