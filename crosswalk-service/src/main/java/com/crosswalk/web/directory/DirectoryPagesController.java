package com.crosswalk.web.directory;

import com.crosswalk.directory.DirectoryService;
import com.crosswalk.directory.DirectoryService.ProjectLevel;
import com.crosswalk.directory.DirectoryService.User;
import com.crosswalk.directory.PermissionLevel;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.shared.CrosswalkException;
import com.crosswalk.shared.NotFoundException;
import com.crosswalk.web.WebReads;
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

    static final List<String> LEVELS = List.of("none", "read_only", "standard", "admin");

    private final Permissions permissions;
    private final DirectoryService directory;
    private final WebReads reads;

    DirectoryPagesController(Permissions permissions, DirectoryService directory, WebReads reads) {
        this.permissions = permissions;
        this.directory = directory;
        this.reads = reads;
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
        model.addAttribute("users", directory.users(companyId));
        model.addAttribute("projects", reads.projects(user, companyId));
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
        model.addAttribute("projects", reads.projects(user, companyId));
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
