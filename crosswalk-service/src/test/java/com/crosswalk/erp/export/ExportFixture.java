package com.crosswalk.erp.export;

import com.crosswalk.TestChangeOrders;
import java.math.BigDecimal;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Test CCOs of their own on the demo company's commitments (demo rows stay as the demo page describes them). */
final class ExportFixture {

    final JdbcClient jdbc;
    final long companyId;
    final long riverside;
    final long sc1;
    final long sc1Line1;
    final long costType;
    final long costCode;

    ExportFixture(JdbcClient jdbc) {
        this.jdbc = jdbc;
        companyId = jdbc.sql("select id from company where name = 'Summit Ridge Builders'").query(Long.class).single();
        riverside = jdbc.sql("select id from project where company_id = ? and number = '1001'").params(companyId)
                .query(Long.class).single();
        sc1 = jdbc.sql("select id from commitment where project_id = ? and number = 'SC-001'").params(riverside)
                .query(Long.class).single();
        sc1Line1 = jdbc.sql("select id from commitment_line where commitment_id = ? and line_number = 1").params(sc1)
                .query(Long.class).single();
        costType = jdbc.sql("select id from cost_type where company_id = ? and code = 'S'").params(companyId)
                .query(Long.class).single();
        costCode = costCode("03-300");
    }

    long costCode(String code) {
        return jdbc.sql("select id from cost_code where company_id = ? and code = ?").params(companyId, code)
                .query(Long.class).single();
    }

    /** An Approved CCO on Riverside SC-001 changing line 1 by {@code amount}, with cost code {@code costCodeId}. */
    long cco(String status, BigDecimal amount, long costCodeId) {
        long id = TestChangeOrders.insert(jdbc, companyId, riverside, sc1, "Export test", status);
        jdbc.sql("""
                insert into cco_line_item (company_id, cco_id, commitment_id, line_number, commitment_line_id,
                                           cost_code_id, cost_type_id, description, quantity, unit_cost, amount)
                values (?, ?, ?, 1, ?, ?, ?, 'test line', 1, ?, ?)""")
                .params(companyId, id, sc1, sc1Line1, costCodeId, costType, amount, amount).update();
        return id;
    }

    long cco(BigDecimal amount) {
        return cco("approved", amount, costCode);
    }

    String externalRef(long ccoId) {
        return jdbc.sql("select external_ref from erp_export where cco_id = ?").params(ccoId).query(String.class)
                .single();
    }

    String state(long ccoId) {
        return jdbc.sql("""
                select case when exists (select 1 from erp_link where cco_id = ?) then 'synced'
                            else (select state from erp_export where cco_id = ?) end""")
                .params(ccoId, ccoId).query(String.class).optional().orElse(null);
    }

    String send(long ccoId) {
        return "/rest/v1.0/projects/" + riverside + "/commitment_change_orders/" + ccoId + "/send_to_erp";
    }

    String erp(long ccoId, String action) {
        return "/rest/v1.0/companies/" + companyId + "/erp/commitment_change_orders/" + ccoId + "/" + action;
    }

    /** Waits (bounded) until the CCO reaches {@code state}. */
    void await(long ccoId, String state, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            if (state.equals(state(ccoId))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("CCO " + ccoId + " did not reach " + state + " within " + timeoutMs + " ms (it is "
                + state(ccoId) + ", last_error "
                + jdbc.sql("select last_error from erp_export where cco_id = ?").params(ccoId).query(String.class)
                        .optional().orElse(null) + ")");
    }
}
