package com.crosswalk.invoices;

import com.crosswalk.directory.SignedInUser;
import com.crosswalk.invoices.Requisitions.LineInput;
import com.crosswalk.invoices.Requisitions.Requisition;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Subcontractor invoices of a project (Procore's API calls them requisitions).
 * <ul>
 * <li>GET list ({@code ?commitment_id=}) and one: Commitments Read Only or higher on the project.</li>
 * <li>POST: Commitments Standard or Admin — a new invoice is Draft, numbered 1, 2… per commitment.</li>
 * <li>PATCH: Standard to edit an open invoice and move it between Draft and Under Review; Admin for the rest.</li>
 * <li>POST {@code /{id}/approve}: Commitments Admin; {@code as_noted} for Approved as Noted.</li>
 * <li>POST {@code /retainage_releases}: Commitments Standard or Admin — a retainage release invoice (kind
 *     {@code retainage_release}, Draft) releasing retainage held by the commitment's approved, synced invoices: all of
 *     it ({@code release_all}) or per SOV line an amount or a percent of what is still held; more than is held and not
 *     yet released → 400, nothing changed. It then follows the same statuses and the same ERP lifecycle.</li>
 * </ul>
 * See {@link Requisitions} for the pay-application rules and {@link PayApplication} for the figures.
 */
@RestController
@RequestMapping("/rest/v1.0/projects/{projectId}/requisitions")
class RequisitionController {

    private final Requisitions requisitions;

    RequisitionController(Requisitions requisitions) {
        this.requisitions = requisitions;
    }

    @Schema(name = "RequisitionLineInput")
    record LineBody(@NotNull @Positive Long commitmentLineItemId, BigDecimal workCompletedThisPeriod,
            BigDecimal materialsPresentlyStored, BigDecimal workRetainagePercent, BigDecimal materialsRetainagePercent,
            @com.fasterxml.jackson.annotation.JsonProperty("over_100_percent") Boolean over100Percent) {

        LineInput toLine() {
            return new LineInput(commitmentLineItemId, workCompletedThisPeriod, materialsPresentlyStored,
                    workRetainagePercent, materialsRetainagePercent, over100Percent);
        }
    }

    @Schema(name = "RequisitionCreate")
    record NewBody(@NotNull @Positive Long commitmentId, @NotNull LocalDate periodStart, @NotNull LocalDate periodEnd,
            LocalDate billingDate, @Size(max = 4000) String description,
            @Size(max = 500) List<@NotNull @Valid LineBody> lines) {
    }

    @Schema(name = "RequisitionUpdate")
    record PatchBody(LocalDate periodStart, LocalDate periodEnd, LocalDate billingDate, @Size(max = 4000) String description,
            @Size(max = 30) String status, @Size(max = 500) List<@NotNull @Valid LineBody> lines,
            @Size(max = 500) List<@NotNull @Valid ReleaseLineBody> releaseLines) {
    }

    @Schema(name = "RetainageReleaseLineInput", description = "One SOV line of a retainage release: an amount, or a percent"
            + " of the line's retainage still held (not both)")
    record ReleaseLineBody(@NotNull @Positive Long commitmentLineItemId, BigDecimal amount, BigDecimal percent) {

        Requisitions.ReleaseInput toInput() {
            return new Requisitions.ReleaseInput(commitmentLineItemId, amount, percent);
        }
    }

    @Schema(name = "RetainageReleaseCreate")
    record ReleaseBody(@NotNull @Positive Long commitmentId, LocalDate billingDate, @Size(max = 4000) String description,
            Boolean releaseAll, @Size(max = 500) List<@NotNull @Valid ReleaseLineBody> lines) {
    }

    @Schema(name = "RequisitionApproval")
    record ApproveBody(Boolean asNoted) {
    }

    @GetMapping
    List<Requisition> list(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId,
            @RequestParam(name = "commitment_id", required = false) Long commitmentId) {
        return requisitions.list(user, projectId, commitmentId);
    }

    @GetMapping("/{id}")
    Requisition get(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id) {
        return requisitions.get(user, projectId, id);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Requisition create(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId,
            @Valid @RequestBody NewBody body) {
        return requisitions.create(user, projectId, body.commitmentId(), body.periodStart(), body.periodEnd(),
                body.billingDate(), body.description(),
                body.lines() == null ? null : body.lines().stream().map(LineBody::toLine).toList());
    }

    @PatchMapping("/{id}")
    Requisition update(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id,
            @Valid @RequestBody PatchBody body) {
        return requisitions.update(user, projectId, id, new Requisitions.Changes(body.periodStart(), body.periodEnd(),
                body.billingDate(), body.description(), body.status(),
                body.lines() == null ? null : body.lines().stream().map(LineBody::toLine).toList(),
                body.releaseLines() == null ? null : body.releaseLines().stream().map(ReleaseLineBody::toInput).toList()));
    }

    @PostMapping("/retainage_releases")
    @ResponseStatus(HttpStatus.CREATED)
    Requisition createRelease(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId,
            @Valid @RequestBody ReleaseBody body) {
        return requisitions.createRelease(user, projectId, body.commitmentId(), body.billingDate(), body.description(),
                Boolean.TRUE.equals(body.releaseAll()),
                body.lines() == null ? null : body.lines().stream().map(ReleaseLineBody::toInput).toList());
    }

    @PostMapping("/{id}/approve")
    Requisition approve(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id,
            @Valid @RequestBody(required = false) ApproveBody body) {
        return requisitions.approve(user, projectId, id, body != null && Boolean.TRUE.equals(body.asNoted()));
    }
}
