package com.crosswalk.erp.reference;

import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.jobs.JobHandler;
import com.crosswalk.jobs.JobItem;
import com.crosswalk.jobs.JobRun;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Create a vendor or project in the ERP and link it, as a job ({@link References#export}). */
@Component
class ReferenceExportJob implements JobHandler {

    private final References references;
    private final ErpConnectors connectors;

    ReferenceExportJob(References references, ErpConnectors connectors) {
        this.references = references;
        this.connectors = connectors;
    }

    @Override
    public String kind() {
        return References.EXPORT_KIND;
    }

    @Override
    public String run(JobRun run) {
        References.LinkInput in = run.input(References.LinkInput.class);
        run.total(1);
        Map<String, Object> linked = references.export(run.user(), run.companyId(), in.ref(), in.id(), in.erpKey());
        String message = "Exported to " + connectors.displayName(run.companyId()) + " as " + linked.get("erp_key");
        run.result(new JobItem(in.id(), String.valueOf(linked.get("name")), true, 200, message));
        return message;
    }
}
