package com.crosswalk.web.invoices;

import com.crosswalk.commitments.Commitments;
import com.crosswalk.directory.PermissionLevel;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.erp.export.ExportWorkflow;
import com.crosswalk.erp.sync.RecordTypes;
import com.crosswalk.invoices.Requisitions;
import com.crosswalk.invoices.Requisitions.LineInput;
import com.crosswalk.invoices.Requisitions.Requisition;
import com.crosswalk.projects.Projects;
import com.crosswalk.shared.CrosswalkException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Subcontractor invoices in the Commitments tool: a commitment's invoices, an invoice's page (the G702 summary, the
 * G703 lines, payments read back from the ERP) with its actions (submit, approve, revise, Send to ERP), and the form
 * that enters or edits one (this period's work and the materials presently stored, per SOV line). Every action calls
 * {@link Requisitions} / {@link ExportWorkflow} — the REST API's beans — and shows their refusal beside its button.
 */
@Controller
class InvoicePagesController {

    private final Permissions permissions;
    private final Commitments commitments;
    private final Requisitions requisitions;
    private final ExportWorkflow workflow;
    private final ErpConnectors connectors;
    private final Projects projects;
    private final RecordTypes types;

    InvoicePagesController(Permissions permissions, Commitments commitments, Requisitions requisitions,
            ExportWorkflow workflow, ErpConnectors connectors, Projects projects, RecordTypes types) {
        this.permissions = permissions;
        this.commitments = commitments;
        this.requisitions = requisitions;
        this.workflow = workflow;
        this.connectors = connectors;
        this.projects = projects;
        this.types = types;
    }

    private void projectModel(SignedInUser user, long projectId, long commitmentId, Model model) {
        long companyId = permissions.requireProjectRead(user, projectId);
        PermissionLevel level = permissions.access(user).commitments(projectId);
        model.addAttribute("project", projects.get(user, projectId));
        model.addAttribute("commitment", commitments.get(user, projectId, commitmentId));
        model.addAttribute("erp", connectors.displayName(companyId));
        model.addAttribute("mayEdit", level.atLeast(PermissionLevel.STANDARD));
        model.addAttribute("mayAdmin", level.atLeast(PermissionLevel.ADMIN));
    }

    @GetMapping("/projects/{projectId}/commitments/{commitmentId}/invoices")
    String list(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long commitmentId,
            Model model) {
        projectModel(user, projectId, commitmentId, model);
        model.addAttribute("invoices", requisitions.list(user, projectId, commitmentId));
        return "invoices/invoices";
    }

    @GetMapping("/projects/{projectId}/invoices/{id}")
    String invoice(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id,
            Model model) {
        Requisition r = requisitions.get(user, projectId, id);
        projectModel(user, projectId, r.commitmentId(), model);
        model.addAttribute("invoice", r);
        return "invoices/invoice";
    }

    @GetMapping("/projects/{projectId}/commitments/{commitmentId}/invoices/new")
    String newForm(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId,
            @PathVariable long commitmentId, Model model) {
        projectModel(user, projectId, commitmentId, model);
        model.addAttribute("invoice", null);
        if (!model.containsAttribute("form")) {
            LocalDate today = LocalDate.now();
            model.addAttribute("form", new InvoiceForm(today.withDayOfMonth(1).toString(),
                    today.withDayOfMonth(today.lengthOfMonth()).toString(), "", List.of(), List.of(), List.of()));
        }
        return "invoices/invoice-form";
    }

    @GetMapping("/projects/{projectId}/invoices/{id}/edit")
    String editForm(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id,
            Model model) {
        Requisition r = requisitions.get(user, projectId, id);
        projectModel(user, projectId, r.commitmentId(), model);
        model.addAttribute("invoice", r);
        if (!model.containsAttribute("form")) {
            List<String> sov = new ArrayList<>();
            List<String> work = new ArrayList<>();
            List<String> stored = new ArrayList<>();
            for (Requisitions.Line l : r.lines()) {
                sov.add(Long.toString(l.commitmentLineItemId()));
                work.add(l.workCompletedThisPeriod().toPlainString());
                stored.add(l.materialsPresentlyStored().toPlainString());
            }
            model.addAttribute("form", new InvoiceForm(r.periodStart().toString(), r.periodEnd().toString(), r.description(), sov,
                    work, stored));
        }
        return "invoices/invoice-form";
    }

    private static List<LineInput> lines(InvoiceForm f) {
        List<LineInput> out = new ArrayList<>();
        for (int i = 0; i < f.lineSov().size(); i++) {
            BigDecimal work = money(i < f.lineWork().size() ? f.lineWork().get(i) : "", "work completed this period");
            BigDecimal stored = money(i < f.lineStored().size() ? f.lineStored().get(i) : "", "materials presently stored");
            if (work == null && stored == null) continue;
            out.add(new LineInput(Long.parseLong(f.lineSov().get(i)), work, stored, null, null, null));
        }
        return out;
    }

    private static BigDecimal money(String v, String what) {
        if (v == null || v.isBlank()) return null;
        try {
            return new BigDecimal(v.strip().replace(",", ""));
        } catch (NumberFormatException e) {
            throw new com.crosswalk.shared.BadRequestException("'" + v + "' is not an amount (" + what + ")");
        }
    }

    private static LocalDate date(String v, String what) {
        try {
            return v == null || v.isBlank() ? null : LocalDate.parse(v.strip());
        } catch (DateTimeParseException e) {
            throw new com.crosswalk.shared.BadRequestException(what + " must be a date (YYYY-MM-DD)");
        }
    }

    @PostMapping("/projects/{projectId}/commitments/{commitmentId}/invoices")
    String create(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long commitmentId,
            @RequestParam(defaultValue = "") String periodStart, @RequestParam(defaultValue = "") String periodEnd,
            @RequestParam(defaultValue = "") String description,
            @RequestParam(required = false) List<String> lineSov, @RequestParam(required = false) List<String> lineWork,
            @RequestParam(required = false) List<String> lineStored, RedirectAttributes flash) {
        InvoiceForm f = new InvoiceForm(periodStart, periodEnd, description, nz(lineSov), nz(lineWork), nz(lineStored));
        try {
            Requisition r = requisitions.create(user, projectId, commitmentId, date(periodStart, "Period start"),
                    date(periodEnd, "Period end"), null, description, lines(f));
            flash.addFlashAttribute("success", "Invoice #" + r.number() + " created (Draft).");
            return "redirect:/projects/" + projectId + "/invoices/" + r.id();
        } catch (CrosswalkException e) {
            flash.addFlashAttribute("form", f);
            flash.addFlashAttribute("formError", e.getMessage());
            return "redirect:/projects/" + projectId + "/commitments/" + commitmentId + "/invoices/new";
        }
    }

    @PostMapping("/projects/{projectId}/invoices/{id}")
    String update(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id,
            @RequestParam(defaultValue = "") String periodStart, @RequestParam(defaultValue = "") String periodEnd,
            @RequestParam(defaultValue = "") String description,
            @RequestParam(required = false) List<String> lineSov, @RequestParam(required = false) List<String> lineWork,
            @RequestParam(required = false) List<String> lineStored, RedirectAttributes flash) {
        InvoiceForm f = new InvoiceForm(periodStart, periodEnd, description, nz(lineSov), nz(lineWork), nz(lineStored));
        try {
            requisitions.update(user, projectId, id, new Requisitions.Changes(date(periodStart, "Period start"),
                    date(periodEnd, "Period end"), null, description, null, lines(f)));
            flash.addFlashAttribute("success", "Invoice saved.");
            return "redirect:/projects/" + projectId + "/invoices/" + id;
        } catch (CrosswalkException e) {
            flash.addFlashAttribute("form", f);
            flash.addFlashAttribute("formError", e.getMessage());
            return "redirect:/projects/" + projectId + "/invoices/" + id + "/edit";
        }
    }

    @GetMapping("/projects/{projectId}/commitments/{commitmentId}/invoices/release/new")
    String newReleaseForm(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId,
            @PathVariable long commitmentId, Model model) {
        projectModel(user, projectId, commitmentId, model);
        model.addAttribute("releasable", requisitions.releasableRetainage(user, projectId, commitmentId));
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new ReleaseForm(LocalDate.now().toString(), "", false, List.of(), List.of(), List.of()));
        }
        return "invoices/release-form";
    }

    @PostMapping("/projects/{projectId}/commitments/{commitmentId}/invoices/release")
    String createRelease(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId,
            @PathVariable long commitmentId, @RequestParam(defaultValue = "") String billingDate,
            @RequestParam(defaultValue = "") String description, @RequestParam(defaultValue = "false") boolean releaseAll,
            @RequestParam(required = false) List<String> lineSov, @RequestParam(required = false) List<String> lineAmount,
            @RequestParam(required = false) List<String> linePercent, RedirectAttributes flash) {
        ReleaseForm f = new ReleaseForm(billingDate, description, releaseAll, nz(lineSov), nz(lineAmount), nz(linePercent));
        try {
            List<Requisitions.ReleaseInput> lines = new ArrayList<>();
            if (!releaseAll) {
                for (int i = 0; i < f.lineSov().size(); i++) {
                    BigDecimal amount = money(i < f.lineAmount().size() ? f.lineAmount().get(i) : "", "amount to release");
                    BigDecimal percent = money(i < f.linePercent().size() ? f.linePercent().get(i) : "", "percent to release");
                    if (amount == null && percent == null) continue;
                    lines.add(new Requisitions.ReleaseInput(Long.parseLong(f.lineSov().get(i)), amount, percent));
                }
            }
            Requisition r = requisitions.createRelease(user, projectId, commitmentId, date(billingDate, "Billing date"),
                    description, releaseAll, lines);
            flash.addFlashAttribute("success", "Invoice #" + r.number() + " created (Draft): retainage release of "
                    + r.retainageTotals().releasedThisInvoice().toPlainString() + ".");
            return "redirect:/projects/" + projectId + "/invoices/" + r.id();
        } catch (CrosswalkException e) {
            flash.addFlashAttribute("form", f);
            flash.addFlashAttribute("formError", e.getMessage());
            return "redirect:/projects/" + projectId + "/commitments/" + commitmentId + "/invoices/release/new";
        }
    }

    private static List<String> nz(List<String> l) {
        return l == null ? List.of() : l;
    }

    /** Status moves: submit (Under Review), revise (Revise and Resubmit), approve, approve as noted. */
    @PostMapping("/projects/{projectId}/invoices/{id}/status")
    String status(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id,
            @RequestParam String to, RedirectAttributes flash) {
        try {
            Requisition r = switch (to) {
                case "approved" -> requisitions.approve(user, projectId, id, false);
                case "approved_as_noted" -> requisitions.approve(user, projectId, id, true);
                default -> requisitions.update(user, projectId, id, new Requisitions.Changes(null, null, null, null, to, null));
            };
            flash.addFlashAttribute("success", "Invoice #" + r.number() + " is " + r.statusLabel() + ".");
        } catch (CrosswalkException e) {
            flash.addFlashAttribute("statusError", e.getMessage());
        }
        return "redirect:/projects/" + projectId + "/invoices/" + id;
    }

    @PostMapping("/projects/{projectId}/invoices/{id}/send")
    String send(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id,
            RedirectAttributes flash) {
        permissions.requireProjectRead(user, projectId);
        try {
            flash.addFlashAttribute("success", workflow.send(user, projectId, types.byRecordType(Requisitions.RECORD_TYPE), id)
                    .message());
        } catch (CrosswalkException e) {
            flash.addFlashAttribute("sendError", e.getMessage());
            flash.addFlashAttribute("sendProblems", e.problems());
        }
        return "redirect:/projects/" + projectId + "/invoices/" + id;
    }
}
