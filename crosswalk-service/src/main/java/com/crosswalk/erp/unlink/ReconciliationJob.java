package com.crosswalk.erp.unlink;

import com.crosswalk.directory.PermissionLevel;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.jobs.JobHandler;
import com.crosswalk.jobs.JobRun;
import com.crosswalk.jobs.JobStart;
import com.crosswalk.jobs.Jobs;
import org.springframework.stereotype.Component;

/**
 * "Check {ERP} now" as a background job (kind {@value #KIND}): {@link Reconciliation} of one company, its progress
 * the records checked so far. One at a time per company: a second click while it runs answers the running job. The
 * periodic run ({@link PeriodicReconciliation}) queues the same job for every company.
 */
@Component
public class ReconciliationJob implements JobHandler {

    public static final String KIND = "reconcile";

    private final Reconciliation reconciliation;
    private final Jobs jobs;
    private final Permissions permissions;
    private final ErpConnectors connectors;

    ReconciliationJob(Reconciliation reconciliation, Jobs jobs, Permissions permissions, ErpConnectors connectors) {
        this.reconciliation = reconciliation;
        this.jobs = jobs;
        this.permissions = permissions;
        this.connectors = connectors;
    }

    /** Starts a check of every synced record of the company (ERP Integrations Standard+), or finds the running one. */
    public JobStart start(SignedInUser user, long companyId) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.STANDARD);
        return jobs.start(user, companyId, KIND, null);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String run(JobRun run) {
        long companyId = run.companyId();
        run.requester().ifPresent(user -> permissions.requireErpIntegrations(user, companyId, PermissionLevel.STANDARD));
        Reconciliation.Counts counts = reconciliation.reconcile(companyId, new Reconciliation.Progress() {
            @Override
            public void total(int total) {
                run.total(total);
            }

            @Override
            public void checked(int checked) {
                run.progress(checked);
            }
        });
        run.errors(counts.failed());
        return counts.sentence(connectors.displayName(companyId));
    }
}
