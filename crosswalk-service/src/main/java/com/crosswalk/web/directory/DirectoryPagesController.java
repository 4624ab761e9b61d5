package com.crosswalk.web.directory;

import com.crosswalk.erp.connection.ErpHealthChecks;
import com.crosswalk.directory.DirectoryService;
import com.crosswalk.directory.DirectoryService.ProjectLevel;
import com.crosswalk.directory.DirectoryService.User;
import com.crosswalk.directory.PermissionLevel;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.people.PasswordLinks;
import com.crosswalk.projects.Projects;
import com.crosswalk.shared.CrosswalkException;
import com.crosswalk.shared.NotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
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
    private final PasswordLinks links;

    DirectoryPagesController(Permissions permissions, DirectoryService directory, Projects projects, ErpHealthChecks erpHealth,
            PasswordLinks links) {
        this.erpHealth = erpHealth;
        this.links = links;
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
        Map<Long, Map<String, String>> userLevels = new java.util.HashMap<>();
        users.forEach(u -> userLevels.put(u.id(), levelsByProject(u)));
        model.addAttribute("users", users);
        model.addAttribute("userLevels", userLevels);
        model.addAttribute("projects", projects.forDirectory(user, companyId));
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
        model.addAttribute("projects", projects.forDirectory(user, companyId));
        model.addAttribute("projectLevels", levelsByProject(u));
        model.addAttribute("levels", LEVELS);
        return "directory/user";
    }

    /** The permissions form of one user, as chosen: a level per company tool and per project ({@code projectLevels[id]}). */
    public record UserLevelsForm(String erpIntegrations, String directoryLevel, Map<String, String> projectLevels) {
    }

    @PostMapping("/directory/users/{userId}")
    String save(@AuthenticationPrincipal SignedInUser user, @PathVariable long userId,
            @ModelAttribute UserLevelsForm form, BindingResult errors, RedirectAttributes flash) {
        long companyId = company(user);
        permissions.requireDirectoryAdmin(user, companyId);
        directory.user(companyId, userId);
        Map<String, String> problems = new LinkedHashMap<>();
        PermissionLevel erp = level(form.erpIntegrations(), "erpIntegrations", problems);
        PermissionLevel dir = level(form.directoryLevel(), "directoryLevel", problems);
        List<ProjectLevel> levels = projectLevels(user, companyId, form.projectLevels(), problems, true);
        problems.forEach((field, message) -> errors.addError(new FieldError("form", field, message)));
        if (errors.hasErrors()) {
            flash.addFlashAttribute("error", String.join(" ", problems.values()));
            return "redirect:/directory/users/" + userId;
        }
        try {
            User after = directory.updateUser(user, companyId, userId, new DirectoryService.UserChanges(null, null, null,
                    erp, dir, levels));
            flash.addFlashAttribute("success", "Saved the permissions of " + after.name() + ".");
            return "redirect:/directory";
        } catch (CrosswalkException e) {
            flash.addFlashAttribute("error", e.getMessage());
            return "redirect:/directory/users/" + userId;
        }
    }

    /**
     * The project levels of a form: each key a project of the company, each value a level; a project left out of
     * the map keeps nothing (None). {@code keepNone}: None is stored explicitly (the edit form shows every project).
     */
    private List<ProjectLevel> projectLevels(SignedInUser user, long companyId, Map<String, String> chosen,
            Map<String, String> problems, boolean keepNone) {
        List<ProjectLevel> levels = new ArrayList<>();
        if (chosen == null) {
            return levels;
        }
        Map<String, String> names = new java.util.HashMap<>();
        projects.forDirectory(user, companyId).forEach(p -> names.put(Long.toString(p.id()), p.number() + " " + p.name()));
        chosen.forEach((key, value) -> {
            String field = "projectLevels[" + key + "]";
            if (!names.containsKey(key)) {
                problems.put(field, "A project in the form is not one of your company's projects; reload the page.");
                return;
            }
            PermissionLevel l = level(value, field, problems);
            if (l != null && (keepNone || l != PermissionLevel.NONE)) {
                levels.add(new ProjectLevel(Long.parseLong(key), l.code()));
            }
        });
        return levels;
    }

    // ------------------------------------------------------------------------------------------------ new user

    /** The new-user form as typed (kept when it is refused). */
    public record NewUser(String login, String name, String email, String password, String erpIntegrations,
            String directoryLevel, Map<String, String> projectLevels) {

        String text(String s) {
            return s == null ? "" : s.trim();
        }
    }

    @GetMapping("/directory/users/new")
    String newUser(@AuthenticationPrincipal SignedInUser user, Model model) {
        long companyId = company(user);
        permissions.requireDirectoryAdmin(user, companyId);
        return newUserForm(user, companyId, new NewUser("", "", "", "", "none", "none", Map.of()), Map.of(), model);
    }

    private String newUserForm(SignedInUser user, long companyId, NewUser form, Map<String, String> errors,
            Model model) {
        model.addAttribute("form", new NewUser(form.text(form.login()), form.text(form.name()), form.text(form.email()),
                "", form.erpIntegrations(), form.directoryLevel(),
                form.projectLevels() == null ? Map.of() : form.projectLevels()));
        model.addAttribute("errors", errors);
        model.addAttribute("projects", projects.forDirectory(user, companyId));
        model.addAttribute("levels", LEVELS);
        return "directory/new-user";
    }

    /**
     * Creates a user through {@link DirectoryService#createUser} (as POST …/users does) with the same input rules;
     * each refusal is shown next to the field that caused it. Can Push to Accounting is not on this form: only the
     * operator grants it.
     */
    @PostMapping("/directory/users")
    String createUser(@AuthenticationPrincipal SignedInUser user, @ModelAttribute("form") NewUser form,
            BindingResult binding, Model model, RedirectAttributes flash) {
        long companyId = company(user);
        permissions.requireDirectoryAdmin(user, companyId);
        Map<String, String> errors = new LinkedHashMap<>();
        String login = form.text(form.login());
        String name = form.text(form.name());
        String email = form.text(form.email());
        String password = form.password() == null ? "" : form.password();
        PermissionLevel[] toolLevels = checkNewUser(form, false, errors);
        PermissionLevel erp = toolLevels[0];
        PermissionLevel dir = toolLevels[1];
        List<ProjectLevel> levels = projectLevels(user, companyId, form.projectLevels(), errors, false);
        errors.forEach((field, message) -> binding.addError(new FieldError("form", field, message)));
        if (!binding.hasErrors()) {
            try {
                User created = directory.createUser(user, companyId, login, name, email.isEmpty() ? null : email,
                        password.isEmpty() ? null : password,
                        new DirectoryService.UserChanges(null, null, null, erp, dir, levels));
                flash.addFlashAttribute("success", "Created user " + created.name() + " (" + created.login() + ").");
                return "redirect:/directory";
            } catch (CrosswalkException e) {
                errors.put(e.getMessage().contains("login") ? "login" : "form", e.getMessage());
            }
        }
        return newUserForm(user, companyId, form, errors, model);
    }

    // ------------------------------------------------------------------------------------------------ people

    @GetMapping("/directory/users/invite")
    String inviteForm(@AuthenticationPrincipal SignedInUser user, Model model) {
        long companyId = company(user);
        permissions.requireDirectoryAdmin(user, companyId);
        return inviteForm(user, companyId, new NewUser("", "", "", "", "none", "none", Map.of()), Map.of(), model);
    }

    private String inviteForm(SignedInUser user, long companyId, NewUser form, Map<String, String> errors, Model model) {
        newUserForm(user, companyId, form, errors, model);
        return "directory/invite";
    }

    /**
     * Invites a person: the user is made without a password ({@link PasswordLinks#invite}) and gets an e-mail with a
     * one-time link to set one. The user's page then says whether the e-mail went out; in the demo it shows the link.
     */
    @PostMapping("/directory/users/invitations")
    String invite(@AuthenticationPrincipal SignedInUser user, @ModelAttribute("form") NewUser form,
            BindingResult binding, Model model, RedirectAttributes flash) {
        long companyId = company(user);
        permissions.requireDirectoryAdmin(user, companyId);
        Map<String, String> errors = new LinkedHashMap<>();
        PermissionLevel[] toolLevels = checkNewUser(form, true, errors);
        List<ProjectLevel> levels = projectLevels(user, companyId, form.projectLevels(), errors, false);
        errors.forEach((field, message) -> binding.addError(new FieldError("form", field, message)));
        if (!binding.hasErrors()) {
            try {
                PasswordLinks.Issued issued = links.invite(user, companyId, form.text(form.login()),
                        form.text(form.name()), form.text(form.email()),
                        new DirectoryService.UserChanges(null, null, null, toolLevels[0], toolLevels[1], levels));
                linkMessage(issued, "Invited " + issued.user().name() + ".", flash);
                return "redirect:/directory/users/" + issued.user().id();
            } catch (CrosswalkException e) {
                errors.put(e.getMessage().contains("login") ? "login" : "form", e.getMessage());
            }
        }
        return inviteForm(user, companyId, form, errors, model);
    }

    @PostMapping("/directory/users/{userId}/password-reset")
    String passwordReset(@AuthenticationPrincipal SignedInUser user, @PathVariable long userId,
            RedirectAttributes flash) {
        long companyId = company(user);
        permissions.requireDirectoryAdmin(user, companyId);
        directory.user(companyId, userId);
        try {
            PasswordLinks.Issued issued = links.reset(user, companyId, userId);
            linkMessage(issued, "Made a new password link for " + issued.user().name() + ".", flash);
        } catch (CrosswalkException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/directory/users/" + userId;
    }

    private static void linkMessage(PasswordLinks.Issued issued, String done, RedirectAttributes flash) {
        flash.addFlashAttribute("success", done + (issued.emailed()
                ? " An e-mail with a one-time link to set a password was sent to " + issued.user().email() + "."
                : ""));
        if (!issued.emailed()) {
            flash.addFlashAttribute("error", issued.emailProblem() + ". Make a new link once e-mail works.");
        }
        flash.addFlashAttribute("demoLink", issued.demoLink());
    }

    /** Deactivate ({@code active=false}) or Reactivate ({@code active=true}) button of the user's page. */
    public record ActiveForm(String active) {
    }

    @PostMapping("/directory/users/{userId}/active")
    String setActive(@AuthenticationPrincipal SignedInUser user, @PathVariable long userId,
            @ModelAttribute ActiveForm form, BindingResult errors, RedirectAttributes flash) {
        long companyId = company(user);
        permissions.requireDirectoryAdmin(user, companyId);
        directory.user(companyId, userId);
        if (!"true".equals(form.active()) && !"false".equals(form.active())) {
            flash.addFlashAttribute("error", "Use the Deactivate or Reactivate button.");
            return "redirect:/directory/users/" + userId;
        }
        boolean active = Boolean.parseBoolean(form.active());
        try {
            User after = directory.setActive(user, companyId, userId, active);
            flash.addFlashAttribute("success", active ? "Reactivated " + after.name() + ": they can sign in again."
                    : "Deactivated " + after.name() + ": they can no longer sign in, and their open sessions end.");
        } catch (CrosswalkException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/directory/users/" + userId;
    }

    /** The new-user form's rules (as POST …/users): each problem by field; returns the two company tool levels. */
    private static PermissionLevel[] checkNewUser(NewUser form, boolean invite, Map<String, String> errors) {
        String login = form.text(form.login());
        String name = form.text(form.name());
        String email = form.text(form.email());
        String password = form.password() == null ? "" : form.password();
        if (!login.matches("[A-Za-z0-9._@-]{2,100}")) {
            errors.put("login", "The login must be 2 to 100 letters, digits or . _ @ -");
        }
        if (name.isEmpty() || name.length() > 200) {
            errors.put("name", "The name is required (at most 200 characters)");
        } else if (name.codePoints().anyMatch(Character::isISOControl)) {
            errors.put("name", "The name can not hold control characters");
        }
        if (invite && email.isEmpty()) {
            errors.put("email", "The invitation is sent by e-mail: type the person's e-mail address");
        } else if (!email.isEmpty() && (email.length() > 320 || !email.matches("[^@\\s]+@[^@\\s]+"))) {
            errors.put("email", "This is not an email address");
        }
        if (!invite && !password.isEmpty() && (password.length() < 8 || password.length() > 200)) {
            errors.put("password", "The password must be 8 to 200 characters");
        }
        PermissionLevel erp = level(form.erpIntegrations() == null ? "none" : form.erpIntegrations(), "erpIntegrations",
                errors);
        PermissionLevel dir = level(form.directoryLevel() == null ? "none" : form.directoryLevel(), "directoryLevel",
                errors);
        return new PermissionLevel[] {erp, dir};
    }

    private static PermissionLevel level(String code, String field, Map<String, String> errors) {
        if (code == null || !LEVELS.contains(code)) {
            errors.put(field, "Choose a level from the list: None, Read Only, Standard or Admin");
            return null;
        }
        return PermissionLevel.fromCode(code);
    }

    static Map<String, String> levelsByProject(User u) {
        Map<String, String> m = new java.util.HashMap<>();
        u.projects().forEach(p -> m.put(Long.toString(p.projectId()), p.commitments()));
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

    /** The operator's Grant / Revoke button: {@code grant} is true or false. */
    public record PrivilegeForm(String grant) {
    }

    @PostMapping("/operator/companies/{companyId}/users/{userId}/can-push-to-accounting")
    String privilege(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId, @PathVariable long userId,
            @ModelAttribute PrivilegeForm form, BindingResult errors, RedirectAttributes flash) {
        permissions.requireOperator(user, "grant or revoke the 'Can Push to Accounting' privilege");
        if (!"true".equals(form.grant()) && !"false".equals(form.grant())) {
            flash.addFlashAttribute("error", "Use the Grant or Revoke button.");
            return "redirect:/operator";
        }
        boolean grant = Boolean.parseBoolean(form.grant());
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
