package com.crosswalk.web.erp;

import com.crosswalk.directory.PermissionLevel;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.erp.sync.ExportLists;
import com.crosswalk.erp.export.ExportWorkflow;
import com.crosswalk.erp.sync.RecordType;
import com.crosswalk.erp.sync.RecordTypes;
import com.crosswalk.erp.reference.References;
import com.crosswalk.erp.reference.References.Ref;
import com.crosswalk.erp.unlink.BulkUnlink;
import com.crosswalk.erp.unlink.Reconciliation;
import com.crosswalk.erp.unlink.UnlinkResult;
import com.crosswalk.erp.unlink.UnlinkService;
import com.crosswalk.erp.unlink.RequestLimits;
import com.crosswalk.shared.BadRequestException;
import com.crosswalk.shared.CrosswalkException;
import com.crosswalk.shared.TooManyRequestsException;
import com.crosswalk.web.FormInput;
import com.crosswalk.shared.NotFoundException;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The company's ERP Integrations tool: tabs Vendors, Projects, Commitments, Commitment Change Orders; on the record
 * tabs the views Ready to Export, Failed to Export and Successfully Synced. Lists come from {@link ExportLists} (paged
 * and sorted in the database), actions from {@link ExportWorkflow} and {@link UnlinkService} — the same beans the REST
 * API calls. Unlink answers an htmx request with the green or red message and, on success, removes the row.
 */
@Controller
class ErpIntegrationsController {

    static final int PER_PAGE = 25;

    private final ExportLists lists;
    private final ExportWorkflow workflow;
    private final UnlinkService unlinks;
    private final Reconciliation reconciliation;
    private final Permissions permissions;
    private final ErpConnectors connectors;
    private final BulkUnlink bulk;
    private final References references;
    private final RecordTypes types;
    private final RequestLimits limits;

    ErpIntegrationsController(ExportLists lists, ExportWorkflow workflow, UnlinkService unlinks, BulkUnlink bulk,
            Reconciliation reconciliation, Permissions permissions, ErpConnectors connectors, References references,
            RecordTypes types, RequestLimits limits) {
        this.types = types;
        this.limits = limits;
        this.lists = lists;
        this.workflow = workflow;
        this.unlinks = unlinks;
        this.reconciliation = reconciliation;
        this.permissions = permissions;
        this.connectors = connectors;
        this.bulk = bulk;
        this.references = references;
    }

    private static long company(SignedInUser user) {
        if (user.companyId() == null) {
            throw new NotFoundException("The ERP Integrations tool belongs to a company; the operator has none");
        }
        return user.companyId();
    }

    private RecordType<?> kind(String records) {
        return types.byPagePath(records);
    }

    @GetMapping("/erp")
    String home() {
        return "redirect:/erp/commitment-change-orders";
    }

    // ------------------------------------------------------------------------------ vendors, projects, cost codes

    private static Ref ref(String records) {
        return records.equals("vendors") ? Ref.VENDOR : Ref.PROJECT;
    }

    /**
     * Vendors or Projects: each with its ERP link; for ERP Integrations Standard+ an unlinked one can be linked to a
     * record chosen from the ERP's own list, or exported. The ERP's list is asked once per page view; if the ERP
     * can not be reached the tab still shows our side, with the reason.
     */
    @GetMapping("/erp/{records:vendors|projects}")
    String references(@AuthenticationPrincipal SignedInUser user, @PathVariable String records, Model model) {
        long companyId = company(user);
        Ref ref = ref(records);
        model.addAttribute("rows", references.all(user, companyId, ref));
        referenceModel(user, companyId, records, model);
        return "erp/" + records;
    }

    private void referenceModel(SignedInUser user, long companyId, String records, Model model) {
        boolean mayChange = permissions.access(user).erpIntegrations().atLeast(PermissionLevel.STANDARD);
        model.addAttribute("tab", records);
        model.addAttribute("records", records);
        model.addAttribute("erp", connectors.displayName(companyId));
        model.addAttribute("mayChange", mayChange);
        model.addAttribute("erpList", List.of());
        if (mayChange) {
            try {
                model.addAttribute("erpList", references.erpList(user, companyId, ref(records)));
            } catch (CrosswalkException e) {
                model.addAttribute("erpListError", e.getMessage());
            }
        }
    }

    /**
     * Link to an existing ERP record or export: with htmx the row is answered re-rendered with the green result or
     * the red refusal (e.g. "already linked") next to its buttons; without JavaScript a redirect with the message.
     */
    /** The link form: the ERP record chosen from the ERP's list. */
    public record LinkForm(String erpKey) {
    }

    @PostMapping("/erp/{records:vendors|projects}/{id}/{action:link|export}")
    String linkOrExport(@AuthenticationPrincipal SignedInUser user, @PathVariable String records,
            @PathVariable long id, @PathVariable String action, @ModelAttribute LinkForm form, BindingResult errors,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model,
            RedirectAttributes flash) {
        long companyId = company(user);
        Ref ref = ref(records);
        String erp = connectors.displayName(companyId);
        String erpKey = form.erpKey() == null ? null : form.erpKey().trim();
        boolean ok;
        String message;
        try {
            if (action.equals("link") && (erpKey == null || erpKey.isEmpty() || erpKey.length() > 100)) {
                throw new BadRequestException("Choose the " + erp + " record to link to from the list.");
            }
            Map<String, Object> linked = action.equals("link") ? references.link(user, companyId, ref, id, erpKey)
                    : references.export(user, companyId, ref, id, null);
            ok = true;
            message = (action.equals("link") ? "Linked to " : "Exported to ") + erp + " as " + linked.get("erp_key");
        } catch (CrosswalkException e) {
            ok = false;
            message = e.getMessage();
        }
        if (htmx == null) {
            flash.addFlashAttribute(ok ? "success" : "error", message);
            flash.addFlashAttribute("messageRow", id);
            return "redirect:/erp/" + records;
        }
        Map<String, Object> row = references.all(user, companyId, ref).stream()
                .filter(r -> Long.valueOf(id).equals(r.get("id"))).findFirst()
                .orElseThrow(() -> new NotFoundException(ref.name().toLowerCase() + " " + id + " not found"));
        referenceModel(user, companyId, records, model);
        model.addAttribute("r", row);
        model.addAttribute(ok ? "success" : "error", message);
        model.addAttribute("messageRow", id);
        return "erp/reference-row :: row";
    }

    /** "Import cost codes from {ERP}": the summary (or the refusal) replaces the result area. */
    @PostMapping("/erp/cost-codes/import")
    String importCostCodes(@AuthenticationPrincipal SignedInUser user, Model model) {
        long companyId = company(user);
        String erp = connectors.displayName(companyId);
        try {
            Map<String, Object> r = references.importCostCodes(user, companyId);
            model.addAttribute("ok", true);
            model.addAttribute("message", "Imported cost codes from " + erp + ": " + r.get("in_erp") + " in " + erp
                    + ", " + r.get("matched") + " matched, " + r.get("added") + " added, " + r.get("no_longer_in_erp")
                    + " no longer in " + erp + ".");
        } catch (CrosswalkException e) {
            model.addAttribute("ok", false);
            model.addAttribute("message", e.getMessage());
        }
        return "erp/unlink-result :: import";
    }

    @GetMapping("/erp/{records:commitment-change-orders|commitments}")
    String list(@AuthenticationPrincipal SignedInUser user, @PathVariable String records,
            @RequestParam(defaultValue = "ready_to_export") String view, @RequestParam(required = false) String search,
            @RequestParam(defaultValue = "-date") String sort, @RequestParam(defaultValue = "1") int page, Model model) {
        long companyId = company(user);
        RecordType<?> kind = kind(records);
        if (!ExportLists.VIEWS.contains(view)) {
            view = "ready_to_export";
        }
        if (!List.of("-date", "date", "number", "-number").contains(sort)) {
            sort = "-date";
        }
        String q = search == null || search.isBlank() ? null : search.trim();
        ExportLists.Page p = lists.list(user, companyId, kind, view, q, sort, Math.max(1, page), PER_PAGE);
        var access = permissions.access(user);
        model.addAttribute("tab", records);
        model.addAttribute("kind", kind.prefix());
        model.addAttribute("noun", kind.noun());
        model.addAttribute("records", records);
        model.addAttribute("view", view);
        model.addAttribute("search", q);
        model.addAttribute("sort", sort);
        model.addAttribute("page", p);
        model.addAttribute("pages", Math.max(1, (p.total() + PER_PAGE - 1) / PER_PAGE));
        model.addAttribute("erp", connectors.displayName(companyId));
        model.addAttribute("approver", access.isAccountingApprover());
        model.addAttribute("mayReconcile", access.erpIntegrations().atLeast(PermissionLevel.STANDARD));
        model.addAttribute("anyUnlink", p.rows().stream().anyMatch(ExportLists.Row::canUnlink));
        model.addAttribute("base", "/erp/" + records);
        return "erp/records";
    }

    // ------------------------------------------------------------------------------------------ workflow actions

    /** Accept, Retry, Reject: the reason of a rejection, and the view to go back to. */
    public record ActionForm(String reason, String view) {
    }

    @PostMapping("/erp/{records:commitment-change-orders|commitments}/{id}/{action:accept|retry|reject}")
    String act(@AuthenticationPrincipal SignedInUser user, @PathVariable String records, @PathVariable long id,
            @PathVariable String action, @ModelAttribute ActionForm form, BindingResult errors,
            RedirectAttributes flash) {
        long companyId = company(user);
        RecordType<?> kind = kind(records);
        String view = form.view() != null && ExportLists.VIEWS.contains(form.view()) ? form.view() : "ready_to_export";
        try {
            if (action.equals("reject") && form.reason() != null && form.reason().length() > 1000) {
                throw new BadRequestException("The reason can be at most 1,000 characters.");
            }
            ExportWorkflow.Result r = switch (action) {
                case "accept" -> workflow.accept(user, companyId, kind, id);
                case "retry" -> workflow.retry(user, companyId, kind, id);
                default -> workflow.reject(user, companyId, kind, id, form.reason());
            };
            flash.addFlashAttribute("success", r.message());
        } catch (CrosswalkException e) {
            flash.addFlashAttribute("error", e.getMessage());
            flash.addFlashAttribute("errorRow", id);
        }
        return "redirect:" + UriComponentsBuilder.fromPath("/erp/" + records).queryParam("view", view).toUriString();
    }

    // ------------------------------------------------------------------------------------------------------ unlink

    /**
     * Unlink one CCO. With htmx ({@code HX-Request}): 200 with the message (out of band into {@code #unlink-message})
     * and, on success, an empty main response that replaces the row (the row leaves the list); on refusal the row is
     * left as it is ({@code HX-Reswap: none}). Without JavaScript: redirect back with the message.
     */
    @PostMapping("/erp/{records:commitment-change-orders|commitments}/{id}/unlink")
    String unlink(@AuthenticationPrincipal SignedInUser user, @PathVariable String records, @PathVariable long id,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            @RequestParam(required = false) String search, RedirectAttributes flash, Model model,
            jakarta.servlet.http.HttpServletResponse response) {
        long companyId = company(user);
        UnlinkResult result;
        try {
            limits.beforeUnlink(user);
            result = unlinks.unlink(user, companyId, kind(records), id);
            limits.afterUnlink(user, List.of(result));
        } catch (TooManyRequestsException e) {
            result = new UnlinkResult(id, com.crosswalk.erp.unlink.UnlinkOutcome.ERROR, e.getMessage());
        }
        if (htmx == null) {
            flash.addFlashAttribute(result.succeeded() ? "unlinkSuccess" : "unlinkError", result.message());
            return "redirect:" + UriComponentsBuilder.fromPath("/erp/" + records)
                    .queryParam("view", "synced").queryParamIfPresent("search",
                            java.util.Optional.ofNullable(search).filter(s -> !s.isBlank())).toUriString();
        }
        if (!result.succeeded()) {
            response.setHeader("HX-Reswap", "none");
        }
        model.addAttribute("ok", result.succeeded());
        model.addAttribute("message", result.message());
        model.addAttribute("details", List.of());
        return "erp/unlink-result :: result";
    }

    /**
     * "Unlink selected": the ids go to {@link BulkUnlink} (the REST API's bulk service: each id through the single
     * unlink, bounded concurrency). Each row gets its own green or red result (out of band into the row), the
     * summary goes into {@code #unlink-message}; the rows stay so the results can be read.
     */
    /** "Unlink selected": the ids of the rows ticked. */
    public record SelectionForm(List<String> ids) {
    }

    @PostMapping("/erp/commitment-change-orders/unlink")
    String unlinkSelected(@AuthenticationPrincipal SignedInUser user, @ModelAttribute SelectionForm form,
            BindingResult errors, Model model, jakarta.servlet.http.HttpServletResponse response) {
        long companyId = company(user);
        response.setHeader("HX-Reswap", "none");
        List<String> ticked = form.ids() == null ? List.of() : form.ids();
        List<Long> selected = ticked.stream().map(FormInput::id).flatMap(java.util.Optional::stream).distinct().toList();
        model.addAttribute("results", List.of());
        if (selected.isEmpty() || selected.size() != ticked.stream().distinct().count()) {
            model.addAttribute("ok", false);
            model.addAttribute("message", selected.isEmpty() ? "Select the change orders to unlink first."
                    : "The selection is not valid; reload the page and select again.");
            return "erp/unlink-result :: bulk";
        }
        List<UnlinkResult> results;
        try {
            limits.beforeUnlink(user);
            results = bulk.unlinkChangeOrders(user, companyId, selected);
            limits.afterUnlink(user, results);
        } catch (CrosswalkException e) {
            model.addAttribute("ok", false);
            model.addAttribute("message", e.getMessage());
            return "erp/unlink-result :: bulk";
        }
        long unlinked = results.stream().filter(UnlinkResult::succeeded).count();
        long refused = results.size() - unlinked;
        model.addAttribute("ok", refused == 0);
        model.addAttribute("message", unlinked + " of " + results.size() + " unlinked"
                + (refused == 0 ? ": Successfully Unlinked" : "; " + refused + " refused (see each row)"));
        model.addAttribute("results", results);
        return "erp/unlink-result :: bulk";
    }

    /** "Check {ERP} now": reconciliation of every synced record; the summary replaces the result area. */
    @PostMapping("/erp/reconcile")
    String reconcile(@AuthenticationPrincipal SignedInUser user, Model model) {
        long companyId = company(user);
        String erp = connectors.displayName(companyId);
        try {
            permissions.requireErpIntegrations(user, companyId, PermissionLevel.STANDARD);
            limits.reconcile(user);
            Reconciliation.Counts c = reconciliation.reconcile(companyId);
            model.addAttribute("ok", c.failed() == 0);
            model.addAttribute("message", "Checked " + c.checked() + " synced records with " + erp + ": "
                    + c.present() + " still there as exported, " + c.changed() + " changed in " + erp + ", "
                    + c.reversalPending() + " reversed but not released, " + c.gone() + " gone (ready to unlink)"
                    + (c.failed() > 0 ? ", " + c.failed() + " could not be checked" : "")
                    + (c.leftoversRemoved() > 0 ? "; removed " + c.leftoversRemoved()
                    + " left by rejected export attempts" : "") + ".");
        } catch (CrosswalkException e) {
            model.addAttribute("ok", false);
            model.addAttribute("message", e.getMessage());
        }
        return "erp/unlink-result :: reconcile";
    }

    static Map<String, String> views(String erp) {
        return Map.of("ready_to_export", "Ready to Export", "exporting", "Exporting", "failed", "Failed to Export",
                "synced", "Successfully Synced with " + erp, "rejected", "Rejected");
    }
}
