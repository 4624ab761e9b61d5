package com.crosswalk.erp.unlink;

import com.crosswalk.directory.SignedInUser;
import com.crosswalk.jobs.JobBody;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST …/erp/reconcile}: ask the ERP about every synced CCO and commitment (ERP Integrations Standard+), as a
 * background job: 202 with the job (the one already running, {@code already_running}, if there is one); follow it
 * at {@code Location}.
 */
@RestController
class ReconciliationController {

    private final ReconciliationJob job;
    private final RequestLimits limits;

    ReconciliationController(ReconciliationJob job, RequestLimits limits) {
        this.job = job;
        this.limits = limits;
    }

    @PostMapping("/rest/v1.0/companies/{companyId}/erp/reconcile")
    ResponseEntity<JobBody> reconcile(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId) {
        limits.reconcile(user);
        return JobBody.accepted(job.start(user, companyId));
    }
}
