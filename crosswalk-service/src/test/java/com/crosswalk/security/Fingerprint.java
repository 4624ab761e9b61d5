package com.crosswalk.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a refused request must not change: the content (md5 of every row; a token's last_used_at aside) of every
 * business table, and the audit
 * log apart from the refusals it records on purpose ({@code *.unlink_refused}).
 */
final class Fingerprint {

    static final List<String> TABLES = List.of("company", "erp_connection", "app_user", "access_token", "project",
            "project_permission", "cost_code", "cost_type", "vendor", "commitment", "commitment_line",
            "commitment_change_order", "cco_line_item", "erp_link", "erp_export", "password_link", "webhook");

    private Fingerprint() {
    }

    /**
     * One statement for all the tables (the fuzz tests take a fingerprint before and after each of ~1,400 hostile
     * requests); rows are ordered by their text in the "C" collation, a byte order cheaper to sort than the database's
     * default collation: the same rows still give the same md5.
     */
    static Map<String, String> of(JdbcClient jdbc) {
        StringBuilder sql = new StringBuilder();
        for (String table : TABLES) {
            // a token's last_used_at moves whenever it signs a request in: not a write of the request's
            sql.append("select '").append(table).append("' as name, count(*) || ':' || ")
                    .append("coalesce(md5(string_agg(r, ',' order by r collate \"C\")), '') as fp from (select ")
                    .append("(to_jsonb(t) - 'last_used_at')::text as r from ").append(table).append(" t) x union all ");
        }
        sql.append("select 'audit_event', count(*)::text from audit_event where action not like '%refused%'");
        Map<String, String> out = new LinkedHashMap<>();
        jdbc.sql(sql.toString()).query((rs, i) -> out.put(rs.getString(1), rs.getString(2))).list();
        return out;
    }

    /** The tables whose fingerprint differs. */
    static List<String> changed(Map<String, String> before, Map<String, String> after) {
        return after.keySet().stream().filter(t -> !after.get(t).equals(before.get(t))).toList();
    }
}
