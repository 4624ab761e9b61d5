package com.crosswalk.directory;

import io.swagger.v3.oas.annotations.media.Schema;
import com.crosswalk.directory.DirectoryService.Company;
import com.crosswalk.directory.DirectoryService.ProjectLevel;
import com.crosswalk.directory.DirectoryService.User;
import com.crosswalk.directory.DirectoryService.UserChanges;
import com.crosswalk.shared.BadRequestException;
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
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Companies and their Directory.
 * <ul>
 * <li>GET companies: the operator sees all, a user their own; GET a company: same rule (another company: 404).</li>
 * <li>PUT time_zone: ERP Integrations Admin of that company (the zone in which pages show times).</li>
 * <li>GET users: Directory Read Only or higher, or the operator.</li>
 * <li>POST / PATCH users: Directory Admin of that company (or the operator). Can Push to Accounting is never
 *     granted here by a company user: 403, only the operator grants it.</li>
 * <li>PUT / DELETE .../privileges/can_push_to_accounting: the operator only (audited as a permission change).</li>
 * <li>POST .../users/{id}/access_tokens: the operator makes a token for a user.</li>
 * </ul>
 */
@RestController
@RequestMapping("/rest/v1.0/companies")
class DirectoryController {

    static final String PRIVILEGE = DirectoryService.PRIVILEGE;

    private final Permissions permissions;
    private final DirectoryService directory;
    private final AccessTokens tokens;

    DirectoryController(Permissions permissions, DirectoryService directory, AccessTokens tokens) {
        this.permissions = permissions;
        this.directory = directory;
        this.tokens = tokens;
    }

    @Schema(name = "ProjectLevelInput")
    record ProjectLevelBody(@NotNull @Positive Long projectId, @NotNull String commitments) {
    }

    @Schema(name = "UserCreate")
    record NewUserBody(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9._@-]{2,100}", message = "must be 2 to 100 letters, digits or . _ @ -") String login,
            @NotBlank @Size(max = 200) String name,
            @Email @Size(max = 320) String email,
            @Size(min = 8, max = 200) String password,
            String erpIntegrations,
            String directory,
            Boolean canPushToAccounting,
            List<@NotNull @Valid ProjectLevelBody> projects) {
    }

    @Schema(name = "UserUpdate")
    record UserPatchBody(
            @Size(min = 1, max = 200) String name,
            @Email @Size(max = 320) String email,
            Boolean active,
            String erpIntegrations,
            String directory,
            Boolean canPushToAccounting,
            List<@NotNull @Valid ProjectLevelBody> projects) {
    }

    @Schema(name = "CompanyTimeZoneUpdate")
    record TimeZoneBody(@NotBlank @Size(max = 60) @Schema(description = "an IANA time zone id, e.g. America/Denver")
            String timeZone) {
    }

    @Schema(name = "AccessTokenCreate")
    record TokenBody(@NotBlank @Size(max = 100) String name) {
    }

    @GetMapping
    List<Company> companies(@AuthenticationPrincipal SignedInUser user) {
        if (!user.isOperator()) {
            permissions.requireCompanyMember(user, user.companyId());
        }
        return directory.companies(user.isOperator() ? null : user.companyId());
    }

    @GetMapping("/{companyId}")
    Company company(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId) {
        permissions.requireCompanyMember(user, companyId);
        return directory.company(companyId);
    }

    /** The company's time zone, in which pages show times (ERP Integrations Admin); an unknown zone is a 400. */
    @PutMapping("/{companyId}/time_zone")
    Company timeZone(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId,
            @Valid @RequestBody TimeZoneBody body) {
        return directory.setTimeZone(user, companyId, body.timeZone());
    }

    @GetMapping("/{companyId}/users")
    List<User> users(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId) {
        permissions.requireDirectory(user, companyId, PermissionLevel.READ_ONLY);
        return directory.users(companyId);
    }

    @GetMapping("/{companyId}/users/{userId}")
    User user(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId, @PathVariable long userId) {
        permissions.requireDirectory(user, companyId, PermissionLevel.READ_ONLY);
        return directory.user(companyId, userId);
    }

    @PostMapping("/{companyId}/users")
    @ResponseStatus(HttpStatus.CREATED)
    User createUser(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId,
            @Valid @RequestBody NewUserBody body) {
        permissions.requireDirectoryAdmin(user, companyId);
        if (body.canPushToAccounting() != null && body.canPushToAccounting()) {
            permissions.requireOperator(user, PRIVILEGE);
        }
        User created = directory.createUser(user, companyId, body.login(), body.name().trim(), body.email(),
                body.password(), new UserChanges(null, null, null, level("erp_integrations", body.erpIntegrations()),
                        level("directory", body.directory()), projectLevels(body.projects())));
        if (Boolean.TRUE.equals(body.canPushToAccounting())) {
            created = directory.setCanPushToAccounting(user, companyId, created.id(), true);
        }
        return created;
    }

    @PatchMapping("/{companyId}/users/{userId}")
    User updateUser(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId, @PathVariable long userId,
            @Valid @RequestBody UserPatchBody body) {
        permissions.requireDirectoryAdmin(user, companyId);
        directory.user(companyId, userId);
        if (body.canPushToAccounting() != null) {
            permissions.requireOperator(user, PRIVILEGE);
        }
        User after = directory.updateUser(user, companyId, userId, new UserChanges(
                body.name() == null ? null : body.name().trim(), body.email(), body.active(),
                level("erp_integrations", body.erpIntegrations()), level("directory", body.directory()),
                projectLevels(body.projects())));
        if (body.canPushToAccounting() != null && body.canPushToAccounting() != after.canPushToAccounting()) {
            after = directory.setCanPushToAccounting(user, companyId, userId, body.canPushToAccounting());
        }
        return after;
    }

    @PutMapping("/{companyId}/users/{userId}/privileges/can_push_to_accounting")
    User grant(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId, @PathVariable long userId) {
        permissions.requireOperator(user, PRIVILEGE);
        permissions.requireCompany(user, companyId);
        return directory.setCanPushToAccounting(user, companyId, userId, true);
    }

    @DeleteMapping("/{companyId}/users/{userId}/privileges/can_push_to_accounting")
    User revoke(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId, @PathVariable long userId) {
        permissions.requireOperator(user, PRIVILEGE);
        permissions.requireCompany(user, companyId);
        return directory.setCanPushToAccounting(user, companyId, userId, false);
    }

    @PostMapping("/{companyId}/users/{userId}/access_tokens")
    @ResponseStatus(HttpStatus.CREATED)
    AccessTokens.NewToken tokenForUser(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId,
            @PathVariable long userId, @Valid @RequestBody TokenBody body) {
        permissions.requireOperator(user, "make an access token for another user");
        permissions.requireCompany(user, companyId);
        directory.user(companyId, userId);
        return tokens.create(user, userId, companyId, body.name());
    }

    static PermissionLevel level(String field, String code) {
        if (code == null) {
            return null;
        }
        try {
            return PermissionLevel.fromCode(code);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(field + ": " + e.getMessage());
        }
    }

    private static List<ProjectLevel> projectLevels(List<ProjectLevelBody> bodies) {
        if (bodies == null) {
            return null;
        }
        return bodies.stream().map(b -> new ProjectLevel(b.projectId(), level("commitments", b.commitments()).code()))
                .toList();
    }
}
