package com.crosswalk.directory;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signed-in user: who they are and what they may do ({@code GET /me}, any signed-in user), and their own
 * personal access tokens (make one — shown once —, list them without the token, revoke one).
 */
@RestController
@RequestMapping("/rest/v1.0/me")
class MeController {

    private final Permissions permissions;
    private final DirectoryService directory;
    private final AccessTokens tokens;
    private final JdbcClient jdbc;

    MeController(Permissions permissions, DirectoryService directory, AccessTokens tokens, JdbcClient jdbc) {
        this.permissions = permissions;
        this.directory = directory;
        this.tokens = tokens;
        this.jdbc = jdbc;
    }

    /** The signed-in user and what they may do now. */
    @Schema(name = "Me")
    record Me(long id, String login, String name,
            @Schema(description = "null for the platform operator") DirectoryService.Company company, boolean operator, MyPermissions permissions) {
    }

    @Schema(name = "MyPermissions")
    record MyPermissions(String erpIntegrations, String directory, boolean canPushToAccounting,
            List<MyProject> projects) {
    }

    @Schema(name = "MyProjectPermission")
    record MyProject(long projectId, String commitments, boolean canUnlink) {
    }

    @GetMapping
    Me me(@AuthenticationPrincipal SignedInUser user) {
        UserAccess access = permissions.access(user);
        List<MyProject> projects = new ArrayList<>();
        if (user.companyId() != null) {
            Map<Long, PermissionLevel> levels = new TreeMap<>(access.commitmentsByProject());
            for (long projectId : jdbc.sql("select id from project where company_id = :c order by id")
                    .param("c", user.companyId()).query(Long.class).list()) {
                levels.putIfAbsent(projectId, PermissionLevel.NONE);
            }
            levels.forEach((projectId, level) -> projects.add(new MyProject(projectId, level.code(),
                    permissions.mayUnlink(user, projectId))));
        }
        return new Me(user.id(), user.login(), user.displayName(),
                user.companyId() == null ? null : directory.company(user.companyId()), user.isOperator(),
                new MyPermissions(access.erpIntegrations().code(), access.directory().code(),
                        access.canPushToAccounting(), projects));
    }

    @PostMapping("/access_tokens")
    @ResponseStatus(HttpStatus.CREATED)
    AccessTokens.NewToken create(@AuthenticationPrincipal SignedInUser user,
            @Valid @RequestBody DirectoryController.TokenBody body) {
        permissions.access(user);
        return tokens.create(user, user.id(), user.companyId(), body.name());
    }

    @GetMapping("/access_tokens")
    List<AccessTokens.TokenInfo> list(@AuthenticationPrincipal SignedInUser user) {
        permissions.access(user);
        return tokens.list(user.id());
    }

    @DeleteMapping("/access_tokens/{tokenId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@AuthenticationPrincipal SignedInUser user, @PathVariable long tokenId) {
        permissions.access(user);
        tokens.revoke(user, user.id(), user.companyId(), tokenId);
    }
}
