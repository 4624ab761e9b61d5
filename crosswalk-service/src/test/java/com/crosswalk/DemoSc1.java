package com.crosswalk;

import java.math.BigDecimal;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The demo company's Riverside (project 1001) SC-001 line 1, which test CCOs change, found by names and numbers
 * (never by guessed ids); cost code 03-300, cost type S.
 */
public record DemoSc1(long company, long riverside, long sc1, long sc1Line1, long costCode, long costType) {

    public static DemoSc1 lookUp(JdbcClient jdbc) {
        long company = jdbc.sql("select id from company where name = 'Summit Ridge Builders'").query(Long.class)
                .single();
        long riverside = jdbc.sql("select id from project where company_id = ? and number = '1001'").params(company)
                .query(Long.class).single();
        long sc1 = jdbc.sql("select id from commitment where project_id = ? and number = 'SC-001'").params(riverside)
                .query(Long.class).single();
        long sc1Line1 = jdbc.sql("select id from commitment_line where commitment_id = ? and line_number = 1")
                .params(sc1).query(Long.class).single();
        long costType = jdbc.sql("select id from cost_type where company_id = ? and code = 'S'").params(company)
                .query(Long.class).single();
        return new DemoSc1(company, riverside, sc1, sc1Line1, costCode(jdbc, company, "03-300"), costType);
    }

    public static long costCode(JdbcClient jdbc, long company, String code) {
        return jdbc.sql("select id from cost_code where company_id = ? and code = ?").params(company, code)
                .query(Long.class).single();
    }

    /** The CCO's line 1: SC-001 line 1 changed by 1 × {@code amount}, cost type S and cost code {@code costCodeId}. */
    public void addLine(JdbcClient jdbc, long ccoId, long costCodeId, String description, BigDecimal amount) {
        jdbc.sql("""
                insert into cco_line_item (company_id, cco_id, commitment_id, line_number, commitment_line_id,
                                           cost_code_id, cost_type_id, description, quantity, unit_cost, amount)
                values (?, ?, ?, 1, ?, ?, ?, ?, 1, ?, ?)""")
                .params(company, ccoId, sc1, sc1Line1, costCodeId, costType, description, amount, amount).update();
    }
}
