package com.crosswalk.erp.unlink;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.erp.unlink.UnlinkTestSupport.Reply;
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
}
