package com.crosswalk.commitments;

import io.swagger.v3.oas.annotations.media.Schema;
import com.crosswalk.commitments.ChangeOrders.ChangeOrder;
import com.crosswalk.commitments.ChangeOrders.Line;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
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
 * Commitment change orders of a project.
 * <ul>
 * <li>GET list ({@code ?commitment_id=}) and one: Commitments Read Only or higher on the project, ERP Integrations
 *     Read Only or higher, or the operator.</li>
 * <li>POST: Commitments Standard or Admin — a new CCO is Draft and numbered 001, 002… per commitment.</li>
 * <li>PATCH: Standard or Admin to edit a non-Approved CCO and move it between Draft and Pending; Admin to approve,
 *     reject, void, or set an Approved CCO back to Draft. An Approved CCO's content is fixed (409).</li>
 * <li>DELETE: Admin, and only a Draft CCO (409 otherwise).</li>
 * <li>A CCO locked by the ERP Integrations tool (synced or in the export workflow) answers 409 with the reason to
 *     PATCH and DELETE, and nothing changes.</li>
 * </ul>
 * See {@link ChangeOrders} for the line rules (amount = quantity × unit cost).
 */
@RestController
@RequestMapping("/rest/v1.0/projects/{projectId}/commitment_change_orders")
class ChangeOrderController {

    private final Permissions permissions;
    private final ChangeOrders changeOrders;

    ChangeOrderController(Permissions permissions, ChangeOrders changeOrders) {
        this.permissions = permissions;
        this.changeOrders = changeOrders;
    }

    @Schema(name = "ChangeOrderLineInput")
    record LineBody(@Positive Long commitmentLineItemId, @Size(max = 30) String costCode,
            @Size(max = 10) String costType, @Size(max = 255) String description, BigDecimal quantity,
            BigDecimal unitCost, BigDecimal amount) {

        Line toLine() {
            return new Line(commitmentLineItemId, costCode, costType, description, quantity, unitCost, amount);
        }
    }

    @Schema(name = "ChangeOrderCreate")
    record NewBody(@NotNull @Positive Long commitmentId, @NotBlank @Size(max = 255) String title, LocalDate changeDate,
            @Size(max = 4000) String description, @Size(max = 100) List<@NotNull @Valid LineBody> lineItems) {
    }

    @Schema(name = "ChangeOrderUpdate")
    record PatchBody(@Size(min = 1, max = 255) String title, LocalDate changeDate, @Size(max = 4000) String description,
            String status, @Size(max = 100) List<@NotNull @Valid LineBody> lineItems) {
    }

    /**
     * One page of the project's CCOs (by commitment and number), paged like the ERP lists: {@code page},
     * {@code per_page} (1–1000, default 100), the total count in the {@code Total} header.
     */
    @GetMapping
    ResponseEntity<List<ChangeOrder>> list(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId,
            @RequestParam(name = "commitment_id", required = false) Long commitmentId,
            @RequestParam(defaultValue = "1") int page,
            @RequestParam(name = "per_page", defaultValue = "100") int perPage) {
        if (perPage < 1 || perPage > 1000 || page < 1) {
            throw new com.crosswalk.shared.BadRequestException(
                    "'per_page' must be between 1 and 1000 and 'page' 1 or more");
        }
        ChangeOrders.Page p = changeOrders.page(user, projectId, commitmentId, page, perPage);
        return ResponseEntity.ok().header("Total", Long.toString(p.total()))
                .header("Per-Page", Integer.toString(p.perPage())).header("Page", Integer.toString(p.page()))
                .body(p.rows());
    }

    @GetMapping("/{id}")
    ChangeOrder get(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id) {
        return changeOrders.get(user, projectId, id);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ChangeOrder create(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId,
            @Valid @RequestBody NewBody body) {
        return changeOrders.create(user, projectId, body.commitmentId(), body.title(), body.changeDate(),
                body.description(), body.lineItems() == null ? null : body.lineItems().stream().map(LineBody::toLine).toList());
    }

    @PatchMapping("/{id}")
    ChangeOrder update(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id,
            @Valid @RequestBody PatchBody body) {
        return changeOrders.update(user, projectId, id, new ChangeOrders.Changes(body.title(), body.changeDate(),
                body.description(), body.status(),
                body.lineItems() == null ? null : body.lineItems().stream().map(LineBody::toLine).toList()));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id) {
        changeOrders.delete(user, projectId, id);
    }
}
