package com.crosswalk.projects;

import com.crosswalk.directory.SignedInUser;
import com.crosswalk.projects.Projects.CostCode;
import com.crosswalk.projects.Projects.CostType;
import com.crosswalk.projects.Projects.Project;
import com.crosswalk.shared.BadRequestException;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** REST of projects, their cost codes and the company's cost types; reading and its rules are {@link Projects}'. */
@RestController
@RequestMapping("/rest/v1.0")
class ProjectController {

    private final Projects projects;

    ProjectController(Projects projects) {
        this.projects = projects;
    }

    @GetMapping("/projects")
    List<Project> projects(@AuthenticationPrincipal SignedInUser user,
            @RequestParam(name = "company_id", required = false) Long companyId) {
        long company = companyId != null ? companyId : user.companyId() != null ? user.companyId() : -1;
        if (company < 0) {
            throw new BadRequestException("The parameter 'company_id' is required");
        }
        return projects.visible(user, company);
    }

    @GetMapping("/projects/{projectId}")
    Project project(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId) {
        return projects.get(user, projectId);
    }

    @GetMapping("/projects/{projectId}/cost_codes")
    List<CostCode> costCodes(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId) {
        return projects.costCodes(user, projectId);
    }

    @GetMapping("/companies/{companyId}/cost_types")
    List<CostType> costTypes(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId) {
        return projects.costTypes(user, companyId);
    }
}
