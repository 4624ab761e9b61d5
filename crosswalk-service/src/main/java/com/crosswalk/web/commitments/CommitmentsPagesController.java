package com.crosswalk.web.commitments;

import com.crosswalk.budget.Budgets;
import com.crosswalk.commitments.ChangeOrders;
import com.crosswalk.commitments.ChangeOrders.ChangeOrder;
import com.crosswalk.commitments.ChangeOrders.LineView;
import com.crosswalk.commitments.Commitments;
import com.crosswalk.directory.PermissionLevel;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.erp.export.ExportWorkflow;
import com.crosswalk.erp.sync.RecordType;
import com.crosswalk.erp.sync.RecordTypes;
import com.crosswalk.projects.Projects;
import com.crosswalk.shared.BadRequestException;
import com.crosswalk.shared.CrosswalkException;
import com.crosswalk.web.FormInput;
import com.crosswalk.shared.NotFoundException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
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
    static final int MAX_LINES = 100;
    static final BigDecimal MAX_AMOUNT = new BigDecimal("9999999999999.99");

    private final Permissions permissions;
    private final Commitments commitments;
    private final ChangeOrders changeOrders;
    private final ExportWorkflow workflow;
    private final ErpConnectors connectors;
    private final Projects projects;
    private final RecordTypes types;
    private final Budgets budgets;

    CommitmentsPagesController(Permissions permissions, Commitments commitments, ChangeOrders changeOrders,
            ExportWorkflow workflow, ErpConnectors connectors, Projects projects, RecordTypes types, Budgets budgets) {
        this.types = types;
        this.budgets = budgets;
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
        model.addAttribute("commitments", commitments.list(user, projectId));
        // the project's money at a glance: the budget view's charts, unfiltered
        model.addAttribute("view", budgets.view(user, projectId, Budgets.Filter.NONE));
        model.addAttribute("costOverTime", budgets.costOverTime(user, projectId, null));
        model.addAttribute("query", "");
        return "commitments/commitments";
    }

    @GetMapping("/projects/{projectId}/commitments/{id}")
    String commitment(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id,
            Model model) {
        projectModel(user, projectId, model);
        Commitments.Commitment commitment = commitments.get(user, projectId, id);
        model.addAttribute("commitment", commitment);
        model.addAttribute("changeOrders", changeOrders.list(user, projectId, id));
        model.addAttribute("summary", commitments.summary(user, projectId, id));
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
        ChangeOrder cco = changeOrders.get(user, projectId, id);
        model.addAttribute("cco", cco);
        Commitments.Commitment commitment = commitments.get(user, projectId, cco.commitmentId());
        model.addAttribute("commitment", commitment);
        model.addAttribute("sovNumbers", commitment.lineItems().stream().collect(java.util.stream.Collectors.toMap(
                Commitments.LineView::id, Commitments.LineView::lineNumber)));
        model.addAttribute("statuses", STATUSES);
        model.addAttribute("erpState", cco.erp().state());
        model.addAttribute("sentByMe", sentBy(user, cco.erp()));
        return "commitments/change-order";
    }

    // ------------------------------------------------------------------------------------------------ the form

    @GetMapping("/projects/{projectId}/change-orders/new")
    String newForm(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId,
            @RequestParam long commitment, Model model) {
        projectModel(user, projectId, model);
        Commitments.Commitment c = commitments.get(user, projectId, commitment);
        formModel(user, projectId, c, null, ChangeOrderForm.empty(c.id()), Map.of(), null, model);
        return "commitments/change-order-form";
    }

    @GetMapping("/projects/{projectId}/change-orders/{id}/edit")
    String editForm(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id,
            Model model) {
        projectModel(user, projectId, model);
        ChangeOrder cco = changeOrders.get(user, projectId, id);
        formModel(user, projectId, commitments.get(user, projectId, cco.commitmentId()), cco, ChangeOrderForm.of(cco),
                Map.of(), null, model);
        return "commitments/change-order-form";
    }

    private void formModel(SignedInUser user, long projectId, Commitments.Commitment commitment, ChangeOrder cco,
            ChangeOrderForm form, Map<String, String> errors, String formError, Model model) {
        model.addAttribute("commitment", commitment);
        model.addAttribute("cco", cco);
        model.addAttribute("costCodes", projects.costCodes(user, projectId));
        model.addAttribute("costTypes", projects.costTypes(user, permissions.requireProjectRead(user, projectId)));
        model.addAttribute("form", form);
        model.addAttribute("lines", form.lines(LINE_ROWS));
        model.addAttribute("errors", errors);
        model.addAttribute("formError", formError);
    }

    /**
     * The CCO form as typed (bound by Spring, kept as text so a refused form shows exactly what was typed): header
     * fields and one entry per line row in each {@code line*} list (the rows' inputs share their names).
     */
    public record ChangeOrderForm(String commitment, String title, String changeDate, String description,
            List<String> lineSov, List<String> lineCostCode, List<String> lineCostType, List<String> lineDescription,
            List<String> lineAmount) {

        static ChangeOrderForm empty(long commitmentId) {
            return new ChangeOrderForm(Long.toString(commitmentId), "", LocalDate.now().toString(), "", null, null,
                    null, null, null);
        }

        static ChangeOrderForm of(ChangeOrder cco) {
            List<LineView> l = cco.lineItems();
            return new ChangeOrderForm(Long.toString(cco.commitmentId()), cco.title(),
                    cco.changeDate() == null ? "" : cco.changeDate().toString(), cco.description(),
                    l.stream().map(x -> x.commitmentLineItemId() == null ? "" : x.commitmentLineItemId().toString()).toList(),
                    l.stream().map(x -> FormInput.orEmpty(x.costCode())).toList(),
                    l.stream().map(x -> FormInput.orEmpty(x.costType())).toList(),
                    l.stream().map(x -> FormInput.orEmpty(x.description())).toList(),
                    l.stream().map(x -> x.amount().toPlainString()).toList());
        }

        /** The rows as typed, at least {@code minimum} (empty ones added for the form). */
        List<FormLine> lines(int minimum) {
            int n = FormInput.rowCount(minimum, lineSov, lineCostCode, lineCostType, lineDescription, lineAmount);
            List<FormLine> rows = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                rows.add(new FormLine(FormInput.at(lineSov, i), FormInput.at(lineCostCode, i),
                        FormInput.at(lineCostType, i), FormInput.at(lineDescription, i), FormInput.at(lineAmount, i)));
            }
            return rows;
        }

    }

    public record FormLine(String sov, String costCode, String costType, String description, String amount) {

        boolean blank() {
            return FormInput.blank(sov) && FormInput.blank(costCode) && FormInput.blank(costType)
                    && FormInput.blank(description) && FormInput.blank(amount);
        }
    }

    /** What the form means once checked; its field errors (people's words, beside each field) are in the binding. */
    private record Checked(LocalDate date, List<ChangeOrders.Line> lines) {
    }

    /** Checks every field of the form the way a person reads it; each problem goes beside its field. */
    private Checked check(SignedInUser user, long projectId, Commitments.Commitment commitment, ChangeOrderForm form,
            BindingResult errors) {
        String title = FormInput.orEmpty(form.title()).trim();
        if (title.isEmpty()) {
            reject(errors, "title", form.title(), "Enter a title.");
        } else if (title.length() > 255) {
            reject(errors, "title", form.title(), "The title can be at most 255 characters (it has " + title.length() + ").");
        }
        LocalDate date = null;
        if (!FormInput.blank(form.changeDate())) {
            try {
                date = LocalDate.parse(form.changeDate().trim());
            } catch (DateTimeParseException e) {
                reject(errors, "changeDate", form.changeDate(), "The date must be a date, like 2026-03-15.");
            }
        }
        if (FormInput.orEmpty(form.description()).length() > 4000) {
            reject(errors, "description", form.description(), "The description can be at most 4,000 characters (it has "
                    + form.description().length() + ").");
        }
        Set<String> sovIds = commitment.lineItems().stream().map(l -> Long.toString(l.id())).collect(Collectors.toSet());
        Set<String> costCodes = projects.costCodes(user, projectId).stream().map(Projects.CostCode::code)
                .collect(Collectors.toSet());
        Set<String> costTypes = projects.costTypes(user, commitmentCompany(user, projectId)).stream()
                .map(Projects.CostType::code).collect(Collectors.toSet());
        List<FormLine> rows = form.lines(0);
        if (rows.size() > MAX_LINES) {
            reject(errors, "lineAmount", null, "A change order can have at most " + MAX_LINES + " lines.");
            return new Checked(date, List.of());
        }
        List<ChangeOrders.Line> lines = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            FormLine l = rows.get(i);
            if (l.blank()) {
                continue;
            }
            String line = "Line " + (i + 1) + ": ";
            Long sov = null;
            if (!l.sov().isEmpty()) {
                if (!sovIds.contains(l.sov())) {
                    reject(errors, "lineSov[" + i + "]", l.sov(), line + "choose an SOV line of " + commitment.number()
                            + " or New line.");
                } else {
                    sov = Long.valueOf(l.sov());
                }
            }
            if (!l.costCode().isEmpty() && !costCodes.contains(l.costCode())) {
                reject(errors, "lineCostCode[" + i + "]", l.costCode(), line + "choose a cost code from the list.");
            }
            if (!l.costType().isEmpty() && !costTypes.contains(l.costType())) {
                reject(errors, "lineCostType[" + i + "]", l.costType(), line + "choose a cost type from the list.");
            }
            if (l.description().length() > 255) {
                reject(errors, "lineDescription[" + i + "]", l.description(),
                        line + "the description can be at most 255 characters.");
            }
            BigDecimal amount = null;
            if (l.amount().isEmpty()) {
                reject(errors, "lineAmount[" + i + "]", l.amount(), line + "enter an amount.");
            } else {
                amount = FormInput.amount(l.amount()).orElse(null);
                if (amount == null) {
                    reject(errors, "lineAmount[" + i + "]", l.amount(), line + "the amount must be a number, like "
                            + "1500.00 or 1,500.00 (a comma only between thousands).");
                } else if (amount.stripTrailingZeros().scale() > 2) {
                    reject(errors, "lineAmount[" + i + "]", l.amount(), line + "the amount can have at most 2 decimals.");
                    amount = null;
                } else if (amount.abs().compareTo(MAX_AMOUNT) > 0) {
                    reject(errors, "lineAmount[" + i + "]", l.amount(), line + "the amount is too large.");
                    amount = null;
                }
            }
            lines.add(new ChangeOrders.Line(sov, l.costCode().isEmpty() ? null : l.costCode(),
                    l.costType().isEmpty() ? null : l.costType(), l.description(), null, null, amount));
        }
        return new Checked(date, lines);
    }

    private long commitmentCompany(SignedInUser user, long projectId) {
        return permissions.requireProjectRead(user, projectId);
    }

    private static void reject(BindingResult errors, String field, String typed, String message) {
        errors.addError(new FieldError("form", field, typed, false, null, null, message));
    }

    /** Field → message, for the template (first message of each field). */
    private static Map<String, String> messages(BindingResult errors) {
        Map<String, String> m = new LinkedHashMap<>();
        errors.getFieldErrors().forEach(e -> m.putIfAbsent(e.getField(), e.getDefaultMessage()));
        return m;
    }

    @PostMapping("/projects/{projectId}/change-orders")
    String create(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId,
            @ModelAttribute("form") ChangeOrderForm form, BindingResult errors, Model model, RedirectAttributes flash) {
        long commitmentId = FormInput.id(form.commitment())
                .orElseThrow(() -> new BadRequestException("The form names no commitment."));
        Commitments.Commitment commitment = commitments.get(user, projectId, commitmentId);
        Checked checked = check(user, projectId, commitment, form, errors);
        String refusal = null;
        if (!errors.hasErrors()) {
            try {
                ChangeOrder created = changeOrders.create(user, projectId, commitmentId, form.title(), checked.date(),
                        FormInput.orEmpty(form.description()), checked.lines());
                flash.addFlashAttribute("success", "Created CCO " + created.number() + ".");
                return "redirect:/projects/" + projectId + "/change-orders/" + created.id();
            } catch (CrosswalkException e) {
                refusal = e.getMessage();
            }
        }
        projectModel(user, projectId, model);
        formModel(user, projectId, commitment, null, form, messages(errors), refusal(errors, refusal), model);
        return "commitments/change-order-form";
    }

    @PostMapping("/projects/{projectId}/change-orders/{id}")
    String update(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id,
            @ModelAttribute("form") ChangeOrderForm form, BindingResult errors, Model model, RedirectAttributes flash) {
        ChangeOrder cco = changeOrders.get(user, projectId, id);
        Commitments.Commitment commitment = commitments.get(user, projectId, cco.commitmentId());
        Checked checked = check(user, projectId, commitment, form, errors);
        String refusal = null;
        if (!errors.hasErrors()) {
            try {
                changeOrders.update(user, projectId, id, new ChangeOrders.Changes(form.title(), checked.date(),
                        FormInput.orEmpty(form.description()), null, checked.lines()));
                flash.addFlashAttribute("success", "Saved.");
                return "redirect:/projects/" + projectId + "/change-orders/" + id;
            } catch (CrosswalkException e) {
                refusal = e.getMessage();
            }
        }
        projectModel(user, projectId, model);
        formModel(user, projectId, commitment, cco, form, messages(errors), refusal(errors, refusal), model);
        return "commitments/change-order-form";
    }

    private static String refusal(BindingResult errors, String serviceRefusal) {
        if (serviceRefusal != null) {
            return serviceRefusal;
        }
        long n = errors.getFieldErrorCount();
        return n == 1 ? "One field needs a correction (see below)." : n + " fields need a correction (see below).";
    }

    // ---------------------------------------------------------------------------------------------- lifecycle

    /** The status form: one of the statuses the page offers. */
    public record StatusForm(String status) {
    }

    static final List<String> STATUSES = List.of("draft", "pending", "approved", "rejected", "void");

    @PostMapping("/projects/{projectId}/change-orders/{id}/status")
    String status(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id,
            @ModelAttribute StatusForm form, BindingResult errors, RedirectAttributes flash) {
        changeOrders.get(user, projectId, id);
        if (form.status() == null || !STATUSES.contains(form.status())) {
            flash.addFlashAttribute("statusError", "Choose a status from the list.");
            return "redirect:/projects/" + projectId + "/change-orders/" + id;
        }
        try {
            ChangeOrder after = changeOrders.update(user, projectId, id,
                    new ChangeOrders.Changes(null, null, null, form.status(), null));
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
        ChangeOrder cco = changeOrders.get(user, projectId, id);
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
