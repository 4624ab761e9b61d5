package com.crosswalk.projects;

import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.directory.UserAccess;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Reading projects, their cost codes and the company's cost types, each with its permission check — the one place
 * the REST API ({@link ProjectController}) and the pages read them.
 * <ul>
 * <li>{@link #visible}: the projects the user may read — those where the user has Commitments Read Only or higher
 *     ("None" hides a project); never the operator's (the operator manages the platform, not company records).</li>
 * <li>{@link #get}, {@link #costCodes}: the same rule ({@link Permissions#requireProjectRead}).</li>
 * <li>{@link #forDirectory}: every project of the company, for Directory readers setting levels on them.</li>
 * <li>{@link #costTypes}: any user of the company (not the operator).</li>
 * </ul>
 * Cost codes are company-wide in Crosswalk (mirrored from the ERP); a project's cost codes are the company's.
 */
@Service
public class Projects {

    private final Permissions permissions;
    private final JdbcClient jdbc;

    Projects(Permissions permissions, JdbcClient jdbc) {
        this.permissions = permissions;
        this.jdbc = jdbc;
    }

    public record Project(long id, long companyId, String number, String name, OffsetDateTime createdAt) {
    }

    public record CostCode(long id, String code, String description, boolean inErp) {
    }

    public record CostType(long id, String code, String name, boolean inErp) {
    }

    public List<Project> visible(SignedInUser user, long companyId) {
        permissions.requireCompanyRecords(user, companyId);
        UserAccess access = permissions.access(user);
        return jdbc.sql("select id, company_id, number, name, created_at from project where company_id = :c order by number")
                .param("c", companyId).query(Projects::project).list().stream()
                .filter(p -> permissions.mayReadProject(access, p.id())).toList();
    }

    /** Every project of the company (number and name), for the Directory's level settings: Directory Read Only+. */
    public List<Project> forDirectory(SignedInUser user, long companyId) {
        permissions.requireDirectory(user, companyId, com.crosswalk.directory.PermissionLevel.READ_ONLY);
        return jdbc.sql("select id, company_id, number, name, created_at from project where company_id = :c order by number")
                .param("c", companyId).query(Projects::project).list();
    }

    /** Whether the project is one of that company's. */
    public boolean exists(long companyId, long projectId) {
        return jdbc.sql("select exists(select 1 from project where id = :p and company_id = :c)").param("p", projectId)
                .param("c", companyId).query(Boolean.class).single();
    }

    public Project get(SignedInUser user, long projectId) {
        permissions.requireProjectRead(user, projectId);
        return jdbc.sql("select id, company_id, number, name, created_at from project where id = :p")
                .param("p", projectId).query(Projects::project).single();
    }

    public List<CostCode> costCodes(SignedInUser user, long projectId) {
        long company = permissions.requireProjectRead(user, projectId);
        return jdbc.sql("select id, code, description, erp_code is not null from cost_code where company_id = :c order by code")
                .param("c", company)
                .query((rs, n) -> new CostCode(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4))).list();
    }

    public List<CostType> costTypes(SignedInUser user, long companyId) {
        permissions.requireCompanyRecords(user, companyId);
        return jdbc.sql("select id, code, name, erp_code is not null from cost_type where company_id = :c order by code")
                .param("c", companyId)
                .query((rs, n) -> new CostType(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4))).list();
    }

    private static Project project(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Project(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                rs.getObject(5, OffsetDateTime.class));
    }
}
