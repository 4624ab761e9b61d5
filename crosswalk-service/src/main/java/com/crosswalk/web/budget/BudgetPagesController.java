package com.crosswalk.web.budget;

import com.crosswalk.budget.BudgetChanges;
import com.crosswalk.budget.BudgetImports;
import com.crosswalk.budget.Budgets;
import com.crosswalk.budget.Budgets.BudgetRow;
import com.crosswalk.budget.Budgets.BudgetView;
import com.crosswalk.budget.Budgets.CostPoint;
import com.crosswalk.directory.PermissionLevel;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.erp.export.ExportWorkflow;
import com.crosswalk.erp.sync.RecordTypes;
import com.crosswalk.projects.Projects;
import com.crosswalk.shared.CrosswalkException;
import com.crosswalk.web.FormInput;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import com.crosswalk.web.jobs.JobPanels;
import io.swagger.v3.oas.annotations.Hidden;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * A project's budget page ({@code /projects/{id}/budget}): the table of {@link Budgets} with its filters and totals,
 * the CSV, two charts (budget vs committed vs actual per cost code; cost over time) drawn by Apache ECharts from the
 * page's JSON ({@code budget-charts.js}, no inline script) each beside an accessible table of the same figures, the
 * last import and what it changed, and "Import from {ERP}" (a job, ERP Integrations Standard+). The drill-down
 * ({@code /projects/{id}/budget/costs}) lists the job-to-date cost lines.
 */
@Controller
@Hidden
class BudgetPagesController {

    private final Budgets budgets;
    private final BudgetImports imports;
    private final Projects projects;
    private final Permissions permissions;
    private final JobPanels panels;
    private final BudgetChanges changes;
    private final ExportWorkflow workflow;
    private final RecordTypes types;

    BudgetPagesController(Budgets budgets, BudgetImports imports, Projects projects, Permissions permissions, JobPanels panels,
            BudgetChanges changes, ExportWorkflow workflow, RecordTypes types) {
        this.budgets = budgets;
        this.imports = imports;
        this.projects = projects;
        this.permissions = permissions;
        this.panels = panels;
        this.changes = changes;
        this.workflow = workflow;
        this.types = types;
    }

    /** The chart data the page's script draws: the rows shown and the cost over time. */
    record ChartData(List<BudgetRow> rows, List<CostPoint> costOverTime) {
    }

    @GetMapping("/projects/{projectId}/budget")
    String budget(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId,
            @RequestParam(name = "cost_code", required = false) String costCode,
            @RequestParam(name = "cost_type", required = false) String costType,
            @RequestParam(name = "over_budget", defaultValue = "false") boolean overBudget, Model model) {
        long companyId = permissions.requireProjectRead(user, projectId);
        Budgets.Filter filter = new Budgets.Filter(blank(costCode), blank(costType), overBudget);
        BudgetView view = budgets.view(user, projectId, filter);
        model.addAttribute("project", projects.get(user, projectId));
        model.addAttribute("view", view);
        model.addAttribute("erp", view.erpName());
        model.addAttribute("costOverTime", budgets.costOverTime(user, projectId, null));
        model.addAttribute("costTypes", projects.costTypes(user, companyId));
        model.addAttribute("costCode", blank(costCode));
        model.addAttribute("costType", blank(costType));
        model.addAttribute("overBudget", overBudget);
        model.addAttribute("query", query(filter));
        model.addAttribute("lastImport", budgets.imports(user, projectId, 1).stream().findFirst().orElse(null));
        model.addAttribute("budgetChanges", changes.list(user, projectId));
        PermissionLevel level = permissions.access(user).commitments(projectId);
        model.addAttribute("mayEditChanges", level.atLeast(PermissionLevel.STANDARD));
        model.addAttribute("mayApproveChanges", level.atLeast(PermissionLevel.ADMIN));
        if (!model.containsAttribute("changeRows")) {
            model.addAttribute("changeRows", 3);
        }
        boolean mayImport = permissions.access(user).erpIntegrations().atLeast(PermissionLevel.STANDARD);
        model.addAttribute("mayImport", mayImport);
        if (mayImport) {
            panels.onPage(user, companyId, List.of("budget_import")).stream().findFirst().ifPresent(job -> {
                model.addAttribute("importJob", job);
                model.addAttribute("importTitle", JobPanels.title(job, view.erpName()));
            });
        }
        return "budget/budget";
    }

    @GetMapping(path = "/projects/{projectId}/budget/chart-data", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ChartData chartData(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId,
            @RequestParam(name = "cost_code", required = false) String costCode,
            @RequestParam(name = "cost_type", required = false) String costType,
            @RequestParam(name = "over_budget", defaultValue = "false") boolean overBudget) {
        BudgetView view = budgets.view(user, projectId, new Budgets.Filter(blank(costCode), blank(costType), overBudget));
        return new ChartData(view.rows(), budgets.costOverTime(user, projectId, null));
    }

    @GetMapping(path = "/projects/{projectId}/budget.csv", produces = "text/csv")
    ResponseEntity<String> csv(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId,
            @RequestParam(name = "cost_code", required = false) String costCode,
            @RequestParam(name = "cost_type", required = false) String costType,
            @RequestParam(name = "over_budget", defaultValue = "false") boolean overBudget) {
        BudgetView v = budgets.view(user, projectId, new Budgets.Filter(blank(costCode), blank(costType), overBudget));
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("budget-" + v.projectNumber().replaceAll("[^A-Za-z0-9_-]", "_") + ".csv").build().toString())
                .body(Budgets.csv(v));
    }

    /** "Import from {ERP}": a job; its panel replaces the import area. */
    @PostMapping("/projects/{projectId}/budget/import")
    String importBudget(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, Model model) {
        return panels.started(user, imports.start(user, projectId), model);
    }

    /** The drill-down: the job-to-date cost lines of the project (or of one cost code). */
    @GetMapping("/projects/{projectId}/budget/costs")
    String costs(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId,
            @RequestParam(name = "cost_code", required = false) String costCode, Model model) {
        model.addAttribute("project", projects.get(user, projectId));
        model.addAttribute("costCode", blank(costCode));
        model.addAttribute("costs", budgets.costLines(user, projectId, blank(costCode)));
        return "budget/costs";
    }

    // ------------------------------------------------------------------------------------------- budget changes

    /** Where a budget change is shown (the ERP Integrations lists link here): its row on the budget page. */
    @GetMapping("/projects/{projectId}/budget-changes/{id}")
    String budgetChange(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id) {
        changes.get(user, projectId, id);
        return "redirect:/projects/" + projectId + "/budget#budget-change-" + id;
    }

    /** "Add budget change": the form's lines (rows with no cost code and no amount are skipped). */
    @PostMapping("/projects/{projectId}/budget/changes")
    String createChange(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId,
            @RequestParam(required = false) String title, @RequestParam(required = false) String description,
            @RequestParam(name = "change_date", required = false) String changeDate,
            @RequestParam(name = "line_cost_code", required = false) List<String> costCodes,
            @RequestParam(name = "line_cost_type", required = false) List<String> costTypes,
            @RequestParam(name = "line_task", required = false) List<String> tasks,
            @RequestParam(name = "line_description", required = false) List<String> descriptions,
            @RequestParam(name = "line_amount", required = false) List<String> amounts, RedirectAttributes flash) {
        permissions.requireProjectRead(user, projectId);
        try {
            List<BudgetChanges.LineInput> lines = new ArrayList<>();
            int rows = FormInput.rowCount(0, costCodes, costTypes, tasks, descriptions, amounts);
            for (int i = 0; i < rows; i++) {
                String code = FormInput.at(costCodes, i);
                String amount = FormInput.at(amounts, i);
                if (code.isEmpty() && amount.isEmpty()) {
                    continue;
                }
                BigDecimal a = FormInput.amount(amount).orElseThrow(() -> new com.crosswalk.shared.BadRequestException(
                        "line " + (lines.size() + 1) + ": the amount '" + amount + "' is not a number"));
                lines.add(new BudgetChanges.LineInput(code, FormInput.at(costTypes, i), FormInput.at(tasks, i),
                        FormInput.at(descriptions, i), a));
            }
            BudgetChanges.BudgetChange created = changes.create(user, projectId, title, description, date(changeDate), lines);
            flash.addFlashAttribute("changeSuccess", "Budget change " + created.number() + " added as a draft.");
        } catch (CrosswalkException e) {
            flash.addFlashAttribute("changeError", e.getMessage());
            flash.addFlashAttribute("changeTitle", title);
        }
        return "redirect:/projects/" + projectId + "/budget#budget-changes";
    }

    @PostMapping("/projects/{projectId}/budget/changes/{id}/{action:approve|draft|delete|send}")
    String changeAction(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id,
            @PathVariable String action, RedirectAttributes flash) {
        permissions.requireProjectRead(user, projectId);
        try {
            String message = switch (action) {
                case "approve" -> "Budget change " + changes.approve(user, projectId, id).number() + " approved.";
                case "draft" -> "Budget change " + changes.update(user, projectId, id, "draft", null, null, null, null).number()
                        + " is a draft again.";
                case "delete" -> {
                    changes.delete(user, projectId, id);
                    yield "Budget change deleted.";
                }
                default -> workflow.send(user, projectId, types.byRecordType(BudgetChanges.RECORD_TYPE), id).message();
            };
            flash.addFlashAttribute("changeSuccess", message);
        } catch (CrosswalkException e) {
            flash.addFlashAttribute("changeError", e.getMessage());
        }
        return "redirect:/projects/" + projectId + "/budget#budget-changes";
    }

    private static LocalDate date(String typed) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(typed.trim());
        } catch (DateTimeParseException e) {
            throw new com.crosswalk.shared.BadRequestException("the date '" + typed + "' is not a date (YYYY-MM-DD)");
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String query(Budgets.Filter f) {
        StringBuilder q = new StringBuilder();
        if (f.costCode() != null) {
            q.append("&cost_code=").append(java.net.URLEncoder.encode(f.costCode(), StandardCharsets.UTF_8));
        }
        if (f.costType() != null) {
            q.append("&cost_type=").append(java.net.URLEncoder.encode(f.costType(), StandardCharsets.UTF_8));
        }
        if (f.overBudgetOnly()) {
            q.append("&over_budget=true");
        }
        return q.isEmpty() ? "" : "?" + q.substring(1);
    }
}
