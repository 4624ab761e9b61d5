package com.crosswalk.people;

import com.crosswalk.directory.DirectoryService;
import com.crosswalk.directory.DirectoryService.ProjectLevel;
import com.crosswalk.directory.DirectoryService.User;
import com.crosswalk.directory.PermissionLevel;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.shared.BadRequestException;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Directory's people actions, for a Directory Admin of the company (or the operator):
 * <ul>
 * <li>POST users/invitations: creates the user without a password and e-mails them a one-time link to set one;</li>
 * <li>POST users/{id}/password_reset: e-mails a new one-time link (an older open link stops working);</li>
 * <li>POST users/{id}/deactivate, /reactivate: a deactivated user can not sign in and their sessions end; the last
 *     Directory Admin can not be deactivated (409).</li>
 * </ul>
 */
@RestController
@RequestMapping("/rest/v1.0/companies/{companyId}/users")
class PeopleController {

    private final Permissions permissions;
    private final DirectoryService directory;
    private final PasswordLinks links;

    PeopleController(Permissions permissions, DirectoryService directory, PasswordLinks links) {
        this.permissions = permissions;
        this.directory = directory;
        this.links = links;
    }

    @Schema(name = "InvitationProjectLevel")
    record ProjectLevelBody(@NotNull @Positive Long projectId, @NotNull String commitments) {
    }

    @Schema(name = "UserInvitation")
    record InvitationBody(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9._@-]{2,100}", message = "must be 2 to 100 letters, digits or . _ @ -") String login,
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Email @Size(max = 320) String email,
            String erpIntegrations,
            String directory,
            List<@NotNull @Valid ProjectLevelBody> projects) {
    }

    @PostMapping("/invitations")
    @ResponseStatus(HttpStatus.CREATED)
    PasswordLinks.Issued invite(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId,
            @Valid @RequestBody InvitationBody body) {
        permissions.requireDirectoryAdmin(user, companyId);
        if (body.name().codePoints().anyMatch(Character::isISOControl)) {
            throw new BadRequestException("name: can not hold control characters");
        }
        return links.invite(user, companyId, body.login(), body.name().trim(), body.email().trim(),
                new DirectoryService.UserChanges(null, null, null, level("erp_integrations", body.erpIntegrations()),
                        level("directory", body.directory()), body.projects() == null ? null
                                : body.projects().stream().map(p -> new ProjectLevel(p.projectId(),
                                        level("commitments", p.commitments()).code())).toList()));
    }

    @PostMapping("/{userId}/password_reset")
    @ResponseStatus(HttpStatus.CREATED)
    PasswordLinks.Issued reset(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId,
            @PathVariable long userId) {
        permissions.requireDirectoryAdmin(user, companyId);
        return links.reset(user, companyId, userId);
    }

    @PostMapping("/{userId}/deactivate")
    User deactivate(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId, @PathVariable long userId) {
        return directory.setActive(user, companyId, userId, false);
    }

    @PostMapping("/{userId}/reactivate")
    User reactivate(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId, @PathVariable long userId) {
        return directory.setActive(user, companyId, userId, true);
    }

    private static PermissionLevel level(String field, String code) {
        if (code == null) {
            return null;
        }
        try {
            return PermissionLevel.fromCode(code);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(field + ": " + e.getMessage());
        }
    }
}
