package com.crosswalk.directory;

import jakarta.validation.Valid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    @GetMapping
    Map<String, Object> me(@AuthenticationPrincipal SignedInUser user) {
        UserAccess access = permissions.access(user);
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("id", user.id());
        me.put("login", user.login());
        me.put("name", user.displayName());
        me.put("company", user.companyId() == null ? null : directory.company(user.companyId()));
        me.put("operator", user.isOperator());
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("erp_integrations", access.erpIntegrations().code());
        p.put("directory", access.directory().code());
        p.put("can_push_to_accounting", access.canPushToAccounting());
        List<Map<String, Object>> projects = new ArrayList<>();
        if (user.companyId() != null) {
            Map<Long, PermissionLevel> levels = new TreeMap<>(access.commitmentsByProject());
            for (long projectId : jdbc.sql("select id from project where company_id = :c order by id")
                    .param("c", user.companyId()).query(Long.class).list()) {
                levels.putIfAbsent(projectId, PermissionLevel.NONE);
            }
            levels.forEach((projectId, level) -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("project_id", projectId);
                entry.put("commitments", level.code());
                entry.put("can_unlink", permissions.mayUnlink(user, projectId));
                projects.add(entry);
            });
        }
        p.put("projects", projects);
        me.put("permissions", p);
        return me;
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
