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
import com.crosswalk.erp.bulk.BulkWorkflow;
import com.crosswalk.erp.unlink.BulkUnlink;
import com.crosswalk.erp.unlink.ReconciliationJob;
import com.crosswalk.erp.unlink.UnlinkResult;
import com.crosswalk.erp.unlink.UnlinkService;
import com.crosswalk.erp.unlink.RequestLimits;
import com.crosswalk.shared.BadRequestException;
import com.crosswalk.jobs.Job;
import com.crosswalk.jobs.JobStart;
import com.crosswalk.jobs.Jobs;
import com.crosswalk.web.jobs.JobPanels;
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
 * The company's ERP Integrations tool: tabs Vendors, Projects and one per record type of the {@link RecordTypes}
 * registry (Commitments, Commitment Change Orders, Subcontractor Invoices); on the record tabs the views Ready to Export, Failed to Export and Successfully Synced. Lists come from {@link ExportLists} (paged
 * and sorted in the database), actions from {@link ExportWorkflow} and {@link UnlinkService} — the same beans the REST
 * API calls. Unlink answers an htmx request with the green or red message and, on success, removes the row.
 */
@Controller
class ErpIntegrationsController {

    static final int PER_PAGE = 25;

    /**
     * The record tabs' path segment: every page path of the {@link RecordTypes} registry (commitments,
     * commitment-change-orders, requisitions…), resolved when the mappings are registered.
     */
    static final String RECORDS = "{records:#{recordTypes.pagePathPattern()}}";

    /** How a record tab names its records in headings (by record type); other types: their noun, plural. */
    private static final Map<String, String> LIST_LABELS = Map.of("commitment", "Commitments",
            "commitment_change_order", "Change Orders", "requisition", "Subcontractor Invoices", "budget_change",
            "Budget Changes");

    /** Where a row's record is shown in its project (by record type). */
    private static final Map<String, String> DETAIL_PATHS = Map.of("commitment", "commitments",
            "commitment_change_order", "change-orders", "requisition", "invoices", "budget_change", "budget-changes");

    private final ExportLists lists;
    private final ExportWorkflow workflow;
    private final UnlinkService unlinks;
    private final ReconciliationJob reconciliation;
    private final Permissions permissions;
    private final ErpConnectors connectors;
    private final BulkUnlink bulk;
    private final BulkWorkflow bulkWorkflow;
    private final References references;
    private final RecordTypes types;
    private final RequestLimits limits;
    private final Jobs jobs;
    private final JobPanels panels;
    private final com.crosswalk.invoices.Requisitions requisitions;

    ErpIntegrationsController(ExportLists lists, ExportWorkflow workflow, UnlinkService unlinks, BulkUnlink bulk,
            BulkWorkflow bulkWorkflow, ReconciliationJob reconciliation, Permissions permissions,
            ErpConnectors connectors, References references, RecordTypes types, Jobs jobs, JobPanels panels,
            RequestLimits limits, com.crosswalk.invoices.Requisitions requisitions) {
        this.requisitions = requisitions;
        this.limits = limits;
        this.types = types;
        this.lists = lists;
        this.workflow = workflow;
        this.unlinks = unlinks;
        this.reconciliation = reconciliation;
        this.permissions = permissions;
        this.connectors = connectors;
        this.bulk = bulk;
        this.bulkWorkflow = bulkWorkflow;
        this.references = references;
        this.jobs = jobs;
        this.panels = panels;
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

    private static boolean isCco(RecordType<?> kind) {
        return "commitment_change_order".equals(kind.recordType());
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
     * record of the ERP (its list is loaded after the page, {@link #erpList}, so a slow ERP never holds the page) or
     * exported. Linking and exporting run as jobs; the row follows its job until it is done.
     */
    @GetMapping("/erp/{records:vendors|projects}")
    String references(@AuthenticationPrincipal SignedInUser user, @PathVariable String records, Model model) {
        long companyId = company(user);
        Ref ref = ref(records);
        model.addAttribute("rows", references.all(user, companyId, ref));
        referenceModel(user, companyId, records, model);
        if (ref == Ref.PROJECT && Boolean.TRUE.equals(model.getAttribute("mayChange"))) {
            panels.onPage(user, companyId, List.of("cost_code_import")).stream().findFirst()
                    .ifPresent(job -> {
                        model.addAttribute("importJob", job);
                        model.addAttribute("importTitle", JobPanels.title(job, connectors.displayName(companyId)));
                    });
        }
        return "erp/" + records;
    }

    private void referenceModel(SignedInUser user, long companyId, String records, Model model) {
        boolean mayChange = permissions.access(user).erpIntegrations().atLeast(PermissionLevel.STANDARD);
        model.addAttribute("tab", records);
        model.addAttribute("records", records);
        model.addAttribute("erp", connectors.displayName(companyId));
        model.addAttribute("mayChange", mayChange);
    }

    /** The ERP's own vendors or projects, to link to: a {@code <datalist>} the page loads after it is shown. */
    @GetMapping("/erp/{records:vendors|projects}/erp-list")
    String erpList(@AuthenticationPrincipal SignedInUser user, @PathVariable String records, Model model) {
        long companyId = company(user);
        model.addAttribute("erp", connectors.displayName(companyId));
        model.addAttribute("erpList", List.of());
        try {
            model.addAttribute("erpList", references.erpList(user, companyId, ref(records)));
        } catch (CrosswalkException e) {
            model.addAttribute("erpListError", e.getMessage());
        }
        return "erp/reference-row :: erp-list";
    }

    /**
     * Link to an existing ERP record or export, as a job: with htmx the row is answered at once — refused in red
     * (e.g. "already linked"), or following its job ({@link #referenceRow}) until it ends green or red. Without
     * JavaScript: a redirect with the job's state.
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
        Job job = null;
        String error = null;
        try {
            if (action.equals("link") && (erpKey == null || erpKey.isEmpty() || erpKey.length() > 100)) {
                throw new BadRequestException("Choose the " + erp + " record to link to from the list.");
            }
            JobStart start = action.equals("link") ? references.startLink(user, companyId, ref, id, erpKey)
                    : references.startExport(user, companyId, ref, id, null);
            job = start.job();
        } catch (CrosswalkException e) {
            error = e.getMessage();
        }
        if (htmx == null) {
            flash.addFlashAttribute(error == null ? "success" : "error", error == null
                    ? (action.equals("link") ? "Linking" : "Exporting") + " in the background…" : error);
            flash.addFlashAttribute("messageRow", id);
            return "redirect:/erp/" + records;
        }
        return row(user, companyId, records, id, job, error, model);
    }

    /** One vendor or project row following its link or export job: polled while the job runs. */
    @GetMapping("/erp/{records:vendors|projects}/{id}/row")
    String referenceRow(@AuthenticationPrincipal SignedInUser user, @PathVariable String records,
            @PathVariable long id, @RequestParam long job, Model model) {
        long companyId = company(user);
        return row(user, companyId, records, id, jobs.get(user, companyId, job), null, model);
    }

    private String row(SignedInUser user, long companyId, String records, long id, Job job, String error,
            Model model) {
        Ref ref = ref(records);
        Map<String, Object> row = references.one(user, companyId, ref, id);
        referenceModel(user, companyId, records, model);
        model.addAttribute("r", row);
        model.addAttribute("messageRow", id);
        if (error != null) {
            model.addAttribute("error", error);
        } else if (job != null && job.active()) {
            model.addAttribute("rowJob", job);
        } else if (job != null) {
            model.addAttribute(job.state() == Job.State.FINISHED ? "success" : "error", job.summary());
        }
        return "erp/reference-row :: row";
    }

    /** "Import cost codes from {ERP}": a job; its panel replaces the import's result area. */
    @PostMapping("/erp/cost-codes/import")
    String importCostCodes(@AuthenticationPrincipal SignedInUser user, Model model) {
        long companyId = company(user);
        return panels.started(user, references.startCostCodeImport(user, companyId), model);
    }

    /** The list as CSV: the same address asked with {@code Accept: text/csv} (the page's Download CSV). */
    @GetMapping(value = "/erp/" + RECORDS,
            produces = com.crosswalk.erp.sync.ExportListCsv.MEDIA_TYPE)
    org.springframework.http.ResponseEntity<String> csv(@AuthenticationPrincipal SignedInUser user,
            @PathVariable String records, @RequestParam(defaultValue = "ready_to_export") String view,
            @RequestParam(required = false) String search, @RequestParam(defaultValue = "-date") String sort,
            @RequestParam(name = "erp_status", required = false) String erpStatus,
            @RequestParam(name = "project_id", required = false) String projectId,
            @RequestParam(name = "vendor_id", required = false) String vendorId,
            @RequestParam(name = "commitment_id", required = false) String commitmentId,
            @RequestParam(name = "from", required = false) String from,
            @RequestParam(name = "to", required = false) String to) {
        long companyId = company(user);
        ExportLists.Filters filters = filters(projectId, vendorId, commitmentId, from, to);
        RecordType<?> kind = kind(records);
        if (!ExportLists.VIEWS.contains(view)) {
            view = "ready_to_export";
        }
        if (!"synced".equals(view) || erpStatus == null || !ExportLists.ERP_STATUSES.contains(erpStatus)) {
            erpStatus = null;
        }
        if (!List.of("-date", "date", "number", "-number").contains(sort)) {
            sort = "-date";
        }
        String q = search == null || search.isBlank() ? null : search.trim();
        ExportLists.Page p = lists.list(user, companyId, kind, view, q, sort, 1, ExportLists.MAX_PER_PAGE, erpStatus,
                filters);
        return org.springframework.http.ResponseEntity.ok()
                .header(org.springframework.http.HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\""
                        + com.crosswalk.erp.sync.ExportListCsv.fileName(kind, view) + "\"")
                .contentType(org.springframework.http.MediaType.parseMediaType("text/csv;charset=UTF-8"))
                .body(com.crosswalk.erp.sync.ExportListCsv.write(p.rows()));
    }

    /**
     * The list filters of the page's address: a value that is not an id or an ISO date (yyyy-mm-dd) is left out, as a
     * view or sort the page does not know is; "to" before "from" is left out too.
     */
    static ExportLists.Filters filters(String projectId, String vendorId, String commitmentId, String from, String to) {
        java.time.LocalDate f = day(from);
        java.time.LocalDate t = day(to);
        if (f != null && t != null && t.isBefore(f)) {
            t = null;
        }
        return new ExportLists.Filters(id(projectId), id(vendorId), id(commitmentId), f, t);
    }

    private static Long id(String s) {
        return s != null && s.matches("[1-9][0-9]{0,17}") ? Long.valueOf(s) : null;
    }

    private static java.time.LocalDate day(String s) {
        if (s == null || !s.matches("\\d{4}-\\d{2}-\\d{2}")) {
            return null;
        }
        try {
            return java.time.LocalDate.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    @GetMapping("/erp/" + RECORDS)
    String list(@AuthenticationPrincipal SignedInUser user, @PathVariable String records,
            @RequestParam(defaultValue = "ready_to_export") String view, @RequestParam(required = false) String search,
            @RequestParam(defaultValue = "-date") String sort, @RequestParam(defaultValue = "1") int page,
            @RequestParam(name = "erp_status", required = false) String erpStatus,
            @RequestParam(name = "project_id", required = false) String projectId,
            @RequestParam(name = "vendor_id", required = false) String vendorId,
            @RequestParam(name = "commitment_id", required = false) String commitmentId,
            @RequestParam(name = "from", required = false) String from,
            @RequestParam(name = "to", required = false) String to, Model model) {
        long companyId = company(user);
        ExportLists.Filters filters = filters(projectId, vendorId, commitmentId, from, to);
        model.addAttribute("filters", filters);
        model.addAttribute("filterOptions", lists.filterOptions(user, companyId));
        RecordType<?> kind = kind(records);
        if (!ExportLists.VIEWS.contains(view)) {
            view = "ready_to_export";
        }
        if (!"synced".equals(view) || erpStatus == null || !ExportLists.ERP_STATUSES.contains(erpStatus)) {
            erpStatus = null;
        }
        if (!List.of("-date", "date", "number", "-number").contains(sort)) {
            sort = "-date";
        }
        String q = search == null || search.isBlank() ? null : search.trim();
        ExportLists.Page p = lists.list(user, companyId, kind, view, q, sort, Math.max(1, page), PER_PAGE, erpStatus,
                filters);
        model.addAttribute("erpStatus", erpStatus);
        Map<String, Long> viewCounts = lists.viewCounts(user, companyId, kind);
        model.addAttribute("viewCounts", viewCounts);
        model.addAttribute("tabCounts", tabCounts(user, companyId, kind, viewCounts));
        if (isRequisition(kind) && view.equals("synced")) {
            model.addAttribute("payments", requisitions.payments(companyId,
                    p.rows().stream().map(ExportLists.Row::id).toList()));
        }
        var access = permissions.access(user);
        model.addAttribute("tab", records);
        model.addAttribute("kind", kind.prefix());
        model.addAttribute("noun", kind.noun());
        model.addAttribute("recordType", kind.recordType());
        model.addAttribute("rowPrefix", kind.prefix() + "-row-");
        model.addAttribute("hasParent", kind.parent().isPresent());
        model.addAttribute("listLabel", LIST_LABELS.getOrDefault(kind.recordType(), kind.noun() + "s"));
        model.addAttribute("detailPath", DETAIL_PATHS.getOrDefault(kind.recordType(), kind.pagePath()));
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
        model.addAttribute("selectable", selectable(view, kind, access.isAccountingApprover(), p));
        model.addAttribute("base", "/erp/" + records);
        Map<String, Job> pageJobs = pageJobs(user, companyId, view, kind, access.isAccountingApprover(),
                access.erpIntegrations().atLeast(PermissionLevel.STANDARD));
        model.addAttribute("jobs", pageJobs);
        Map<String, String> titles = new java.util.HashMap<>();
        pageJobs.values().forEach(j -> titles.put(j.kind(), JobPanels.title(j, connectors.displayName(companyId))));
        model.addAttribute("jobTitles", titles);
        String bulkAction = switch (view) {
            case "synced" -> isCco(kind) || isRequisition(kind) ? "unlink" : null;
            case "ready_to_export" -> access.isAccountingApprover() ? "accept" : null;
            case "failed" -> access.isAccountingApprover() ? "retry" : null;
            default -> null;
        };
        model.addAttribute("bulkAction", bulkAction);
        model.addAttribute("bulkNouns", isCco(kind) ? "change orders" : kind.noun() + "s");
        model.addAttribute("bulkKind", bulkAction == null ? null : switch (bulkAction) {
            case "unlink" -> BulkUnlink.KIND;
            case "accept" -> BulkWorkflow.ACCEPT;
            default -> BulkWorkflow.RETRY;
        });
        return "erp/records";
    }

    /** Each record tab's count of records waiting (Ready to Export) or Failed to Export, by page path. */
    private Map<String, Long> tabCounts(SignedInUser user, long companyId, RecordType<?> shown,
            Map<String, Long> shownCounts) {
        Map<String, Long> out = new java.util.HashMap<>();
        for (RecordType<?> t : types.all()) {
            Map<String, Long> c = t == shown ? shownCounts : lists.viewCounts(user, companyId, t);
            out.put(t.pagePath(), c.get("ready_to_export") + c.get("failed"));
        }
        return out;
    }

    private static boolean isRequisition(RecordType<?> kind) {
        return com.crosswalk.invoices.Requisitions.RECORD_TYPE.equals(kind.recordType());
    }

    /** Rows of this view can be selected for a bulk action: unlink (synced CCOs), accept or retry (approvers). */
    private static boolean selectable(String view, RecordType<?> kind, boolean approver, ExportLists.Page p) {
        return switch (view) {
            case "synced" -> (isCco(kind) || isRequisition(kind)) && p.rows().stream().anyMatch(ExportLists.Row::canUnlink);
            case "ready_to_export", "failed" -> approver && !p.rows().isEmpty();
            default -> false;
        };
    }

    /** The jobs this view shows when opened: its bulk action's and, on the synced view, Check now's. */
    private Map<String, Job> pageJobs(SignedInUser user, long companyId, String view, RecordType<?> kind, boolean approver,
            boolean standard) {
        List<String> kinds = new java.util.ArrayList<>();
        if (view.equals("synced") && standard) {
            kinds.add(ReconciliationJob.KIND);
        }
        if (view.equals("synced") && (isCco(kind) || isRequisition(kind))) {
            kinds.add(BulkUnlink.KIND);
        }
        if (view.equals("ready_to_export") && approver) {
            kinds.add(BulkWorkflow.ACCEPT);
        }
        if (view.equals("failed") && approver) {
            kinds.add(BulkWorkflow.RETRY);
        }
        Map<String, Job> out = new java.util.HashMap<>();
        if (!kinds.isEmpty()) {
            panels.onPage(user, companyId, kinds).forEach(j -> out.put(j.kind(), j));
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ workflow actions

    /** "Accept selected" / "Retry selected": one job; its panel shows the progress and, per row, the result. */
    @PostMapping("/erp/" + RECORDS + "/{action:accept|retry}")
    String bulkAct(@AuthenticationPrincipal SignedInUser user, @PathVariable String records,
            @PathVariable String action, @ModelAttribute SelectionForm form, BindingResult errors, Model model,
            jakarta.servlet.http.HttpServletResponse response) {
        long companyId = company(user);
        RecordType<?> kind = kind(records);
        List<Long> ids = form.selected();
        try {
            if (ids == null) {
                throw new BadRequestException("The selection is not valid; reload the page and select again.");
            }
            JobStart start = action.equals("accept") ? bulkWorkflow.startAccept(user, companyId, kind, ids)
                    : bulkWorkflow.startRetry(user, companyId, kind, ids);
            return panels.started(user, start, model);
        } catch (CrosswalkException e) {
            response.setHeader("HX-Reswap", "none");
            model.addAttribute("ok", false);
            model.addAttribute("message", ids != null && ids.isEmpty()
                    ? "Select the records to " + action + " first." : e.getMessage());
            return "erp/unlink-result :: bulk-refused";
        }
    }

    /** Accept, Retry, Reject: the reason of a rejection, and the view to go back to. */
    public record ActionForm(String reason, String view) {
    }

    @PostMapping("/erp/" + RECORDS + "/{id}/{action:accept|retry|reject}")
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
    @PostMapping("/erp/" + RECORDS + "/{id}/unlink")
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
     * "Unlink selected": a {@link BulkUnlink} job (the REST API's: the ERP asked about all of them at once, then each
     * id through the single unlink). Its panel shows the progress; when it has finished each row gets its own green
     * or red result. The rows stay so the results can be read.
     */
    /** The ids of the rows ticked for a bulk action (as typed: a bad one makes the selection invalid). */
    public record SelectionForm(List<String> ids) {

        /** The distinct ids, or null when one of them is not an id. */
        List<Long> selected() {
            List<String> ticked = ids == null ? List.of() : ids;
            List<Long> out = ticked.stream().map(FormInput::id).flatMap(java.util.Optional::stream).distinct().toList();
            return out.size() == ticked.stream().distinct().count() ? out : null;
        }
    }

    @PostMapping("/erp/{records:commitment-change-orders|requisitions}/unlink")
    String unlinkSelected(@AuthenticationPrincipal SignedInUser user, @PathVariable String records,
            @ModelAttribute SelectionForm form, BindingResult errors, Model model,
            jakarta.servlet.http.HttpServletResponse response) {
        long companyId = company(user);
        RecordType<?> kind = kind(records);
        List<Long> selected = form.selected();
        if (selected == null || selected.isEmpty()) {
            response.setHeader("HX-Reswap", "none");
            model.addAttribute("ok", false);
            model.addAttribute("message", selected == null
                    ? "The selection is not valid; reload the page and select again."
                    : "Select the " + (isCco(kind) ? "change orders" : kind.noun() + "s") + " to unlink first.");
            return "erp/unlink-result :: bulk-refused";
        }
        try {
            limits.beforeUnlink(user);
            return panels.started(user, bulk.start(user, companyId, kind, selected), model);
        } catch (CrosswalkException e) {
            response.setHeader("HX-Reswap", "none");
            model.addAttribute("ok", false);
            model.addAttribute("message", e.getMessage());
            return "erp/unlink-result :: bulk-refused";
        }
    }

    /**
     * "Check {ERP} now": the reconciliation of every synced record as a job; its panel (progress bar, then the
     * counts) replaces the result area. A second click while it runs shows the running one.
     */
    @PostMapping("/erp/reconcile")
    String reconcile(@AuthenticationPrincipal SignedInUser user, Model model,
            jakarta.servlet.http.HttpServletResponse response) {
        long companyId = company(user);
        try {
            limits.reconcile(user);
            return panels.started(user, reconciliation.start(user, companyId), model);
        } catch (CrosswalkException e) {
            response.setHeader("HX-Reswap", "none");
            model.addAttribute("ok", false);
            model.addAttribute("message", e.getMessage());
            return "erp/unlink-result :: bulk-refused";
        }
    }

    static Map<String, String> views(String erp) {
        return Map.of("ready_to_export", "Ready to Export", "exporting", "Exporting", "failed", "Failed to Export",
                "synced", "Successfully Synced with " + erp, "rejected", "Rejected");
    }
}
