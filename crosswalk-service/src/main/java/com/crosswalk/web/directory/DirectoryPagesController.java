package com.crosswalk.web.directory;

import com.crosswalk.erp.connection.ErpHealthChecks;
import com.crosswalk.directory.DirectoryService;
import com.crosswalk.directory.DirectoryService.ProjectLevel;
import com.crosswalk.directory.DirectoryService.User;
import com.crosswalk.directory.PermissionLevel;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.projects.Projects;
import com.crosswalk.shared.CrosswalkException;
import com.crosswalk.shared.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The company Directory (users and their tool levels; Directory Admin edits them) and the operator's page
 * (companies, their users, Grant / Revoke Can Push to Accounting — the only place the privilege is granted).
 */
@Controller
class DirectoryPagesController {

    private final ErpHealthChecks erpHealth;

    static final List<String> LEVELS = List.of("none", "read_only", "standard", "admin");

    private final Permissions permissions;
    private final DirectoryService directory;
    private final Projects projects;

    DirectoryPagesController(Permissions permissions, DirectoryService directory, Projects projects, ErpHealthChecks erpHealth) {
        this.erpHealth = erpHealth;
        this.permissions = permissions;
        this.directory = directory;
        this.projects = projects;
    }

    private static long company(SignedInUser user) {
        if (user.companyId() == null) {
            throw new NotFoundException("The Directory belongs to a company; use the Operator page");
        }
        return user.companyId();
    }

    @GetMapping("/directory")
    String users(@AuthenticationPrincipal SignedInUser user, Model model) {
        long companyId = company(user);
        permissions.requireDirectory(user, companyId, PermissionLevel.READ_ONLY);
        List<User> users = directory.users(companyId);
        Map<Long, Map<Long, String>> userLevels = new java.util.HashMap<>();
        users.forEach(u -> userLevels.put(u.id(), levelsByProject(u)));
        model.addAttribute("users", users);
        model.addAttribute("userLevels", userLevels);
        model.addAttribute("projects", projects.visible(user, companyId));
        model.addAttribute("admin", permissions.access(user).directory().atLeast(PermissionLevel.ADMIN));
        model.addAttribute("levels", LEVELS);
        return "directory/users";
    }

    @GetMapping("/directory/users/{userId}")
    String edit(@AuthenticationPrincipal SignedInUser user, @PathVariable long userId, Model model) {
        long companyId = company(user);
        permissions.requireDirectoryAdmin(user, companyId);
        User u = directory.user(companyId, userId);
        model.addAttribute("u", u);
        model.addAttribute("projects", projects.visible(user, companyId));
        model.addAttribute("projectLevels", levelsByProject(u));
        model.addAttribute("levels", LEVELS);
        return "directory/user";
    }

    @PostMapping("/directory/users/{userId}")
    String save(@AuthenticationPrincipal SignedInUser user, @PathVariable long userId,
            @RequestParam String erpIntegrations, @RequestParam String directoryLevel,
            @RequestParam Map<String, String> form, RedirectAttributes flash) {
        long companyId = company(user);
        permissions.requireDirectoryAdmin(user, companyId);
        try {
            List<ProjectLevel> projects = new ArrayList<>();
            form.forEach((k, v) -> {
                if (k.startsWith("project-")) {
                    projects.add(new ProjectLevel(Long.parseLong(k.substring("project-".length())),
                            PermissionLevel.fromCode(v).code()));
                }
            });
            User after = directory.updateUser(user, companyId, userId, new DirectoryService.UserChanges(null, null, null,
                    PermissionLevel.fromCode(erpIntegrations), PermissionLevel.fromCode(directoryLevel), projects));
            flash.addFlashAttribute("success", "Saved the permissions of " + after.name() + ".");
            return "redirect:/directory";
        } catch (CrosswalkException | IllegalArgumentException e) {
            flash.addFlashAttribute("error", e.getMessage());
            return "redirect:/directory/users/" + userId;
        }
    }

    // ------------------------------------------------------------------------------------------------ new user

    /** The new-user form as typed (kept when it is refused). */
    public record NewUser(String login, String name, String email, String erpIntegrations, String directoryLevel,
            Map<Long, String> projectLevels) {
    }

    @GetMapping("/directory/users/new")
    String newUser(@AuthenticationPrincipal SignedInUser user, Model model) {
        long companyId = company(user);
        permissions.requireDirectoryAdmin(user, companyId);
        return newUserForm(user, companyId, new NewUser("", "", "", "none", "none", Map.of()), Map.of(), model);
    }

    private String newUserForm(SignedInUser user, long companyId, NewUser form, Map<String, String> errors,
            Model model) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("projects", projects.visible(user, companyId));
        model.addAttribute("levels", LEVELS);
        return "directory/new-user";
    }

    /**
     * Creates a user through {@link DirectoryService#createUser} (as POST …/users does) with the same input rules;
     * each refusal is shown next to the field that caused it. Can Push to Accounting is not on this form: only the
     * operator grants it.
     */
    @PostMapping("/directory/users")
    String createUser(@AuthenticationPrincipal SignedInUser user, @RequestParam(defaultValue = "") String login,
            @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "") String password, @RequestParam(defaultValue = "none") String erpIntegrations,
            @RequestParam(defaultValue = "none") String directoryLevel, @RequestParam Map<String, String> params,
            Model model, RedirectAttributes flash) {
        long companyId = company(user);
        permissions.requireDirectoryAdmin(user, companyId);
        Map<Long, String> projectLevels = new java.util.LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (k.startsWith("project-") && k.substring("project-".length()).matches("\\d{1,18}")) {
                projectLevels.put(Long.parseLong(k.substring("project-".length())), v);
            }
        });
        NewUser form = new NewUser(login.trim(), name.trim(), email.trim(), erpIntegrations, directoryLevel,
                projectLevels);
        Map<String, String> errors = new java.util.LinkedHashMap<>();
        if (!form.login().matches("[A-Za-z0-9._@-]{2,100}")) {
            errors.put("login", "The login must be 2 to 100 letters, digits or . _ @ -");
        }
        if (form.name().isEmpty() || form.name().length() > 200) {
            errors.put("name", "The name is required (at most 200 characters)");
        }
        if (!form.email().isEmpty() && (form.email().length() > 320 || !form.email().matches("[^@\\s]+@[^@\\s]+"))) {
            errors.put("email", "This is not an email address");
        }
        if (!password.isEmpty() && (password.length() < 8 || password.length() > 200)) {
            errors.put("password", "The password must be 8 to 200 characters");
        }
        PermissionLevel erp = level(erpIntegrations, "erpIntegrations", errors);
        PermissionLevel dir = level(directoryLevel, "directoryLevel", errors);
        List<ProjectLevel> levels = new ArrayList<>();
        projectLevels.forEach((p, v) -> {
            PermissionLevel l = level(v, "project-" + p, errors);
            if (l != null && l != PermissionLevel.NONE) {
                levels.add(new ProjectLevel(p, l.code()));
            }
        });
        if (errors.isEmpty()) {
            try {
                User created = directory.createUser(user, companyId, form.login(), form.name(),
                        form.email().isEmpty() ? null : form.email(), password.isEmpty() ? null : password,
                        new DirectoryService.UserChanges(null, null, null, erp, dir, levels));
                flash.addFlashAttribute("success", "Created user " + created.name() + " (" + created.login() + ").");
                return "redirect:/directory";
            } catch (CrosswalkException e) {
                errors.put(e.getMessage().contains("login") ? "login" : "form", e.getMessage());
            }
        }
        return newUserForm(user, companyId, form, errors, model);
    }

    private static PermissionLevel level(String code, String field, Map<String, String> errors) {
        try {
            return PermissionLevel.fromCode(code);
        } catch (IllegalArgumentException e) {
            errors.put(field, e.getMessage());
            return null;
        }
    }

    static Map<Long, String> levelsByProject(User u) {
        Map<Long, String> m = new java.util.HashMap<>();
        u.projects().forEach(p -> m.put(p.projectId(), p.commitments()));
        return m;
    }

    // ------------------------------------------------------------------------------------------------ operator

    @GetMapping("/operator")
    String operator(@AuthenticationPrincipal SignedInUser user, Model model) {
        permissions.requireOperator(user, "open the Operator page");
        List<Map<String, Object>> companies = new ArrayList<>();
        for (DirectoryService.Company c : directory.companies(null)) {
            companies.add(Map.of("company", c, "users", directory.users(c.id())));
        }
        model.addAttribute("companies", companies);
        Map<Long, ErpHealthChecks.Status> health = new java.util.HashMap<>();
        erpHealth.latest().forEach(h -> health.put(h.companyId(), h));
        model.addAttribute("erpHealth", health);
        return "directory/operator";
    }

    @PostMapping("/operator/companies/{companyId}/users/{userId}/can-push-to-accounting")
    String privilege(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId, @PathVariable long userId,
            @RequestParam boolean grant, RedirectAttributes flash) {
        permissions.requireOperator(user, "grant or revoke the 'Can Push to Accounting' privilege");
        permissions.requireCompany(user, companyId);
        try {
            User after = directory.setCanPushToAccounting(user, companyId, userId, grant);
            flash.addFlashAttribute("success", (grant ? "Granted" : "Revoked") + " Can Push to Accounting "
                    + (grant ? "to " : "from ") + after.name() + ".");
        } catch (CrosswalkException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/operator";
    }
}
