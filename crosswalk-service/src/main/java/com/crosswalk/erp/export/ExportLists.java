package com.crosswalk.erp.export;

import com.crosswalk.directory.PermissionLevel;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.directory.UserAccess;
import com.crosswalk.shared.BadRequestException;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The lists of the ERP Integrations tool for commitments and CCOs: Ready to Export, Exporting, Failed to Export (from
 * erp_export, index erp_export_list_idx) and Successfully Synced (from erp_link, index erp_link_list_idx); newest
 * first, paged with {@code page}/{@code per_page} (≤ 1000), optional {@code search} and {@code sort}.
 */
@Service
public class ExportLists {

    public static final int MAX_PER_PAGE = 1000;

    private final JdbcClient jdbc;
    private final Permissions permissions;

    ExportLists(JdbcClient jdbc, Permissions permissions) {
        this.jdbc = jdbc;
        this.permissions = permissions;
    }

    public record Page(List<Map<String, Object>> rows, long total, int page, int perPage) {
    }

    public Page list(SignedInUser user, long companyId, Kind kind, String view, String search, String sort, int page,
            int perPage) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.READ_ONLY);
        if (page < 1) {
            throw new BadRequestException("'page' must be 1 or more");
        }
        if (perPage < 1 || perPage > MAX_PER_PAGE) {
            throw new BadRequestException("'per_page' must be between 1 and " + MAX_PER_PAGE);
        }
        String v = view == null ? "ready_to_export" : view;
        boolean synced = v.equals("synced");
        if (!synced && !List.of("ready_to_export", "exporting", "failed", "rejected").contains(v)) {
            throw new BadRequestException("'view' must be ready_to_export, exporting, synced, failed or rejected");
        }
        boolean cco = kind == Kind.CCO;
        String rec = cco ? "r" : "r";
        String dateCol = synced ? "l.linked_at" : "e.updated_at";
        String idCol = synced ? "l.id" : "e.id";
        String order = switch (sort == null ? "-date" : sort) {
            case "-date", "newest" -> dateCol + " desc, " + idCol + " desc";
            case "date", "oldest" -> dateCol + " asc, " + idCol + " asc";
            case "number" -> "p.number asc, " + (cco ? "c.number asc, r.number asc" : "r.number asc") + ", " + idCol;
            case "-number" -> "p.number desc, " + (cco ? "c.number desc, r.number desc" : "r.number desc") + ", "
                    + idCol + " desc";
            default -> throw new BadRequestException("'sort' must be -date (newest first), date, number or -number");
        };
        String from = (synced
                ? "erp_link l left join erp_export e on e." + kind.column + " = l." + kind.column
                + " join " + kind.table + " r on r.id = l." + kind.column
                : "erp_export e left join erp_link l on l." + kind.column + " = e." + kind.column
                + " join " + kind.table + " r on r.id = e." + kind.column)
                + (cco ? " join commitment c on c.id = r.commitment_id" : " join commitment c on c.id = r.id")
                + " join project p on p.id = r.project_id join vendor v on v.id = c.vendor_id";
        String where = synced ? " where l.company_id = :company and l.record_type = :type"
                : " where e.company_id = :company and e.record_type = :type and e.state = :state";
        if (search != null && !search.isBlank()) {
            where += " and (r.number ilike :q or r.title ilike :q or p.number ilike :q or p.name ilike :q"
                    + " or l.erp_key ilike :q)";
        }
        String total = cco ? "(select coalesce(sum(li.amount), 0) from cco_line_item li where li.cco_id = r.id)"
                : "(select coalesce(sum(cl.amount), 0) from commitment_line cl where cl.commitment_id = r.id)";
        String sql = "select r.id, r.number, r.title, p.id as p_id, p.number as p_number, p.name as p_name,"
                + " c.id as c_id, c.number as c_number, c.title as c_title, v.id as v_id, v.name as v_name, "
                + total + " as grand_total,"
                + " coalesce(e.state, 'synced') as state, l.erp_key, l.erp_status, l.id as link_id,"
                + " coalesce(e.synced_at, l.linked_at) as synced_at, coalesce(e.synced_by, l.linked_by) as synced_by,"
                + " (select display_name from app_user u where u.id = coalesce(e.synced_by, l.linked_by)) as synced_by_name,"
                + " e.sent_by, (select display_name from app_user u where u.id = e.sent_by) as sent_by_name, e.sent_at,"
                + " e.accepted_by, (select display_name from app_user u where u.id = e.accepted_by) as accepted_by_name,"
                + " e.accepted_at, e.last_error, e.rejection_reason, e.job_instance_id, e.updated_at"
                + " from " + from + where + " order by " + order + " limit :limit offset :offset";
        String q = search == null ? null : "%" + search.trim().replace("\\", "\\\\").replace("%", "\\%")
                .replace("_", "\\_") + "%";
        var stmt = jdbc.sql(sql).param("company", companyId).param("type", kind.recordType)
                .param("limit", perPage).param("offset", (long) (page - 1) * perPage);
        var count = jdbc.sql("select count(*) from " + from + where).param("company", companyId)
                .param("type", kind.recordType);
        if (!synced) {
            stmt = stmt.param("state", v);
            count = count.param("state", v);
        }
        if (q != null && !search.isBlank()) {
            stmt = stmt.param("q", q);
            count = count.param("q", q);
        }
        UserAccess access = permissions.access(user);
        List<Map<String, Object>> rows = stmt.query((rs, n) -> row(rs, kind, access)).list();
        long totalCount = count.query(Long.class).single();
        return new Page(rows, totalCount, page, perPage);
    }

    private Map<String, Object> row(ResultSet rs, Kind kind, UserAccess access) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", rs.getLong("id"));
        m.put("number", rs.getString("number"));
        m.put("title", rs.getString("title"));
        m.put("project", Map.of("id", rs.getLong("p_id"), "number", rs.getString("p_number"), "name",
                rs.getString("p_name")));
        if (kind == Kind.CCO) {
            m.put("commitment", Map.of("id", rs.getLong("c_id"), "number", rs.getString("c_number"), "title",
                    rs.getString("c_title")));
        }
        m.put("vendor", Map.of("id", rs.getLong("v_id"), "name", rs.getString("v_name")));
        BigDecimal total = rs.getBigDecimal("grand_total");
        m.put("grand_total", total == null ? BigDecimal.ZERO : total);
        boolean linked = rs.getObject("link_id") != null;
        m.put("state", linked ? "synced" : rs.getString("state"));
        m.put("erp_key", rs.getString("erp_key"));
        m.put("erp_status", rs.getString("erp_status"));
        m.put("synced_at", linked ? rs.getObject("synced_at", OffsetDateTime.class) : null);
        m.put("synced_by", linked ? person(rs, "synced_by") : null);
        m.put("sent_by", person(rs, "sent_by"));
        m.put("sent_at", rs.getObject("sent_at", OffsetDateTime.class));
        m.put("accepted_by", person(rs, "accepted_by"));
        m.put("accepted_at", rs.getObject("accepted_at", OffsetDateTime.class));
        m.put("last_error", rs.getString("last_error"));
        m.put("rejection_reason", rs.getString("rejection_reason"));
        m.put("export_id", rs.getString("job_instance_id"));
        m.put("updated_at", rs.getObject("updated_at", OffsetDateTime.class));
        long projectId = rs.getLong("p_id");
        m.put("can_unlink", linked && !access.user().isOperator()
                && access.commitments(projectId).atLeast(PermissionLevel.ADMIN)
                && access.erpIntegrations().atLeast(PermissionLevel.STANDARD) && access.canPushToAccounting());
        return m;
    }

    private static Map<String, Object> person(ResultSet rs, String column) throws SQLException {
        Object id = rs.getObject(column);
        if (id == null) {
            return null;
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", ((Number) id).longValue());
        p.put("name", rs.getString(column + "_name"));
        return p;
    }
}
