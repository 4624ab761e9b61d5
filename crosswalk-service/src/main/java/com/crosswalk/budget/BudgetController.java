package com.crosswalk.budget;

import com.crosswalk.budget.Budgets.BudgetView;
import com.crosswalk.budget.Budgets.CostLine;
import com.crosswalk.budget.Budgets.CostPoint;
import com.crosswalk.budget.Budgets.ImportRecord;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.jobs.JobBody;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.RequestHeader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** REST of a project's budget and job-to-date costs; the rules are {@link Budgets}' and {@link BudgetImports}'. */
@RestController
@RequestMapping("/rest/v1.0")
class BudgetController {

    private final Budgets budgets;
    private final BudgetImports imports;

    BudgetController(Budgets budgets, BudgetImports imports) {
        this.budgets = budgets;
        this.imports = imports;
    }

    @Schema(name = "BudgetScheduleRequest")
    record ScheduleBody(Integer intervalMinutes, Boolean enabled) {
    }

    /**
     * One row per cost code and cost type: original budget, approved budget changes, revised budget, committed (our
     * commitments + approved CCOs), pending changes, actual (ERP), projected final cost, over/under; totals of the rows
     * shown. Filters: {@code cost_code} (prefix), {@code cost_type} (code), {@code over_budget}.
     */
    @GetMapping("/projects/{projectId}/budget")
    @ApiResponse(responseCode = "200", description = "The budget view; as CSV (the same as budget.csv) when the client asks "
            + "for text/csv before JSON", content = {
                @Content(mediaType = "application/json", schema = @Schema(implementation = BudgetView.class)),
                @Content(mediaType = "text/csv", schema = @Schema(type = "string"))})
    ResponseEntity<?> budget(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId,
            @RequestParam(name = "cost_code", required = false) String costCode,
            @RequestParam(name = "cost_type", required = false) String costType,
            @RequestParam(name = "over_budget", defaultValue = "false") boolean overBudget,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) throws HttpMediaTypeNotAcceptableException {
        BudgetView v = budgets.view(user, projectId, new Budgets.Filter(costCode, costType, overBudget));
        if (prefersCsv(accept)) {
            return csvResponse(v);
        }
        if (!accepts(accept, MediaType.APPLICATION_JSON)) {
            if (accepts(accept, CSV)) {
                return csvResponse(v); // text/*: the one text type this answers in
            }
            // neither JSON nor CSV: 406 (in JSON, as every refusal of the API)
            throw new HttpMediaTypeNotAcceptableException(List.of(MediaType.APPLICATION_JSON, CSV));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(v);
    }

    /** Whether the Accept header (absent: anything) takes this type, wildcards included. */
    private static boolean accepts(String accept, MediaType type) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        try {
            return MediaType.parseMediaTypes(accept).stream().anyMatch(m -> m.includes(type) && m.getQualityValue() > 0);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Whether the client asks for CSV before JSON: {@code text/csv} named (not through a wildcard) with a quality at least
     * that of any JSON type it names. {@code *}{@code /*} or no Accept: JSON, as before.
     */
    static boolean prefersCsv(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        try {
            double csv = -1;
            double json = -1;
            for (MediaType m : MediaType.parseMediaTypes(accept)) {
                if (m.isWildcardType() || m.isWildcardSubtype()) {
                    continue;
                }
                if (m.isCompatibleWith(CSV)) {
                    csv = Math.max(csv, m.getQualityValue());
                } else if (m.isCompatibleWith(MediaType.APPLICATION_JSON)) {
                    json = Math.max(json, m.getQualityValue());
                }
            }
            return csv > 0 && csv >= json;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static ResponseEntity<String> csvResponse(BudgetView v) {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("budget-" + v.projectNumber().replaceAll("[^A-Za-z0-9_-]", "_") + ".csv").build().toString())
                .body(Budgets.csv(v));
    }

    /**
     * The same view as CSV (with the same filters), a Total line last. Answers {@code Accept: text/csv} (or a
     * wildcard); anything else 406 in JSON, as every endpoint of the API (no {@code produces}: Spring would then refuse
     * to write the JSON refusal).
     */
    @GetMapping("/projects/{projectId}/budget.csv")
    @ApiResponse(responseCode = "200", description = "The budget as CSV (RFC 4180, a header line, a Total line last)",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
    ResponseEntity<String> budgetCsv(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId,
            @RequestParam(name = "cost_code", required = false) String costCode,
            @RequestParam(name = "cost_type", required = false) String costType,
            @RequestParam(name = "over_budget", defaultValue = "false") boolean overBudget,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) throws HttpMediaTypeNotAcceptableException {
        // the project first (another company's: 404, as everywhere), then what the client accepts
        BudgetView v = budgets.view(user, projectId, new Budgets.Filter(costCode, costType, overBudget));
        if (!acceptsCsv(accept)) {
            throw new HttpMediaTypeNotAcceptableException(List.of(CSV));
        }
        return csvResponse(v);
    }

    private static final MediaType CSV = new MediaType("text", "csv");

    static boolean acceptsCsv(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        try {
            return MediaType.parseMediaTypes(accept).stream().anyMatch(m -> m.includes(CSV) && m.getQualityValue() > 0);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Imports the project's budget and job-to-date costs from the ERP: a job (202, {@code Location}: the job). */
    @PostMapping("/projects/{projectId}/budget/import")
    ResponseEntity<JobBody> importBudget(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId) {
        return JobBody.accepted(imports.start(user, projectId));
    }

    /** The project's recent imports, newest first, each with what it changed. */
    @GetMapping("/projects/{projectId}/budget/imports")
    List<ImportRecord> budgetImports(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId,
            @RequestParam(defaultValue = "10") int limit) {
        return budgets.imports(user, projectId, limit);
    }

    /** Job-to-date cost per month with the running total (optionally of one cost code). */
    @GetMapping("/projects/{projectId}/budget/cost_over_time")
    List<CostPoint> costOverTime(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId,
            @RequestParam(name = "cost_code", required = false) String costCode) {
        return budgets.costOverTime(user, projectId, costCode);
    }

    /** The job-to-date cost lines (date, document, vendor, description, amount), newest first: the drill-down. */
    @GetMapping("/projects/{projectId}/budget/costs")
    List<CostLine> costs(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId,
            @RequestParam(name = "cost_code", required = false) String costCode) {
        return budgets.costLines(user, projectId, costCode);
    }

    /** How often the company's linked projects are imported (default nightly). */
    @GetMapping("/companies/{companyId}/budget_schedule")
    BudgetImports.Schedule schedule(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId) {
        return imports.schedule(user, companyId);
    }

    /** Sets the schedule: {@code interval_minutes} 15 to 10080; {@code enabled}. ERP Integrations Admin. */
    @PutMapping("/companies/{companyId}/budget_schedule")
    BudgetImports.Schedule setSchedule(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId,
            @RequestBody ScheduleBody body) {
        return imports.setSchedule(user, companyId, body == null ? null : body.intervalMinutes(), body == null ? null : body.enabled());
    }
}
