package com.crosswalk.erp.reference;

import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.jobs.JobHandler;
import com.crosswalk.jobs.JobRun;
import java.util.Map;
import org.springframework.stereotype.Component;

/** "Import cost codes from {ERP}" as a job ({@link References#importCostCodes}). */
@Component
class CostCodeImportJob implements JobHandler {

    private final References references;
    private final ErpConnectors connectors;

    CostCodeImportJob(References references, ErpConnectors connectors) {
        this.references = references;
        this.connectors = connectors;
    }

    @Override
    public String kind() {
        return References.IMPORT_KIND;
    }

    @Override
    public String run(JobRun run) {
        run.total(1);
        Map<String, Object> r = references.importCostCodes(run.user(), run.companyId());
        run.progress(1);
        String erp = connectors.displayName(run.companyId());
        return "Imported cost codes from " + erp + ": " + r.get("in_erp") + " in " + erp + ", " + r.get("matched")
                + " matched, " + r.get("added") + " added, " + r.get("no_longer_in_erp") + " no longer in " + erp
                + ".";
    }
}
