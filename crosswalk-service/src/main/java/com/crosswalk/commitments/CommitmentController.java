package com.crosswalk.commitments;

import io.swagger.v3.oas.annotations.media.Schema;
import com.crosswalk.commitments.Commitments.Commitment;
import com.crosswalk.commitments.Commitments.Line;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Commitments of a project. GET: Commitments Read Only or higher, ERP Integrations Read Only or higher, or the
 * operator. POST / PATCH: Commitments Admin; a commitment locked by the ERP Integrations tool answers 409.
 */
@RestController
@RequestMapping("/rest/v1.0/projects/{projectId}/commitments")
class CommitmentController {

    private final Permissions permissions;
    private final Commitments commitments;

    CommitmentController(Permissions permissions, Commitments commitments) {
        this.permissions = permissions;
        this.commitments = commitments;
    }

    @Schema(name = "CommitmentLineInput")
    record LineBody(@Positive Long id, @Size(max = 30) String costCode, @Size(max = 10) String costType,
            @Size(max = 255) String description, @NotNull BigDecimal amount) {

        Line toLine() {
            return new Line(id, costCode, costType, description, amount);
        }
    }

    @Schema(name = "CommitmentCreate")
    record NewBody(@NotBlank String kind, @NotBlank @Size(max = 30) String number, @NotBlank @Size(max = 255) String title,
            @NotNull @Positive Long vendorId, String status, @Size(max = 500) List<@NotNull @Valid LineBody> lineItems) {
    }

    @Schema(name = "CommitmentUpdate")
    record PatchBody(@Size(min = 1, max = 255) String title, @Positive Long vendorId, String status,
            @Size(max = 500) List<@NotNull @Valid LineBody> lineItems) {
    }

    @GetMapping
    List<Commitment> list(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId) {
        return commitments.list(user, projectId);
    }

    @GetMapping("/{id}")
    Commitment get(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id) {
        return commitments.get(user, projectId, id);
    }

    /** The commitment's money as Procore shows it (original, approved / pending / draft CCOs, revised, paid…). */
    @GetMapping("/{id}/summary")
    Commitments.Summary summary(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId,
            @PathVariable long id) {
        return commitments.summary(user, projectId, id);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Commitment create(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId,
            @Valid @RequestBody NewBody body) {
        return commitments.create(user, projectId, body.kind(), body.number(), body.title(), body.vendorId(),
                body.status(), body.lineItems() == null ? null : body.lineItems().stream().map(LineBody::toLine).toList());
    }

    @PatchMapping("/{id}")
    Commitment update(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId, @PathVariable long id,
            @Valid @RequestBody PatchBody body) {
        return commitments.update(user, projectId, id, body.title(), body.vendorId(), body.status(),
                body.lineItems() == null ? null : body.lineItems().stream().map(LineBody::toLine).toList());
    }
}
