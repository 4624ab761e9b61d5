package com.crosswalk.budget;

import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.jobs.JobHandler;
import com.crosswalk.jobs.JobRun;
import org.springframework.stereotype.Component;

/** "Import budget from {ERP}" of one project, as a job ({@link BudgetImports#importProject}). */
@Component
class BudgetImportJob implements JobHandler {

    private final BudgetImports imports;
    private final ErpConnectors connectors;

    BudgetImportJob(BudgetImports imports, ErpConnectors connectors) {
        this.imports = imports;
        this.connectors = connectors;
    }

    @Override
    public String kind() {
        return BudgetImports.KIND;
    }

    @Override
    public String run(JobRun run) {
        run.total(1);
        long project = run.input(BudgetImports.Input.class).projectId();
        BudgetImports.Outcome o = imports.importProject(run.companyId(), project, run.requester(), run.jobId());
        run.progress(1);
        return summary(o, connectors.displayName(run.companyId()));
    }

    static String summary(BudgetImports.Outcome o, String erp) {
        return "Imported the budget of project " + o.projectNumber() + " from " + erp + ": " + o.lines() + " budget lines, "
                + o.transactions() + " costs; " + (o.first() ? "the first import."
                : (o.changes() == 0 ? "no change" : o.changes() + (o.changes() == 1 ? " change" : " changes")) + " since the last import.");
    }
}
