package com.crosswalk.erp.reference;

import io.swagger.v3.oas.annotations.media.Schema;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.erp.reference.References.Ref;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import com.crosswalk.jobs.JobBody;
import java.util.List;
import java.util.Map;
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
 * REST of the reference data shared with the ERP (cost code import; vendors and projects linked to existing ERP
 * records or exported); the rules are {@link References}'.
 */
@RestController
class ReferenceController {

    private final References references;

    ReferenceController(References references) {
        this.references = references;
    }

    @Schema(name = "ErpLinkRequest")
    record LinkBody(String erpKey) {
    }

    @Schema(name = "ErpExportRequest")
    record ExportBody(String erpKey) {
    }

    /**
     * Vendors and projects have their own literal paths (not one {@code {records}} variable shared with the
     * commitments' lists), so the OpenAPI document describes each operation once, with its own parameters.
     */
    private static Ref ref(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path.contains("/erp/vendors") || path.contains("/erp/erp_vendors") ? Ref.VENDOR : Ref.PROJECT;
    }

    /**
     * Marks the company's cost codes the ERP has (erp_code, imported_at), adds the missing ones, clears the rest: a
     * job (202, {@code Location}: the job; its summary says what was matched, added and cleared).
     */
    @PostMapping("/rest/v1.0/companies/{companyId}/erp/cost_codes/import")
    ResponseEntity<JobBody> importCostCodes(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId) {
        return JobBody.accepted(references.startCostCodeImport(user, companyId));
    }

    @GetMapping({"/rest/v1.0/companies/{companyId}/erp/vendors", "/rest/v1.0/companies/{companyId}/erp/projects"})
    ResponseEntity<List<Map<String, Object>>> list(@AuthenticationPrincipal SignedInUser user,
            @PathVariable long companyId, HttpServletRequest request,
            @Parameter(schema = @Schema(allowableValues = {"unlinked", "linked"}, defaultValue = "unlinked"))
            @RequestParam(defaultValue = "unlinked") String view, @RequestParam(defaultValue = "1") int page,
            @RequestParam(name = "per_page", defaultValue = "100") int perPage) {
        References.Page p = references.list(user, companyId, ref(request), view, page, perPage);
        HttpHeaders h = new HttpHeaders();
        h.add("Total", Long.toString(p.total()));
        h.add("Per-Page", Integer.toString(p.perPage()));
        return ResponseEntity.ok().headers(h).body(p.rows());
    }

    /** The ERP's own list, to choose from when linking; {@code linked_to} says which of ours holds each. */
    @GetMapping({"/rest/v1.0/companies/{companyId}/erp/erp_vendors", "/rest/v1.0/companies/{companyId}/erp/erp_projects"})
    List<Map<String, Object>> erpList(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId,
            HttpServletRequest request) {
        return references.erpList(user, companyId, ref(request));
    }

    /**
     * Link to an existing ERP record (it must be in the ERP's list): a job (202; the job's result says linked, or
     * why not).
     */
    @PostMapping({"/rest/v1.0/companies/{companyId}/erp/vendors/{id}/link",
            "/rest/v1.0/companies/{companyId}/erp/projects/{id}/link"})
    ResponseEntity<JobBody> link(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId,
            @PathVariable long id, HttpServletRequest request, @RequestBody LinkBody body) {
        return JobBody.accepted(references.startLink(user, companyId, ref(request), id,
                body == null ? null : body.erpKey()));
    }

    /** Create the vendor or project in the ERP (adopting one with that key if present) and link it: a job (202). */
    @PostMapping({"/rest/v1.0/companies/{companyId}/erp/vendors/{id}/export",
            "/rest/v1.0/companies/{companyId}/erp/projects/{id}/export"})
    ResponseEntity<JobBody> export(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId,
            @PathVariable long id, HttpServletRequest request, @RequestBody(required = false) ExportBody body) {
        return JobBody.accepted(references.startExport(user, companyId, ref(request), id,
                body == null ? null : body.erpKey()));
    }
}
