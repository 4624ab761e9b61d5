package com.crosswalk.web.commitments;

import com.crosswalk.commitments.ChangeOrders;
import com.crosswalk.commitments.ChangeOrders.ChangeOrder;
import com.crosswalk.commitments.Commitments;
import com.crosswalk.directory.PermissionLevel;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.erp.export.ExportWorkflow;
import com.crosswalk.erp.sync.RecordType;
import com.crosswalk.erp.sync.RecordTypes;
import com.crosswalk.projects.Projects;
import com.crosswalk.shared.CrosswalkException;
import com.crosswalk.shared.NotFoundException;
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
 * The project tool Commitments: projects → commitments → a commitment with its SOV and CCOs → a CCO with its
 * lifecycle (create, edit, approve, back to Draft, delete, Send to ERP, Retrieve). Every action calls
 * {@link ChangeOrders} / {@link ExportWorkflow} — the REST API's beans — and shows their refusal next to the button
 * that caused it.
 */
@Controller
class CommitmentsPagesController {

    static final int LINE_ROWS = 3;

    private final Permissions permissions;
    private final Commitments commitments;
    private final ChangeOrders changeOrders;
    private final ExportWorkflow workflow;
    private final ErpConnectors connectors;
    private final Projects projects;
    private final RecordTypes types;

    CommitmentsPagesController(Permissions permissions, Commitments commitments, ChangeOrders changeOrders,
            ExportWorkflow workflow, ErpConnectors connectors, Projects projects, RecordTypes types) {
        this.types = types;
        this.permissions = permissions;
        this.commitments = commitments;
        this.changeOrders = changeOrders;
        this.workflow = workflow;
        this.connectors = connectors;
        this.projects = projects;
    }

    private static long company(SignedInUser user) {
        if (user.companyId() == null) {
            throw new NotFoundException("Projects belong to a company; the operator has none");
        }
        return user.companyId();
    }

    @GetMapping("/projects")
    String projects(@AuthenticationPrincipal SignedInUser user, Model model) {
        model.addAttribute("projects", projects.visible(user, company(user)));
        return "commitments/projects";
    }

    @GetMapping("/projects/{projectId}")
    String project(@PathVariable long projectId) {
        return "redirect:/projects/" + projectId + "/commitments";
    }

    private void projectModel(SignedInUser user, long projectId, Model model) {
        long companyId = permissions.requireProjectRead(user, projectId);
        PermissionLevel level = permissions.access(user).commitments(projectId);
        model.addAttribute("project", projects.get(user, projectId));
        model.addAttribute("erp", connectors.displayName(companyId));
        model.addAttribute("level", level.label());
        model.addAttribute("mayEdit", level.atLeast(PermissionLevel.STANDARD));
        model.addAttribute("mayAdmin", level.atLeast(PermissionLevel.ADMIN));
    }

    @GetMapping("/projects/{projectId}/commitments")
    String commitmentList(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, Model model) {
        projectModel(user, projectId, model);
        model.addAttribute("commitments", commitments.list(projectId));
        return "commitments/commitments";
    }

    @GetMapping("/projects/{projectId}/commitments/{id}")
    String commitment(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id,
            Model model) {
        projectModel(user, projectId, model);
        Commitments.Commitment commitment = commitments.get(projectId, id);
        model.addAttribute("commitment", commitment);
        model.addAttribute("changeOrders", changeOrders.list(projectId, id));
        model.addAttribute("erpState", commitment.erp().state());
        model.addAttribute("sentByMe", sentBy(user, commitment.erp()));
        return "commitments/commitment";
    }

    private static boolean sentBy(SignedInUser user, com.crosswalk.commitments.ErpSync erp) {
        return erp.sentBy() != null && erp.sentBy().id() == user.id();
    }

    /** Send a commitment to the ERP (Ready to Export): refusals listed next to the button, as for a CCO. */
    @PostMapping("/projects/{projectId}/commitments/{id}/send")
    String sendCommitment(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId,
            @PathVariable long id, RedirectAttributes flash) {
        sendToErp(user, projectId, types.byRecordType("commitment"), id, flash);
        return "redirect:/projects/" + projectId + "/commitments/" + id;
    }

    @PostMapping("/projects/{projectId}/commitments/{id}/retrieve")
    String retrieveCommitment(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId,
            @PathVariable long id, RedirectAttributes flash) {
        retrieveFromErp(user, projectId, types.byRecordType("commitment"), id, "retrieveError", flash);
        return "redirect:/projects/" + projectId + "/commitments/" + id;
    }

    @GetMapping("/projects/{projectId}/change-orders/{id}")
    String changeOrder(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id,
            Model model) {
        projectModel(user, projectId, model);
        ChangeOrder cco = changeOrders.get(projectId, id);
        model.addAttribute("cco", cco);
        Commitments.Commitment commitment = commitments.get(projectId, cco.commitmentId());
        model.addAttribute("commitment", commitment);
        model.addAttribute("sovNumbers", commitment.lineItems().stream().collect(java.util.stream.Collectors.toMap(
                Commitments.LineView::id, Commitments.LineView::lineNumber)));
        model.addAttribute("statuses", List.of("draft", "pending", "approved", "rejected", "void"));
        model.addAttribute("erpState", cco.erp().state());
        model.addAttribute("sentByMe", sentBy(user, cco.erp()));
        return "commitments/change-order";
    }

    // ------------------------------------------------------------------------------------------------ the form

    @GetMapping("/projects/{projectId}/change-orders/new")
    String newForm(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId,
            @RequestParam long commitment, Model model) {
        projectModel(user, projectId, model);
        formModel(user, projectId, commitments.get(projectId, commitment), null, model);
        model.addAttribute("form", Form.empty());
        return "commitments/change-order-form";
    }

    @GetMapping("/projects/{projectId}/change-orders/{id}/edit")
    String editForm(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id,
            Model model) {
        projectModel(user, projectId, model);
        ChangeOrder cco = changeOrders.get(projectId, id);
        formModel(user, projectId, commitments.get(projectId, cco.commitmentId()), cco, model);
        model.addAttribute("form", Form.of(cco));
        return "commitments/change-order-form";
    }

    private void formModel(SignedInUser user, long projectId, Commitments.Commitment commitment, ChangeOrder cco,
            Model model) {
        model.addAttribute("commitment", commitment);
        model.addAttribute("cco", cco);
        model.addAttribute("costCodes", projects.costCodes(user, projectId));
        model.addAttribute("costTypes", projects.costTypes(user, permissions.requireProjectRead(user, projectId)));
    }

    /** The form as typed: header fields and {@link #LINE_ROWS} (or more) line rows. */
    public record Form(String title, String changeDate, String description, List<FormLine> lines) {

        static Form empty() {
            List<FormLine> lines = new ArrayList<>();
            for (int i = 0; i < LINE_ROWS; i++) {
                lines.add(FormLine.EMPTY);
            }
            return new Form("", LocalDate.now().toString(), "", lines);
        }

        static Form of(ChangeOrder cco) {
            List<FormLine> lines = new ArrayList<>(cco.lineItems().stream().map(l -> new FormLine(
                    l.commitmentLineItemId() == null ? "" : l.commitmentLineItemId().toString(),
                    l.costCode() == null ? "" : l.costCode(), l.costType() == null ? "" : l.costType(),
                    l.description(), l.amount().toPlainString())).toList());
            while (lines.size() < LINE_ROWS) {
                lines.add(FormLine.EMPTY);
            }
            return new Form(cco.title(), cco.changeDate() == null ? "" : cco.changeDate().toString(),
                    cco.description(), lines);
        }
    }

    public record FormLine(String sov, String costCode, String costType, String description, String amount) {
        static final FormLine EMPTY = new FormLine("", "", "", "", "");

        boolean blank() {
            return (amount == null || amount.isBlank()) && (description == null || description.isBlank());
        }
    }

    private static Form read(String title, String changeDate, String description, String[] sov, String[] costCode,
            String[] costType, String[] lineDescription, String[] amount) {
        int n = amount == null ? 0 : amount.length;
        List<FormLine> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add(new FormLine(at(sov, i), at(costCode, i), at(costType, i), at(lineDescription, i), at(amount, i)));
        }
        return new Form(title == null ? "" : title, changeDate == null ? "" : changeDate,
                description == null ? "" : description, lines);
    }

    private static String at(String[] values, int i) {
        return values == null || i >= values.length || values[i] == null ? "" : values[i].trim();
    }

    /** Turns the typed form into the service's lines; a figure that is not a number is refused with its row. */
    private static List<ChangeOrders.Line> lines(Form form) {
        List<ChangeOrders.Line> lines = new ArrayList<>();
        int row = 0;
        for (FormLine l : form.lines()) {
            row++;
            if (l.blank()) {
                continue;
            }
            BigDecimal amount;
            try {
                amount = new BigDecimal(l.amount().replace(",", ""));
            } catch (NumberFormatException e) {
                throw new FormException("Line " + row + ": the amount '" + l.amount() + "' is not a number");
            }
            lines.add(new ChangeOrders.Line(l.sov().isBlank() ? null : Long.valueOf(l.sov()),
                    l.costCode().isBlank() ? null : l.costCode(), l.costType().isBlank() ? null : l.costType(),
                    l.description(), null, null, amount));
        }
        return lines;
    }

    private static LocalDate date(Form form) {
        if (form.changeDate().isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(form.changeDate());
        } catch (DateTimeParseException e) {
            throw new FormException("The date '" + form.changeDate() + "' is not a date (use YYYY-MM-DD)");
        }
    }

    static final class FormException extends RuntimeException {
        FormException(String message) {
            super(message);
        }
    }

    @PostMapping("/projects/{projectId}/change-orders")
    String create(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId,
            @RequestParam long commitment, @RequestParam(required = false) String title,
            @RequestParam(required = false) String changeDate, @RequestParam(required = false) String description,
            @RequestParam(name = "lineSov", required = false) String[] sov,
            @RequestParam(name = "lineCostCode", required = false) String[] costCode,
            @RequestParam(name = "lineCostType", required = false) String[] costType,
            @RequestParam(name = "lineDescription", required = false) String[] lineDescription,
            @RequestParam(name = "lineAmount", required = false) String[] amount, Model model,
            RedirectAttributes flash) {
        Form form = read(title, changeDate, description, sov, costCode, costType, lineDescription, amount);
        try {
            ChangeOrder created = changeOrders.create(user, projectId, commitment, form.title(), date(form),
                    form.description(), lines(form));
            flash.addFlashAttribute("success", "Created CCO " + created.number() + ".");
            return "redirect:/projects/" + projectId + "/change-orders/" + created.id();
        } catch (CrosswalkException | FormException e) {
            projectModel(user, projectId, model);
            formModel(user, projectId, commitments.get(projectId, commitment), null, model);
            model.addAttribute("form", form);
            model.addAttribute("formError", e.getMessage());
            return "commitments/change-order-form";
        }
    }

    @PostMapping("/projects/{projectId}/change-orders/{id}")
    String update(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id,
            @RequestParam(required = false) String title, @RequestParam(required = false) String changeDate,
            @RequestParam(required = false) String description,
            @RequestParam(name = "lineSov", required = false) String[] sov,
            @RequestParam(name = "lineCostCode", required = false) String[] costCode,
            @RequestParam(name = "lineCostType", required = false) String[] costType,
            @RequestParam(name = "lineDescription", required = false) String[] lineDescription,
            @RequestParam(name = "lineAmount", required = false) String[] amount, Model model,
            RedirectAttributes flash) {
        permissions.requireProjectRead(user, projectId);
        Form form = read(title, changeDate, description, sov, costCode, costType, lineDescription, amount);
        try {
            changeOrders.update(user, projectId, id, new ChangeOrders.Changes(form.title(), date(form),
                    form.description(), null, lines(form)));
            flash.addFlashAttribute("success", "Saved.");
            return "redirect:/projects/" + projectId + "/change-orders/" + id;
        } catch (CrosswalkException | FormException e) {
            projectModel(user, projectId, model);
            ChangeOrder cco = changeOrders.get(projectId, id);
            formModel(user, projectId, commitments.get(projectId, cco.commitmentId()), cco, model);
            model.addAttribute("form", form);
            model.addAttribute("formError", e.getMessage());
            return "commitments/change-order-form";
        }
    }

    // ---------------------------------------------------------------------------------------------- lifecycle

    @PostMapping("/projects/{projectId}/change-orders/{id}/status")
    String status(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id,
            @RequestParam String status, RedirectAttributes flash) {
        permissions.requireProjectRead(user, projectId);
        try {
            ChangeOrder after = changeOrders.update(user, projectId, id,
                    new ChangeOrders.Changes(null, null, null, status, null));
            flash.addFlashAttribute("success", "CCO " + after.number() + " is now " + label(after.status()) + ".");
        } catch (CrosswalkException e) {
            flash.addFlashAttribute("statusError", e.getMessage());
        }
        return "redirect:/projects/" + projectId + "/change-orders/" + id;
    }

    @PostMapping("/projects/{projectId}/change-orders/{id}/delete")
    String delete(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id,
            RedirectAttributes flash) {
        permissions.requireProjectRead(user, projectId);
        ChangeOrder cco = changeOrders.get(projectId, id);
        try {
            changeOrders.delete(user, projectId, id);
            flash.addFlashAttribute("success", "Deleted CCO " + cco.number() + " '" + cco.title() + "'.");
            return "redirect:/projects/" + projectId + "/commitments/" + cco.commitmentId();
        } catch (CrosswalkException e) {
            flash.addFlashAttribute("deleteError", e.getMessage());
            return "redirect:/projects/" + projectId + "/change-orders/" + id;
        }
    }

    @PostMapping("/projects/{projectId}/change-orders/{id}/send")
    String send(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id,
            RedirectAttributes flash) {
        sendToErp(user, projectId, types.byRecordType("commitment_change_order"), id, flash);
        return "redirect:/projects/" + projectId + "/change-orders/" + id;
    }

    @PostMapping("/projects/{projectId}/change-orders/{id}/retrieve")
    String retrieve(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id,
            RedirectAttributes flash) {
        retrieveFromErp(user, projectId, types.byRecordType("commitment_change_order"), id, "sendError", flash);
        return "redirect:/projects/" + projectId + "/change-orders/" + id;
    }

    /** Send to ERP: the outcome, or the refusal with each unmet prerequisite, flashed next to the button. */
    private void sendToErp(SignedInUser user, long projectId, RecordType<?> kind, long id, RedirectAttributes flash) {
        permissions.requireProjectRead(user, projectId);
        try {
            flash.addFlashAttribute("success", workflow.send(user, projectId, kind, id).message());
        } catch (CrosswalkException e) {
            flash.addFlashAttribute("sendError", e.getMessage());
            flash.addFlashAttribute("sendProblems", e.problems());
        }
    }

    /** Retrieve from the ERP: the outcome, or the refusal flashed as {@code errorAttribute}. */
    private void retrieveFromErp(SignedInUser user, long projectId, RecordType<?> kind, long id, String errorAttribute,
            RedirectAttributes flash) {
        long companyId = permissions.requireProjectRead(user, projectId);
        try {
            flash.addFlashAttribute("success", workflow.retrieve(user, companyId, kind, id).message());
        } catch (CrosswalkException e) {
            flash.addFlashAttribute(errorAttribute, e.getMessage());
        }
    }

    static String label(String status) {
        return status == null || status.isEmpty() ? "" : Character.toUpperCase(status.charAt(0)) + status.substring(1);
    }
}
