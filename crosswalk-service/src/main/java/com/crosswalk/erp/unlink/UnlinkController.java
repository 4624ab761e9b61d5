package com.crosswalk.erp.unlink;

import com.crosswalk.directory.SignedInUser;
import com.crosswalk.jobs.JobBody;
import java.util.List;
import java.util.Map;
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

    UnlinkController(UnlinkService unlinks, BulkUnlink bulk) {
        this.unlinks = unlinks;
        this.bulk = bulk;
    }

    @PostMapping("/commitment_change_orders/{id}/unlink")
    ResponseEntity<Map<String, String>> unlinkChangeOrder(@AuthenticationPrincipal SignedInUser user,
            @PathVariable long companyId, @PathVariable long id) {
        return respond(unlinks.unlinkChangeOrder(user, companyId, id));
    }

    @PostMapping("/commitments/{id}/unlink")
    ResponseEntity<Map<String, String>> unlinkCommitment(@AuthenticationPrincipal SignedInUser user,
            @PathVariable long companyId, @PathVariable long id) {
        return respond(unlinks.unlinkCommitment(user, companyId, id));
    }

    record BulkRequest(List<Long> ids) {
    }

    @PostMapping("/commitment_change_orders/unlink")
    ResponseEntity<JobBody> unlinkChangeOrders(@AuthenticationPrincipal SignedInUser user,
            @PathVariable long companyId, @RequestBody BulkRequest request) {
        return JobBody.accepted(bulk.start(user, companyId, request == null ? null : request.ids()));
    }

    private static ResponseEntity<Map<String, String>> respond(UnlinkResult result) {
        return ResponseEntity.status(result.status()).body(Map.of("message", result.message()));
    }
}
