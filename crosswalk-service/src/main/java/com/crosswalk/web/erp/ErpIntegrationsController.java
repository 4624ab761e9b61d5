package com.crosswalk.web.erp;

import com.crosswalk.directory.PermissionLevel;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.erp.export.ExportLists;
import com.crosswalk.erp.export.ExportWorkflow;
import com.crosswalk.erp.export.Kind;
import com.crosswalk.erp.unlink.Reconciliation;
import com.crosswalk.erp.unlink.UnlinkResult;
import com.crosswalk.erp.unlink.UnlinkService;
import com.crosswalk.shared.CrosswalkException;
import com.crosswalk.shared.NotFoundException;
import com.crosswalk.web.WebReads;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
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

    private static final Logger log = LoggerFactory.getLogger(ErpIntegrationsController.class);
    static final int PER_PAGE = 25;
    static final int BULK_MAX = 100;

    private final ExportLists lists;
    private final ExportWorkflow workflow;
    private final UnlinkService unlinks;
    private final Reconciliation reconciliation;
    private final Permissions permissions;
    private final ErpConnectors connectors;
    private final WebReads reads;

    ErpIntegrationsController(ExportLists lists, ExportWorkflow workflow, UnlinkService unlinks,
            Reconciliation reconciliation, Permissions permissions, ErpConnectors connectors, WebReads reads) {
        this.lists = lists;
        this.workflow = workflow;
        this.unlinks = unlinks;
        this.reconciliation = reconciliation;
        this.permissions = permissions;
        this.connectors = connectors;
        this.reads = reads;
    }

    private static long company(SignedInUser user) {
        if (user.companyId() == null) {
            throw new NotFoundException("The ERP Integrations tool belongs to a company; the operator has none");
        }
        return user.companyId();
    }

    private static Kind kind(String records) {
        return switch (records) {
            case "commitment-change-orders" -> Kind.CCO;
            case "commitments" -> Kind.COMMITMENT;
            default -> throw new NotFoundException("No such tab");
        };
    }

    @GetMapping("/erp")
    String home() {
        return "redirect:/erp/commitment-change-orders";
    }

    @GetMapping("/erp/vendors")
    String vendors(@AuthenticationPrincipal SignedInUser user, Model model) {
        long companyId = company(user);
        model.addAttribute("tab", "vendors");
        model.addAttribute("erp", connectors.displayName(companyId));
        model.addAttribute("vendors", reads.vendors(user, companyId));
        return "erp/vendors";
    }

    @GetMapping("/erp/projects")
    String projects(@AuthenticationPrincipal SignedInUser user, Model model) {
        long companyId = company(user);
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.READ_ONLY);
        model.addAttribute("tab", "projects");
        model.addAttribute("erp", connectors.displayName(companyId));
        model.addAttribute("projects", reads.projects(user, companyId));
        return "erp/projects";
    }

    @GetMapping("/erp/{records:commitment-change-orders|commitments}")
    String list(@AuthenticationPrincipal SignedInUser user, @PathVariable String records,
            @RequestParam(defaultValue = "ready_to_export") String view, @RequestParam(required = false) String search,
            @RequestParam(defaultValue = "-date") String sort, @RequestParam(defaultValue = "1") int page, Model model) {
        long companyId = company(user);
        Kind kind = kind(records);
        if (!List.of("ready_to_export", "failed", "synced").contains(view)) {
            view = "ready_to_export";
        }
        if (!List.of("-date", "date", "number", "-number").contains(sort)) {
            sort = "-date";
        }
        String q = search == null || search.isBlank() ? null : search.trim();
        ExportLists.Page p = lists.list(user, companyId, kind, view, q, sort, Math.max(1, page), PER_PAGE);
        var access = permissions.access(user);
        model.addAttribute("tab", records);
        model.addAttribute("kind", kind == Kind.CCO ? "cco" : "commitment");
        model.addAttribute("records", records);
        model.addAttribute("view", view);
        model.addAttribute("search", q);
        model.addAttribute("sort", sort);
        model.addAttribute("page", p);
        model.addAttribute("pages", Math.max(1, (p.total() + PER_PAGE - 1) / PER_PAGE));
        model.addAttribute("erp", connectors.displayName(companyId));
        model.addAttribute("approver", access.isAccountingApprover());
        model.addAttribute("mayReconcile", access.erpIntegrations().atLeast(PermissionLevel.STANDARD));
        model.addAttribute("anyUnlink", p.rows().stream().anyMatch(r -> Boolean.TRUE.equals(r.get("can_unlink"))));
        model.addAttribute("base", "/erp/" + records);
        return "erp/records";
    }

    // ------------------------------------------------------------------------------------------ workflow actions

    @PostMapping("/erp/{records:commitment-change-orders|commitments}/{id}/{action:accept|retry|reject}")
    String act(@AuthenticationPrincipal SignedInUser user, @PathVariable String records, @PathVariable long id,
            @PathVariable String action, @RequestParam(required = false) String reason,
            @RequestParam(defaultValue = "ready_to_export") String view, RedirectAttributes flash) {
        long companyId = company(user);
        Kind kind = kind(records);
        try {
            ExportWorkflow.Result r = switch (action) {
                case "accept" -> workflow.accept(user, companyId, kind, id);
                case "retry" -> workflow.retry(user, companyId, kind, id);
                default -> workflow.reject(user, companyId, kind, id, reason);
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
    @PostMapping("/erp/commitment-change-orders/{id}/unlink")
    String unlink(@AuthenticationPrincipal SignedInUser user, @PathVariable long id,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            @RequestParam(required = false) String search, RedirectAttributes flash, Model model,
            jakarta.servlet.http.HttpServletResponse response) {
        long companyId = company(user);
        UnlinkResult result = unlinks.unlinkChangeOrder(user, companyId, id);
        if (htmx == null) {
            flash.addFlashAttribute(result.succeeded() ? "unlinkSuccess" : "unlinkError", result.message());
            return "redirect:" + UriComponentsBuilder.fromPath("/erp/commitment-change-orders")
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

    /** Bulk unlink of the selected rows: each id through the same single unlink, one after another. */
    @PostMapping("/erp/commitment-change-orders/unlink")
    String unlinkSelected(@AuthenticationPrincipal SignedInUser user,
            @RequestParam(name = "ids", required = false) List<Long> ids, Model model,
            jakarta.servlet.http.HttpServletResponse response) {
        long companyId = company(user);
        response.setHeader("HX-Reswap", "none");
        List<Long> selected = ids == null ? List.of() : ids.stream().distinct().toList();
        if (selected.isEmpty() || selected.size() > BULK_MAX) {
            model.addAttribute("ok", false);
            model.addAttribute("message", selected.isEmpty() ? "Select the change orders to unlink first."
                    : "At most " + BULK_MAX + " change orders can be unlinked at once.");
            model.addAttribute("details", List.of());
            model.addAttribute("removed", List.of());
            return "erp/unlink-result :: bulk";
        }
        List<Long> removed = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (long id : selected) {
            UnlinkResult r;
            try {
                r = unlinks.unlinkChangeOrder(user, companyId, id);
            } catch (RuntimeException e) {
                log.error("Unlink of CCO {} failed unexpectedly", id, e);
                refused.add("CCO " + id + ": something went wrong on our side; nothing was changed");
                continue;
            }
            if (r.succeeded()) {
                removed.add(id);
            } else {
                refused.add("CCO " + id + ": " + r.message());
            }
        }
        model.addAttribute("ok", refused.isEmpty());
        model.addAttribute("message", removed.size() + " of " + selected.size() + " unlinked"
                + (refused.isEmpty() ? ": Successfully Unlinked" : "; " + refused.size() + " refused"));
        model.addAttribute("details", refused);
        model.addAttribute("removed", removed);
        return "erp/unlink-result :: bulk";
    }

    /** "Check {ERP} now": reconciliation of every synced record; the summary replaces the result area. */
    @PostMapping("/erp/reconcile")
    String reconcile(@AuthenticationPrincipal SignedInUser user, Model model) {
        long companyId = company(user);
        String erp = connectors.displayName(companyId);
        try {
            permissions.requireErpIntegrations(user, companyId, PermissionLevel.STANDARD);
            Reconciliation.Counts c = reconciliation.reconcile(companyId);
            model.addAttribute("ok", c.failed() == 0);
            model.addAttribute("message", "Checked " + c.checked() + " synced records with " + erp + ": "
                    + c.present() + " still there, " + c.reversalPending() + " reversed but not released, "
                    + c.gone() + " gone (ready to unlink)" + (c.failed() > 0 ? ", " + c.failed()
                    + " could not be checked" : "") + ".");
        } catch (CrosswalkException e) {
            model.addAttribute("ok", false);
            model.addAttribute("message", e.getMessage());
        }
        return "erp/unlink-result :: reconcile";
    }

    static Map<String, String> views(String erp) {
        return Map.of("ready_to_export", "Ready to Export", "failed", "Failed to Export", "synced",
                "Successfully Synced with " + erp);
    }
}
