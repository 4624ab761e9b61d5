package com.crosswalk.web;

import com.crosswalk.directory.PermissionLevel;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.erp.sync.ErpWork;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The home page: what waits for the signed-in person in the ERP Integrations tool (each count a link to its list;
 * the same as {@code GET /rest/v1.0/companies/{id}/erp/summary}), the last reconciliation, the tools they may open
 * and, in demo mode, the ERP's own page.
 */
@Controller
class HomeController {

    private final Permissions permissions;
    private final ErpWork work;

    HomeController(Permissions permissions, ErpWork work) {
        this.permissions = permissions;
        this.work = work;
    }

    @GetMapping("/")
    String home(@AuthenticationPrincipal SignedInUser user, Model model) {
        if (user != null && user.companyId() != null
                && permissions.access(user).erpIntegrations().atLeast(PermissionLevel.READ_ONLY)) {
            model.addAttribute("work", work.summary(user, user.companyId()));
        }
        return "home";
    }
}
