package com.crosswalk.budget;

import com.crosswalk.budget.BudgetChanges.BudgetChange;
import com.crosswalk.budget.BudgetChanges.LineInput;
import com.crosswalk.directory.SignedInUser;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Budget changes of a project (see {@link BudgetChanges} for the rules).
 * <ul>
 * <li>GET list and one: Commitments Read Only or higher on the project.</li>
 * <li>POST, PATCH, DELETE of a draft: Commitments Standard; POST {@code /{id}/approve} and DELETE of an approved one:
 *     Commitments Admin. Then Send to ERP ({@code /{id}/send_to_erp}), as every exported record.</li>
 * </ul>
 */
@RestController
@RequestMapping("/rest/v1.0/projects/{projectId}/budget_changes")
class BudgetChangeController {

    private final BudgetChanges changes;

    BudgetChangeController(BudgetChanges changes) {
        this.changes = changes;
    }

    @Schema(name = "BudgetChangeLineInput")
    record LineBody(@NotNull @Size(max = 30) String costCode, @NotNull @Size(max = 10) String costType,
            @Size(max = 30) String projectTask, @Size(max = 255) String description, @NotNull BigDecimal amount) {

        LineInput toLine() {
            return new LineInput(costCode, costType, projectTask, description, amount);
        }
    }

    @Schema(name = "BudgetChangeCreate")
    record NewBody(@NotNull @Size(max = 255) String title, @Size(max = 4000) String description, LocalDate changeDate,
            @Size(max = 500) List<@NotNull @Valid LineBody> lines) {
    }

    @Schema(name = "BudgetChangeUpdate")
    record PatchBody(@Schema(allowableValues = "draft", description = "draft: set an approved change back to Draft")
            @Size(max = 20) String status, @Size(max = 255) String title, @Size(max = 4000) String description, LocalDate changeDate,
            @Size(max = 500) List<@NotNull @Valid LineBody> lines) {
    }

    @GetMapping
    List<BudgetChange> list(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId) {
        return changes.list(user, projectId);
    }

    @GetMapping("/{id}")
    BudgetChange get(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id) {
        return changes.get(user, projectId, id);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    BudgetChange create(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId,
            @Valid @RequestBody NewBody body) {
        return changes.create(user, projectId, body.title(), body.description(), body.changeDate(),
                body.lines() == null ? null : body.lines().stream().map(LineBody::toLine).toList());
    }

    @PatchMapping("/{id}")
    BudgetChange update(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id,
            @Valid @RequestBody PatchBody body) {
        return changes.update(user, projectId, id, body.status(), body.title(), body.description(), body.changeDate(),
                body.lines() == null ? null : body.lines().stream().map(LineBody::toLine).toList());
    }

    /** Draft → Approved (Commitments Admin); then it can be sent to the ERP. */
    @PostMapping("/{id}/approve")
    BudgetChange approve(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id) {
        return changes.approve(user, projectId, id);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id) {
        changes.delete(user, projectId, id);
    }
}
