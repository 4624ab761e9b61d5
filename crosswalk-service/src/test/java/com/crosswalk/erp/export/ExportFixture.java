package com.crosswalk.erp.export;

import com.crosswalk.DemoSc1;
import com.crosswalk.TestChangeOrders;
import java.math.BigDecimal;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Test CCOs of their own on the demo company's commitments (demo rows stay as the demo page describes them). */
final class ExportFixture {

    final JdbcClient jdbc;
    private final DemoSc1 demo;
    final long companyId;
    final long riverside;
    final long costCode;

    ExportFixture(JdbcClient jdbc) {
        this.jdbc = jdbc;
        demo = DemoSc1.lookUp(jdbc);
        companyId = demo.company();
        riverside = demo.riverside();
        costCode = demo.costCode();
    }

    long costCode(String code) {
        return DemoSc1.costCode(jdbc, companyId, code);
    }

    /** An Approved CCO on Riverside SC-001 changing line 1 by {@code amount}, with cost code {@code costCodeId}. */
    long cco(String status, BigDecimal amount, long costCodeId) {
        long id = TestChangeOrders.insert(jdbc, companyId, riverside, demo.sc1(), "Export test", status);
        demo.addLine(jdbc, id, costCodeId, "test line", amount);
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
