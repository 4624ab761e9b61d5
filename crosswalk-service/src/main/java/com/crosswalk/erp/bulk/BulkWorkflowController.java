package com.crosswalk.erp.bulk;

import com.crosswalk.directory.SignedInUser;
import com.crosswalk.erp.sync.RecordType;
import com.crosswalk.erp.sync.RecordTypes;
import com.crosswalk.jobs.JobBody;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST …/erp/{commitment_change_orders|commitments}/accept} and {@code …/retry} with {@code {"ids":[…]}}:
 * bulk Accept / Retry as a job (202, {@code Location}: the job with one result per id).
 */
@RestController
class BulkWorkflowController {

    private final BulkWorkflow bulk;
    private final RecordTypes types;

    BulkWorkflowController(BulkWorkflow bulk, RecordTypes types) {
        this.bulk = bulk;
        this.types = types;
    }

    record BulkRequest(List<Long> ids) {
    }

    private RecordType<?> kind(String records) {
        return types.byRecordType(records.equals("commitment_change_orders") ? "commitment_change_order"
                : "commitment");
    }

    @PostMapping("/rest/v1.0/companies/{companyId}/erp/{records:commitment_change_orders|commitments|requisitions}/accept")
    ResponseEntity<JobBody> accept(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId,
            @PathVariable String records, @RequestBody BulkRequest body) {
        return JobBody.accepted(bulk.startAccept(user, companyId, kind(records), body == null ? null : body.ids()));
    }

    @PostMapping("/rest/v1.0/companies/{companyId}/erp/{records:commitment_change_orders|commitments|requisitions}/retry")
    ResponseEntity<JobBody> retry(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId,
            @PathVariable String records, @RequestBody BulkRequest body) {
        return JobBody.accepted(bulk.startRetry(user, companyId, kind(records), body == null ? null : body.ids()));
    }
}
