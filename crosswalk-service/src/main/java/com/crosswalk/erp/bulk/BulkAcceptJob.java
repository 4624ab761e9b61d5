package com.crosswalk.erp.bulk;

import com.crosswalk.jobs.JobHandler;
import com.crosswalk.jobs.JobRun;
import org.springframework.stereotype.Component;

/** The {@code bulk_accept} job ({@link BulkWorkflow}). */
@Component
class BulkAcceptJob implements JobHandler {

    private final BulkWorkflow bulk;

    BulkAcceptJob(BulkWorkflow bulk) {
        this.bulk = bulk;
    }

    @Override
    public String kind() {
        return BulkWorkflow.ACCEPT;
    }

    @Override
    public String run(JobRun run) {
        return bulk.run(run, true);
    }
}
