package com.crosswalk;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Inserts a test CCO straight into the database (for setting up export and unlink tests quickly). Every test in
 * the JVM shares one database, so the number is taken the way the service takes it — the commitment's highest
 * number plus one, in the same statement, with the commitment row locked — never from a per-class counter that
 * another fixture's numbers could collide with. (lpad alone would cut 1000 to "100".)
 */
public final class TestChangeOrders {

    private TestChangeOrders() {
    }

    /** The new CCO's id; it has no line items yet. */
    public static long insert(JdbcClient jdbc, long companyId, long projectId, long commitmentId, String title,
            String status) {
        return jdbc.sql("""
                with locked as (select id from commitment where id = :m for update)
                insert into commitment_change_order (company_id, project_id, commitment_id, number, title, status,
                                                     change_date, description)
                select :c, :p, locked.id, lpad(next.n, greatest(3, length(next.n)), '0'), :t, :s, current_date, :t
                from locked,
                     (select (coalesce(max(number::bigint), 0) + 1)::text as n from commitment_change_order
                       where commitment_id = :m) as next
                returning id""")
                .param("c", companyId).param("p", projectId).param("m", commitmentId).param("t", title)
                .param("s", status)
                .query(Long.class).single();
    }

    public static String number(JdbcClient jdbc, long ccoId) {
        return jdbc.sql("select number from commitment_change_order where id = :id").param("id", ccoId)
                .query(String.class).single();
    }
}
