package com.crosswalk.web;

import com.crosswalk.directory.PermissionLevel;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.directory.UserAccess;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Read-only lists the pages need and no service offers yet (the REST controllers of projects, vendors, cost codes
 * and the audit log query inline). Same queries and the same {@link Permissions} checks as those controllers; no
 * writes. To be replaced by the owning packages' services when they exist.
 */
@Service
public class WebReads {

    private final JdbcClient jdbc;
    private final Permissions permissions;

    WebReads(JdbcClient jdbc, Permissions permissions) {
        this.jdbc = jdbc;
        this.permissions = permissions;
    }

    public record Project(long id, String number, String name, String erpKey) {
    }

    public record Vendor(long id, String name, String erpKey) {
    }

    public record Code(String code, String name, boolean inErp) {
    }

    public record AuditEvent(long id, OffsetDateTime occurredAt, String actorLogin, String action, String summary,
            String before, String after) {
    }

    /** The projects the user may read (same rule as GET /rest/v1.0/projects). */
    public List<Project> projects(SignedInUser user, long companyId) {
        permissions.requireCompanyMember(user, companyId);
        UserAccess access = permissions.access(user);
        return jdbc.sql("""
                select p.id, p.number, p.name, l.erp_key from project p
                left join erp_link l on l.project_id = p.id
                where p.company_id = :c order by p.number""")
                .param("c", companyId)
                .query((rs, n) -> new Project(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list().stream().filter(p -> permissions.mayReadProject(access, p.id())).toList();
    }

    public Project project(SignedInUser user, long projectId) {
        permissions.requireProjectRead(user, projectId);
        return jdbc.sql("""
                select p.id, p.number, p.name, l.erp_key from project p
                left join erp_link l on l.project_id = p.id where p.id = :p""")
                .param("p", projectId)
                .query((rs, n) -> new Project(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .single();
    }

    /** Vendors with their ERP link (ERP Integrations Read Only or higher). */
    public List<Vendor> vendors(SignedInUser user, long companyId) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.READ_ONLY);
        return jdbc.sql("""
                select v.id, v.name, l.erp_key from vendor v left join erp_link l on l.vendor_id = v.id
                where v.company_id = :c order by v.name""")
                .param("c", companyId)
                .query((rs, n) -> new Vendor(rs.getLong(1), rs.getString(2), rs.getString(3))).list();
    }

    public List<Code> costCodes(SignedInUser user, long projectId) {
        long companyId = permissions.requireProjectRead(user, projectId);
        return jdbc.sql("select code, description, erp_code is not null from cost_code where company_id = :c order by code")
                .param("c", companyId)
                .query((rs, n) -> new Code(rs.getString(1), rs.getString(2), rs.getBoolean(3))).list();
    }

    public List<Code> costTypes(SignedInUser user, long projectId) {
        long companyId = permissions.requireProjectRead(user, projectId);
        return jdbc.sql("select code, name, erp_code is not null from cost_type where company_id = :c order by code")
                .param("c", companyId)
                .query((rs, n) -> new Code(rs.getString(1), rs.getString(2), rs.getBoolean(3))).list();
    }

    /** A record's audit events, newest first (same readers as GET …/audit_events). */
    public List<AuditEvent> history(SignedInUser user, long companyId, String recordType, long recordId, int limit) {
        permissions.requireAuditRead(user, companyId);
        return jdbc.sql("""
                select id, occurred_at, actor_login, action, summary, cast(before_state as text), cast(after_state as text)
                from audit_event where company_id = :c and record_type = :t and record_id = :r
                order by id desc limit :lim""")
                .param("c", companyId).param("t", recordType).param("r", recordId).param("lim", limit)
                .query((rs, n) -> new AuditEvent(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)))
                .list();
    }

    /** The project of a CCO or commitment of the company (for links from history), or null. */
    public Long projectOf(String recordType, long recordId) {
        String table = switch (recordType) {
            case "commitment_change_order" -> "commitment_change_order";
            case "commitment" -> "commitment";
            default -> null;
        };
        if (table == null) {
            return null;
        }
        return jdbc.sql("select project_id from " + table + " where id = :id").param("id", recordId)
                .query(Long.class).optional().orElse(null);
    }
}
