package com.crosswalk.erp.bulk;

import com.crosswalk.jobs.JobHandler;
import com.crosswalk.jobs.JobRun;
import org.springframework.stereotype.Component;

/** The {@code bulk_retry} job ({@link BulkWorkflow}). */
@Component
class BulkRetryJob implements JobHandler {

    private final BulkWorkflow bulk;

    BulkRetryJob(BulkWorkflow bulk) {
        this.bulk = bulk;
    }

    @Override
    public String kind() {
        return BulkWorkflow.RETRY;
    }

    @Override
    public String run(JobRun run) {
        return bulk.run(run, false);
    }
}
