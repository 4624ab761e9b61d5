package com.crosswalk.erp.unlink;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.erp.unlink.UnlinkTestSupport.Reply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Send to ERP → Accept → the background export, through the export workflow's REST API, as {@code approver}. */
final class ExportSteps {

    private ExportSteps() {
    }

    /** Returns the ERP key (RefNbr) the CCO got linked to. */
    static String sendAcceptAndWaitForSync(UnlinkTestSupport t, JdbcClient jdbc, long companyId, long projectId,
            long ccoId) {
        Reply sent = t.post("approver", "/rest/v1.0/projects/" + projectId + "/commitment_change_orders/" + ccoId
                + "/send_to_erp", null);
        assertThat(sent.status()).as("send: " + sent.body()).isBetween(200, 299);
        Reply accepted = t.post("approver", "/rest/v1.0/companies/" + companyId + "/erp/commitment_change_orders/"
                + ccoId + "/accept", null);
        assertThat(accepted.status()).as("accept: " + accepted.body()).isBetween(200, 299);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            Map<String, Object> export = t.export("cco_id", ccoId);
            if (export != null && "synced".equals(export.get("state"))) {
                Map<String, Object> link = t.link("cco_id", ccoId);
                assertThat(link).as("a synced CCO has its link").isNotNull();
                return (String) link.get("erp_key");
            }
            if (export != null && ("failed".equals(export.get("state")))) {
                String error = jdbc.sql("select last_error from erp_export where cco_id = :id").param("id", ccoId)
                        .query(String.class).single();
                throw new AssertionError("The export failed: " + error);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("The export did not finish within 60 s: " + t.export("cco_id", ccoId));
    }

    /**
     * The same steps for many CCOs at once: every Send to ERP and Accept first (each answered 2xx), then waits until
     * every export is synced (the export threads run them side by side, as they would for a person accepting a list).
     * Returns the ERP key (RefNbr) each CCO got linked to, in the order of {@code ccoIds}.
     */
    static List<String> sendAcceptAndWaitForSync(UnlinkTestSupport t, JdbcClient jdbc, long companyId, long projectId,
            List<Long> ccoIds) {
        for (long ccoId : ccoIds) {
            Reply sent = t.post("approver", "/rest/v1.0/projects/" + projectId + "/commitment_change_orders/" + ccoId
                    + "/send_to_erp", null);
            assertThat(sent.status()).as("send: " + sent.body()).isBetween(200, 299);
        }
        for (long ccoId : ccoIds) {
            Reply accepted = t.post("approver", "/rest/v1.0/companies/" + companyId + "/erp/commitment_change_orders/"
                    + ccoId + "/accept", null);
            assertThat(accepted.status()).as("accept: " + accepted.body()).isBetween(200, 299);
        }
        // one statement a round for all of them (not one per CCO: 200 statements every 100 ms would compete with the
        // exports for the machine)
        Map<Long, String> keys = new LinkedHashMap<>();
        long deadline = System.nanoTime() + 60_000_000_000L + ccoIds.size() * 1_000_000_000L;
        while (System.nanoTime() < deadline && keys.size() < ccoIds.size()) {
            List<Map<String, Object>> rows = jdbc.sql("""
                    select e.cco_id, e.state, e.last_error, l.erp_key from erp_export e
                    left join erp_link l on l.cco_id = e.cco_id
                    where e.cco_id in (:ids) and e.state in ('synced', 'failed')""")
                    .param("ids", ccoIds).query().listOfRows();
            for (Map<String, Object> row : rows) {
                long ccoId = ((Number) row.get("cco_id")).longValue();
                if ("failed".equals(row.get("state"))) {
                    throw new AssertionError("The export of CCO " + ccoId + " failed: " + row.get("last_error"));
                }
                assertThat(row.get("erp_key")).as("a synced CCO has its link").isNotNull();
                keys.put(ccoId, (String) row.get("erp_key"));
            }
            if (keys.size() < ccoIds.size()) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
        if (keys.size() < ccoIds.size()) {
            throw new AssertionError("Only " + keys.size() + " of " + ccoIds.size() + " exports finished in time");
        }
        List<String> ordered = new ArrayList<>();
        ccoIds.forEach(id -> ordered.add(keys.get(id)));
        return ordered;
    }
}
