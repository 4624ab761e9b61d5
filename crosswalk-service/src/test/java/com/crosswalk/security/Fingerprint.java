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

    static Map<String, String> of(JdbcClient jdbc) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String table : TABLES) {
            // a token's last_used_at moves whenever it signs a request in: not a write of the request's
            out.put(table, jdbc.sql("select count(*) || ':' || coalesce(md5(string_agg((to_jsonb(t) - 'last_used_at')::text, "
                    + "',' order by (to_jsonb(t) - 'last_used_at')::text)), '') from " + table + " t").query(String.class).single());
        }
        out.put("audit_event", jdbc.sql("select count(*) from audit_event where action not like '%refused%'")
                .query(String.class).single());
        return out;
    }

    /** The tables whose fingerprint differs. */
    static List<String> changed(Map<String, String> before, Map<String, String> after) {
        return after.keySet().stream().filter(t -> !after.get(t).equals(before.get(t))).toList();
    }
}
