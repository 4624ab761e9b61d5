package com.crosswalk.erp.reference;

import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.jobs.JobHandler;
import com.crosswalk.jobs.JobItem;
import com.crosswalk.jobs.JobRun;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Link a vendor or project to an existing ERP record, as a job ({@link References#link}). */
@Component
class ReferenceLinkJob implements JobHandler {

    private final References references;
    private final ErpConnectors connectors;

    ReferenceLinkJob(References references, ErpConnectors connectors) {
        this.references = references;
        this.connectors = connectors;
    }

    @Override
    public String kind() {
        return References.LINK_KIND;
    }

    @Override
    public String run(JobRun run) {
        References.LinkInput in = run.input(References.LinkInput.class);
        run.total(1);
        Map<String, Object> linked = references.link(run.user(), run.companyId(), in.ref(), in.id(), in.erpKey());
        String message = "Linked to " + connectors.displayName(run.companyId()) + " as " + linked.get("erp_key");
        run.result(new JobItem(in.id(), String.valueOf(linked.get("name")), true, 200, message));
        return message;
    }
}
