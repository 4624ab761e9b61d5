package com.crosswalk.projects;

import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.directory.UserAccess;
import com.crosswalk.shared.BadRequestException;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Projects, their cost codes and the company's cost types.
 * <ul>
 * <li>GET projects?company_id=: the projects the user may read — all of the company's for ERP Integrations Read Only
 *     or higher and for the operator, otherwise those where the user has Commitments Read Only or higher.</li>
 * <li>GET a project, its cost codes: the same rule ({@link Permissions#requireProjectRead}).</li>
 * <li>GET cost types: any user of the company, or the operator.</li>
 * </ul>
 * Cost codes are company-wide in Crosswalk (mirrored from the ERP); a project's cost codes are the company's.
 */
@RestController
@RequestMapping("/rest/v1.0")
class ProjectController {

    private final Permissions permissions;
    private final JdbcClient jdbc;

    ProjectController(Permissions permissions, JdbcClient jdbc) {
        this.permissions = permissions;
        this.jdbc = jdbc;
    }

    record Project(long id, long companyId, String number, String name, OffsetDateTime createdAt) {
    }

    record CostCode(long id, String code, String description, boolean inErp) {
    }

    record CostType(long id, String code, String name, boolean inErp) {
    }

    @GetMapping("/projects")
    List<Project> projects(@AuthenticationPrincipal SignedInUser user,
            @RequestParam(name = "company_id", required = false) Long companyId) {
        long company = companyId != null ? companyId : user.companyId() != null ? user.companyId() : -1;
        if (company < 0) {
            throw new BadRequestException("The parameter 'company_id' is required");
        }
        permissions.requireCompanyMember(user, company);
        UserAccess access = permissions.access(user);
        return jdbc.sql("select id, company_id, number, name, created_at from project where company_id = :c order by number")
                .param("c", company).query(ProjectController::project).list().stream()
                .filter(p -> permissions.mayReadProject(access, p.id())).toList();
    }

    @GetMapping("/projects/{projectId}")
    Project project(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId) {
        permissions.requireProjectRead(user, projectId);
        return jdbc.sql("select id, company_id, number, name, created_at from project where id = :p")
                .param("p", projectId).query(ProjectController::project).single();
    }

    @GetMapping("/projects/{projectId}/cost_codes")
    List<CostCode> costCodes(@AuthenticationPrincipal SignedInUser user, @PathVariable long projectId) {
        long company = permissions.requireProjectRead(user, projectId);
        return jdbc.sql("select id, code, description, erp_code is not null from cost_code where company_id = :c order by code")
                .param("c", company)
                .query((rs, n) -> new CostCode(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4))).list();
    }

    @GetMapping("/companies/{companyId}/cost_types")
    List<CostType> costTypes(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId) {
        permissions.requireCompanyMember(user, companyId);
        return jdbc.sql("select id, code, name, erp_code is not null from cost_type where company_id = :c order by code")
                .param("c", companyId)
                .query((rs, n) -> new CostType(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4))).list();
    }

    private static Project project(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Project(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                rs.getObject(5, OffsetDateTime.class));
    }
}
