package com.crosswalk.erp.unlink;

import com.crosswalk.directory.SignedInUser;
import com.crosswalk.shared.ApiMessage;
import io.swagger.v3.oas.annotations.media.Schema;
import com.crosswalk.jobs.JobBody;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Unlink over REST. One record: 200 {"message":"Successfully Unlinked"}, or 403 / 404 / 409 / 503 with the message
 * (the red one of the reference text when the record is still in the ERP). Bulk: 202 with a background job
 * ({@link BulkUnlink}); its resource ({@code Location}) shows the progress and, per id, a status and message produced
 * by the same code path as the single unlink.
 */
@RestController
@RequestMapping("/rest/v1.0/companies/{companyId}/erp")
class UnlinkController {

    private final UnlinkService unlinks;
    private final BulkUnlink bulk;
    private final RequestLimits limits;

    private final com.crosswalk.erp.sync.RecordTypes types;

    UnlinkController(UnlinkService unlinks, BulkUnlink bulk, RequestLimits limits, com.crosswalk.erp.sync.RecordTypes types) {
        this.unlinks = unlinks;
        this.bulk = bulk;
        this.limits = limits;
        this.types = types;
    }

    @PostMapping("/commitment_change_orders/{id}/unlink")
    ResponseEntity<ApiMessage> unlinkChangeOrder(@AuthenticationPrincipal SignedInUser user,
            @PathVariable long companyId, @PathVariable long id) {
        limits.beforeUnlink(user);
        return respond(user, unlinks.unlinkChangeOrder(user, companyId, id));
    }

    @PostMapping("/commitments/{id}/unlink")
    ResponseEntity<ApiMessage> unlinkCommitment(@AuthenticationPrincipal SignedInUser user,
            @PathVariable long companyId, @PathVariable long id) {
        limits.beforeUnlink(user);
        return respond(user, unlinks.unlinkCommitment(user, companyId, id));
    }

    @PostMapping("/requisitions/{id}/unlink")
    ResponseEntity<ApiMessage> unlinkRequisition(@AuthenticationPrincipal SignedInUser user,
            @PathVariable long companyId, @PathVariable long id) {
        limits.beforeUnlink(user);
        return respond(user, unlinks.unlinkRequisition(user, companyId, id));
    }

    @PostMapping("/budget_changes/{id}/unlink")
    ResponseEntity<ApiMessage> unlinkBudgetChange(@AuthenticationPrincipal SignedInUser user,
            @PathVariable long companyId, @PathVariable long id) {
        limits.beforeUnlink(user);
        return respond(user, unlinks.unlink(user, companyId, unlinks.type("budget_change"), id));
    }

    @Schema(name = "BulkUnlinkRequest")
    record BulkRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<Long> ids) {
    }

    @PostMapping("/commitment_change_orders/unlink")
    ResponseEntity<JobBody> unlinkChangeOrders(@AuthenticationPrincipal SignedInUser user,
            @PathVariable long companyId, @RequestBody BulkRequest request) {
        limits.beforeUnlink(user);
        return JobBody.accepted(bulk.start(user, companyId, request == null ? null : request.ids()));
    }

    /** Bulk unlink of subcontractor invoices: the same job as the CCOs', each invoice through the single unlink. */
    @PostMapping("/requisitions/unlink")
    ResponseEntity<JobBody> unlinkRequisitions(@AuthenticationPrincipal SignedInUser user,
            @PathVariable long companyId, @RequestBody BulkRequest request) {
        limits.beforeUnlink(user);
        return JobBody.accepted(bulk.start(user, companyId, types.byRecordType(com.crosswalk.invoices.Requisitions.RECORD_TYPE),
                request == null ? null : request.ids()));
    }

    private ResponseEntity<ApiMessage> respond(SignedInUser user, UnlinkResult result) {
        limits.afterUnlink(user, List.of(result));
        // JSON whatever the Accept: a refusal's message is the answer, not an empty error
        return ResponseEntity.status(result.status()).contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .body(new ApiMessage(result.message()));
    }
}
