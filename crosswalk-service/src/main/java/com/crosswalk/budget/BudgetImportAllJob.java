package com.crosswalk.budget;

import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.jobs.JobHandler;
import com.crosswalk.jobs.JobItem;
import com.crosswalk.jobs.JobRun;
import com.crosswalk.shared.CrosswalkException;
import org.springframework.stereotype.Component;

/** The scheduled import: every project of the company linked to the ERP, one after the other (one result each). */
@Component
class BudgetImportAllJob implements JobHandler {

    private final BudgetImports imports;
    private final ErpConnectors connectors;

    BudgetImportAllJob(BudgetImports imports, ErpConnectors connectors) {
        this.imports = imports;
        this.connectors = connectors;
    }

    @Override
    public String kind() {
        return BudgetImports.ALL_KIND;
    }

    @Override
    public String run(JobRun run) {
        var projects = imports.linkedProjects(run.companyId());
        run.total(projects.size());
        String erp = connectors.displayName(run.companyId());
        int changes = 0;
        int failed = 0;
        for (long p : projects) {
            if (run.handled(p)) {
                continue;
            }
            try {
                BudgetImports.Outcome o = imports.importProject(run.companyId(), p, run.requester(), run.jobId());
                changes += o.changes();
                run.result(new JobItem(p, "project " + o.projectNumber(), true, 200, BudgetImportJob.summary(o, erp)));
            } catch (CrosswalkException e) {
                failed++;
                run.result(new JobItem(p, "project " + p, false, e.httpStatus(), e.getMessage()));
            }
        }
        return "Imported the budgets of " + (projects.size() - failed) + " of " + projects.size() + " projects from " + erp + "; "
                + changes + (changes == 1 ? " change." : " changes.");
    }
}
