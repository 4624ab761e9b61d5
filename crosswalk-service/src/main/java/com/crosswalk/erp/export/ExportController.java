package com.crosswalk.erp.export;

import com.crosswalk.directory.SignedInUser;
import com.crosswalk.erp.sync.ExportLists;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;
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

    @PostMapping("/rest/v1.0/projects/{projectId}/{records:commitment_change_orders|commitments|requisitions|budget_changes}/{id}/send_to_erp")
    ExportWorkflow.Result send(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId,
            @PathVariable String records, @PathVariable long id) {
        return workflow.send(user, projectId, kind(records), id);
    }

    @PostMapping("/rest/v1.0/companies/{companyId}/erp/{records:commitment_change_orders|commitments|requisitions|budget_changes}/{id}/retrieve")
    ExportWorkflow.Result retrieve(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId,
            @PathVariable String records, @PathVariable long id) {
        return workflow.retrieve(user, companyId, kind(records), id);
    }

    @PostMapping("/rest/v1.0/companies/{companyId}/erp/{records:commitment_change_orders|commitments|requisitions|budget_changes}/{id}/accept")
    ExportWorkflow.Result accept(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId,
            @PathVariable String records, @PathVariable long id) {
        return workflow.accept(user, companyId, kind(records), id);
    }

    @PostMapping("/rest/v1.0/companies/{companyId}/erp/{records:commitment_change_orders|commitments|requisitions|budget_changes}/{id}/retry")
    ExportWorkflow.Result retry(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId,
            @PathVariable String records, @PathVariable long id) {
        return workflow.retry(user, companyId, kind(records), id);
    }

    @PostMapping("/rest/v1.0/companies/{companyId}/erp/{records:commitment_change_orders|commitments|requisitions|budget_changes}/{id}/reject")
    ExportWorkflow.Result reject(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId,
            @PathVariable String records, @PathVariable long id, @RequestBody(required = false) RejectRequest body) {
        return workflow.reject(user, companyId, kind(records), id, body == null ? null : body.reason());
    }

    @GetMapping("/rest/v1.0/companies/{companyId}/erp/{records:commitment_change_orders|commitments|requisitions|budget_changes}")
    ResponseEntity<List<ExportLists.Row>> list(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId,
            @PathVariable String records, @RequestParam(defaultValue = "ready_to_export") String view,
            @RequestParam(required = false) String search, @RequestParam(required = false) String sort,
            @RequestParam(defaultValue = "1") int page, @RequestParam(name = "per_page", defaultValue = "100") int perPage,
            @RequestParam(name = "erp_status", required = false) String erpStatus,
            @RequestParam(name = "project_id", required = false) Long projectId,
            @RequestParam(name = "vendor_id", required = false) Long vendorId,
            @RequestParam(name = "commitment_id", required = false) Long commitmentId,
            @Parameter(description = "from this day on (a day of the company's time_zone, inclusive): synced on, or last changed state on")
            @RequestParam(name = "from", required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @Parameter(description = "up to this day (a day of the company's time_zone, inclusive)")
            @RequestParam(name = "to", required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        ExportLists.Page p = lists.list(user, companyId, kind(records), view, search, sort, page, perPage, erpStatus,
                new ExportLists.Filters(projectId, vendorId, commitmentId, from, to));
        HttpHeaders h = new HttpHeaders();
        h.add("Total", Long.toString(p.total()));
        h.add("Per-Page", Integer.toString(p.perPage()));
        h.add("Page", Integer.toString(p.page()));
        return ResponseEntity.ok().headers(h).body(p.rows());
    }

    /**
     * The same list as CSV ({@code Accept: text/csv}): a header row and one row per record, up to {@code per_page}
     * (default and at most 1000) of the page asked for; {@code Total} as for JSON.
     */
    @GetMapping(value = "/rest/v1.0/companies/{companyId}/erp/{records:commitment_change_orders|commitments|requisitions|budget_changes}",
            produces = com.crosswalk.erp.sync.ExportListCsv.MEDIA_TYPE)
    ResponseEntity<String> csv(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId,
            @PathVariable String records, @RequestParam(defaultValue = "ready_to_export") String view,
            @RequestParam(required = false) String search, @RequestParam(required = false) String sort,
            @RequestParam(defaultValue = "1") int page, @RequestParam(name = "per_page", defaultValue = "1000") int perPage,
            @RequestParam(name = "erp_status", required = false) String erpStatus,
            @RequestParam(name = "project_id", required = false) Long projectId,
            @RequestParam(name = "vendor_id", required = false) Long vendorId,
            @RequestParam(name = "commitment_id", required = false) Long commitmentId,
            @RequestParam(name = "from", required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(name = "to", required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        var kind = kind(records);
        ExportLists.Page p = lists.list(user, companyId, kind, view, search, sort, page, perPage, erpStatus,
                new ExportLists.Filters(projectId, vendorId, commitmentId, from, to));
        return ResponseEntity.ok().header("Total", Long.toString(p.total()))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\""
                        + com.crosswalk.erp.sync.ExportListCsv.fileName(kind, view) + "\"")
                .contentType(org.springframework.http.MediaType.parseMediaType("text/csv;charset=UTF-8"))
                .body(com.crosswalk.erp.sync.ExportListCsv.write(p.rows()));
    }
}
