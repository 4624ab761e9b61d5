package com.crosswalk.erp.export;

import com.crosswalk.directory.SignedInUser;
import com.crosswalk.erp.sync.ExportLists;
import com.crosswalk.erp.sync.RecordType;
import com.crosswalk.erp.sync.RecordTypes;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST of the export workflow. Lists answer a JSON array with the total count in the {@code Total} header (and
 * {@code Per-Page}, {@code Page}), as Procore's REST API does.
 */
@RestController
class ExportController {

    private final ExportWorkflow workflow;
    private final ExportLists lists;
    private final RecordTypes types;

    ExportController(ExportWorkflow workflow, ExportLists lists, RecordTypes types) {
        this.workflow = workflow;
        this.lists = lists;
        this.types = types;
    }

    record RejectRequest(String reason) {
    }

    private RecordType<?> kind(String path) {
        return types.byRestPath(path);
    }

    @PostMapping("/rest/v1.0/projects/{projectId}/{records:commitment_change_orders|commitments|requisitions}/{id}/send_to_erp")
    ExportWorkflow.Result send(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId,
            @PathVariable String records, @PathVariable long id) {
        return workflow.send(user, projectId, kind(records), id);
    }

    @PostMapping("/rest/v1.0/companies/{companyId}/erp/{records:commitment_change_orders|commitments|requisitions}/{id}/retrieve")
    ExportWorkflow.Result retrieve(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId,
            @PathVariable String records, @PathVariable long id) {
        return workflow.retrieve(user, companyId, kind(records), id);
    }

    @PostMapping("/rest/v1.0/companies/{companyId}/erp/{records:commitment_change_orders|commitments|requisitions}/{id}/accept")
    ExportWorkflow.Result accept(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId,
            @PathVariable String records, @PathVariable long id) {
        return workflow.accept(user, companyId, kind(records), id);
    }

    @PostMapping("/rest/v1.0/companies/{companyId}/erp/{records:commitment_change_orders|commitments|requisitions}/{id}/retry")
    ExportWorkflow.Result retry(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId,
            @PathVariable String records, @PathVariable long id) {
        return workflow.retry(user, companyId, kind(records), id);
    }

    @PostMapping("/rest/v1.0/companies/{companyId}/erp/{records:commitment_change_orders|commitments|requisitions}/{id}/reject")
    ExportWorkflow.Result reject(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId,
            @PathVariable String records, @PathVariable long id, @RequestBody(required = false) RejectRequest body) {
        return workflow.reject(user, companyId, kind(records), id, body == null ? null : body.reason());
    }

    @GetMapping("/rest/v1.0/companies/{companyId}/erp/{records:commitment_change_orders|commitments|requisitions}")
    ResponseEntity<List<ExportLists.Row>> list(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId,
            @PathVariable String records, @RequestParam(defaultValue = "ready_to_export") String view,
            @RequestParam(required = false) String search, @RequestParam(required = false) String sort,
            @RequestParam(defaultValue = "1") int page, @RequestParam(name = "per_page", defaultValue = "100") int perPage) {
        ExportLists.Page p = lists.list(user, companyId, kind(records), view, search, sort, page, perPage);
        HttpHeaders h = new HttpHeaders();
        h.add("Total", Long.toString(p.total()));
        h.add("Per-Page", Integer.toString(p.perPage()));
        h.add("Page", Integer.toString(p.page()));
        return ResponseEntity.ok().headers(h).body(p.rows());
    }
}
