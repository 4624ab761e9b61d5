package com.crosswalk.web.commitments;

import com.crosswalk.commitments.Commitments;
import com.crosswalk.directory.PermissionLevel;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.directory.Vendors;
import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.projects.Projects;
import com.crosswalk.shared.CrosswalkException;
import com.crosswalk.web.FormInput;
import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The Commitments tool's own forms for subcontracts and purchase orders: create and edit a commitment with its
 * schedule of values (SOV), and approve it. Each calls {@link Commitments} — the REST API's bean — so the same rules
 * hold (Commitments Admin; a commitment locked by the ERP Integrations tool is refused). A form with a problem is
 * shown again as typed, each message in people's words beside its field, with 422 (or the service's own status when
 * it refused), and nothing is changed.
 */
@Controller
class CommitmentFormsController {

    static final int LINE_ROWS = 3;
    static final int MAX_LINES = 100;
    static final BigDecimal MAX_AMOUNT = new BigDecimal("9999999999999.99");
    static final Map<String, String> KINDS = new LinkedHashMap<>(Map.of("subcontract", "Subcontract",
            "purchase_order", "Purchase order"));

    private final Permissions permissions;
    private final Commitments commitments;
    private final Vendors vendors;
    private final Projects projects;
    private final ErpConnectors connectors;

    CommitmentFormsController(Permissions permissions, Commitments commitments, Vendors vendors, Projects projects,
            ErpConnectors connectors) {
        this.permissions = permissions;
        this.commitments = commitments;
        this.vendors = vendors;
        this.projects = projects;
        this.connectors = connectors;
    }

    /**
     * The commitment form as typed (kept as text, so a refused form shows exactly what was typed): header fields and
     * one entry per SOV row in each {@code line*} list (the rows' inputs share their names).
     */
    public record CommitmentForm(String kind, String number, String title, String vendor, List<String> lineId,
            List<String> lineCostCode, List<String> lineCostType, List<String> lineDescription,
            List<String> lineAmount) {

        static CommitmentForm empty() {
            return new CommitmentForm("subcontract", "", "", "", null, null, null, null, null);
        }

        static CommitmentForm of(Commitments.Commitment c) {
            List<Commitments.LineView> l = c.lineItems();
            return new CommitmentForm(c.kind(), c.number(), c.title(), Long.toString(c.vendor().id()),
                    l.stream().map(x -> Long.toString(x.id())).toList(),
                    l.stream().map(x -> FormInput.orEmpty(x.costCode())).toList(),
                    l.stream().map(x -> FormInput.orEmpty(x.costType())).toList(),
                    l.stream().map(x -> FormInput.orEmpty(x.description())).toList(),
                    l.stream().map(x -> x.amount().toPlainString()).toList());
        }

        /** The rows as typed, at least {@code minimum} (empty ones added for the form). */
        List<FormLine> lines(int minimum) {
            int n = FormInput.rowCount(minimum, lineId, lineCostCode, lineCostType, lineDescription, lineAmount);
            List<FormLine> rows = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                rows.add(new FormLine(FormInput.at(lineId, i), FormInput.at(lineCostCode, i),
                        FormInput.at(lineCostType, i), FormInput.at(lineDescription, i), FormInput.at(lineAmount, i)));
            }
            return rows;
        }

    }

    /** One SOV row as typed; {@code id} is the existing line's (edit), empty for a new one. */
    public record FormLine(String id, String costCode, String costType, String description, String amount) {

        boolean blank() {
            return FormInput.blank(costCode) && FormInput.blank(costType) && FormInput.blank(description)
                    && FormInput.blank(amount);
        }
    }

    private record Checked(Long vendorId, List<Commitments.Line> lines) {
    }

    // ------------------------------------------------------------------------------------------------ pages

    @GetMapping("/projects/{projectId}/commitments/new")
    String newForm(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, Model model) {
        permissions.requireCommitments(user, projectId, PermissionLevel.ADMIN);
        formModel(user, projectId, null, CommitmentForm.empty(), Map.of(), null, model);
        return "commitments/commitment-form";
    }

    @GetMapping("/projects/{projectId}/commitments/{id}/edit")
    String editForm(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id,
            Model model) {
        permissions.requireCommitments(user, projectId, PermissionLevel.ADMIN);
        Commitments.Commitment c = commitments.get(user, projectId, id);
        formModel(user, projectId, c, CommitmentForm.of(c), Map.of(), null, model);
        return "commitments/commitment-form";
    }

    @PostMapping("/projects/{projectId}/commitments")
    String create(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId,
            @ModelAttribute("form") CommitmentForm form, BindingResult errors, Model model, RedirectAttributes flash,
            HttpServletResponse response) {
        permissions.requireCommitments(user, projectId, PermissionLevel.ADMIN);
        Checked checked = check(user, projectId, null, form, errors);
        String refusal = null;
        int status = 422;
        if (!errors.hasErrors()) {
            try {
                Commitments.Commitment created = commitments.create(user, projectId, form.kind(),
                        form.number().trim(), form.title().trim(), checked.vendorId(), "draft", checked.lines());
                flash.addFlashAttribute("success", "Created " + KINDS.get(created.kind()).toLowerCase() + " "
                        + created.number() + ".");
                return "redirect:/projects/" + projectId + "/commitments/" + created.id();
            } catch (CrosswalkException e) {
                refusal = e.getMessage();
                status = e.httpStatus();
            }
        }
        response.setStatus(status);
        formModel(user, projectId, null, form, messages(errors), refusal(errors, refusal), model);
        return "commitments/commitment-form";
    }

    @PostMapping("/projects/{projectId}/commitments/{id}")
    String update(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id,
            @ModelAttribute("form") CommitmentForm form, BindingResult errors, Model model, RedirectAttributes flash,
            HttpServletResponse response) {
        permissions.requireCommitments(user, projectId, PermissionLevel.ADMIN);
        Commitments.Commitment before = commitments.get(user, projectId, id);
        Checked checked = check(user, projectId, before, form, errors);
        String refusal = null;
        int status = 422;
        if (!errors.hasErrors()) {
            try {
                commitments.update(user, projectId, id, form.title().trim(), checked.vendorId(), null, checked.lines());
                flash.addFlashAttribute("success", "Saved.");
                return "redirect:/projects/" + projectId + "/commitments/" + id;
            } catch (CrosswalkException e) {
                refusal = e.getMessage();
                status = e.httpStatus();
            }
        }
        response.setStatus(status);
        formModel(user, projectId, before, form, messages(errors), refusal(errors, refusal), model);
        return "commitments/commitment-form";
    }

    /** Approve (or set back to Draft) a commitment: its status, as Commitments Admin. */
    public record StatusForm(String status) {
    }

    static final List<String> STATUSES = List.of("draft", "out_for_signature", "approved", "complete", "terminated",
            "void");

    @PostMapping("/projects/{projectId}/commitments/{id}/status")
    String status(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id,
            @ModelAttribute StatusForm form, BindingResult errors, RedirectAttributes flash) {
        Commitments.Commitment c = commitments.get(user, projectId, id);
        if (form.status() == null || !STATUSES.contains(form.status())) {
            flash.addFlashAttribute("statusError", "Choose a status from the list.");
            return "redirect:/projects/" + projectId + "/commitments/" + id;
        }
        try {
            Commitments.Commitment after = commitments.update(user, projectId, id, null, null, form.status(), null);
            flash.addFlashAttribute("success", c.number() + " is now " + statusLabel(after.status()) + ".");
        } catch (CrosswalkException e) {
            flash.addFlashAttribute("statusError", e.getMessage());
        }
        return "redirect:/projects/" + projectId + "/commitments/" + id;
    }

    static String statusLabel(String status) {
        String s = status.replace('_', ' ');
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    // ------------------------------------------------------------------------------------------------ checks

    private void formModel(SignedInUser user, long projectId, Commitments.Commitment commitment, CommitmentForm form,
            Map<String, String> errors, String formError, Model model) {
        long companyId = permissions.requireProjectRead(user, projectId);
        model.addAttribute("project", projects.get(user, projectId));
        model.addAttribute("erp", connectors.displayName(companyId));
        model.addAttribute("commitment", commitment);
        model.addAttribute("kinds", KINDS);
        model.addAttribute("vendors", vendors.list(user, companyId));
        model.addAttribute("costCodes", projects.costCodes(user, projectId));
        model.addAttribute("costTypes", projects.costTypes(user, companyId));
        model.addAttribute("form", form);
        model.addAttribute("lines", form.lines(Math.max(LINE_ROWS, form.lines(0).size() + 1)));
        model.addAttribute("errors", errors);
        model.addAttribute("formError", formError);
    }

    /** Checks every field the way a person reads it; each problem goes beside its field. */
    private Checked check(SignedInUser user, long projectId, Commitments.Commitment existing, CommitmentForm form,
            BindingResult errors) {
        long companyId = permissions.requireProjectRead(user, projectId);
        if (existing == null) {
            if (form.kind() == null || !KINDS.containsKey(form.kind())) {
                reject(errors, "kind", form.kind(), "Choose Subcontract or Purchase order.");
            }
            String number = FormInput.orEmpty(form.number()).trim();
            if (number.isEmpty()) {
                reject(errors, "number", form.number(), "Enter a number, like SC-003 or PO-002.");
            } else if (number.length() > 30) {
                reject(errors, "number", form.number(), "The number can be at most 30 characters (it has "
                        + number.length() + ").");
            }
        }
        String title = FormInput.orEmpty(form.title()).trim();
        if (title.isEmpty()) {
            reject(errors, "title", form.title(), "Enter a title.");
        } else if (title.length() > 255) {
            reject(errors, "title", form.title(), "The title can be at most 255 characters (it has " + title.length()
                    + ").");
        }
        Long vendorId = FormInput.id(form.vendor()).orElse(null);
        Set<Long> vendorIds = vendors.list(user, companyId).stream().map(Vendors.Vendor::id).collect(Collectors.toSet());
        if (vendorId == null || !vendorIds.contains(vendorId)) {
            reject(errors, "vendor", form.vendor(), "Choose a vendor from the list.");
            vendorId = null;
        }
        Set<String> costCodes = projects.costCodes(user, projectId).stream().map(Projects.CostCode::code)
                .collect(Collectors.toSet());
        Set<String> costTypes = projects.costTypes(user, companyId).stream().map(Projects.CostType::code)
                .collect(Collectors.toSet());
        Set<String> lineIds = existing == null ? Set.of() : existing.lineItems().stream()
                .map(l -> Long.toString(l.id())).collect(Collectors.toSet());
        List<FormLine> rows = form.lines(0);
        if (rows.size() > MAX_LINES) {
            reject(errors, "lines", null, "A commitment can have at most " + MAX_LINES + " SOV lines here.");
            return new Checked(vendorId, List.of());
        }
        List<Commitments.Line> lines = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            FormLine l = rows.get(i);
            if (l.blank()) {
                continue; // an emptied row of an existing line removes that line, as the API's PATCH does
            }
            String line = "Line " + (i + 1) + ": ";
            Long id = null;
            if (!l.id().isEmpty()) {
                if (!lineIds.contains(l.id())) {
                    reject(errors, "lineAmount[" + i + "]", l.id(), line + "this line is no longer on the commitment; "
                            + "reload the page.");
                } else {
                    id = Long.valueOf(l.id());
                }
            }
            if (l.costCode().isEmpty()) {
                reject(errors, "lineCostCode[" + i + "]", l.costCode(), line + "choose a cost code.");
            } else if (!costCodes.contains(l.costCode())) {
                reject(errors, "lineCostCode[" + i + "]", l.costCode(), line + "choose a cost code from the list.");
            }
            if (l.costType().isEmpty()) {
                reject(errors, "lineCostType[" + i + "]", l.costType(), line + "choose a cost type.");
            } else if (!costTypes.contains(l.costType())) {
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
            lines.add(new Commitments.Line(id, l.costCode(), l.costType(), l.description(), amount));
        }
        return new Checked(vendorId, lines);
    }

    private static void reject(BindingResult errors, String field, String typed, String message) {
        errors.addError(new FieldError("form", field, typed, false, null, null, message));
    }

    private static Map<String, String> messages(BindingResult errors) {
        Map<String, String> m = new LinkedHashMap<>();
        errors.getFieldErrors().forEach(e -> m.putIfAbsent(e.getField(), e.getDefaultMessage()));
        return m;
    }

    private static String refusal(BindingResult errors, String serviceRefusal) {
        if (serviceRefusal != null) {
            return serviceRefusal;
        }
        long n = errors.getFieldErrorCount();
        return n == 1 ? "One field needs a correction (see below)." : n + " fields need a correction (see below).";
    }
}
