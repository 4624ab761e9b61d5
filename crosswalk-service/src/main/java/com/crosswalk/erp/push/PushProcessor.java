package com.crosswalk.erp.push;

import com.crosswalk.erp.payments.BillPaymentsImport;
import com.crosswalk.erp.unlink.Reconciliation;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Processes one stored notification: takes the document keys its rows name — {@code RefNbr}, {@code OriginalCORefNbr}
 * (a reversing change order names the one it reverses), {@code ReferenceNbr}, {@code ExternalRefNbr} (our own key) —
 * and has reconciliation re-read the records linked under them from the ERP ({@link Reconciliation#checkNamed});
 * for a synced invoice's bill, its payments are read again too ({@link BillPaymentsImport}).
 * The payload's content is never trusted: a forged or stale row can at most cause a re-read. Out of order or twice
 * changes nothing more: each check records what the ERP holds now.
 */
@Service
class PushProcessor {

    private static final Logger log = LoggerFactory.getLogger(PushProcessor.class);
    /** The row fields that name a document: Acumatica's keys, and the key we gave it. */
    private static final Pattern KEY_FIELD = Pattern.compile(".*(RefNbr|ReferenceNbr|OrderNbr)$");

    private final JdbcClient jdbc;
    private final Reconciliation reconciliation;
    private final BillPaymentsImport payments;
    private final JsonMapper json = JsonMapper.builder().build();

    PushProcessor(JdbcClient jdbc, Reconciliation reconciliation, BillPaymentsImport payments) {
        this.jdbc = jdbc;
        this.reconciliation = reconciliation;
        this.payments = payments;
    }

    /** Processes the notification once; an ERP that can not answer throws, and the task tries again later. */
    void process(long notificationRowId) {
        Optional<Map<String, Object>> row = jdbc.sql("""
                select company_id, payload::text as payload from erp_push_notification
                where id = :id and processed_at is null""").param("id", notificationRowId).query().listOfRows().stream()
                .findFirst();
        if (row.isEmpty()) {
            return; // processed already (a revived execution), or the company is gone
        }
        long companyId = ((Number) row.get().get("company_id")).longValue();
        AcumaticaNotification n = json.readValue((String) row.get().get("payload"), AcumaticaNotification.class);
        // Crosswalk's own test of the webhook names no document: processed without asking the ERP
        Set<String> keys = PushTestJob.QUERY.equals(n.query()) ? Set.of() : keys(n);
        if (keys.isEmpty()) {
            jdbc.sql("update erp_push_notification set processed_at = now(), records_checked = 0 where id = :id")
                    .param("id", notificationRowId).update();
            return;
        }
        Reconciliation.Counts counts = reconciliation.checkNamed(companyId, keys);
        if (counts.failed() > 0) {
            throw new IllegalStateException("the ERP could not answer for " + counts.failed() + " of the records");
        }
        // a bill named: its payments may have moved (a check released or voided changes its Balance)
        if (jdbc.sql("""
                select exists (select 1 from erp_link where company_id = :c and record_type = 'requisition'
                               and erp_key in (:keys))""").param("c", companyId).param("keys", List.copyOf(keys))
                .query(Boolean.class).single()) {
            payments.importFor(companyId, keys);
        }
        jdbc.sql("update erp_push_notification set processed_at = now(), records_checked = :n where id = :id")
                .param("n", counts.checked()).param("id", notificationRowId).update();
        log.debug("Push notification {} of company {}: {} keys, {}", n.id(), companyId, keys.size(), counts);
    }

    /**
     * The keys whose records must be read again. A change order that a row shows released and not reversed, and in no
     * row otherwise, needs no read: that is how an export leaves it (our own exports' notifications cost nothing), and
     * any later change to it — reversed, a reversal released, deleted — comes with a row that says so (or without its
     * Inserted row, when it left the results), which does trigger the read. The rows are only trusted to spare a
     * read, never to change what Crosswalk records.
     */
    static Set<String> keys(AcumaticaNotification n) {
        List<JsonNode> rows = n.rows().stream().filter(r -> r != null && r.isObject()).toList();
        List<JsonNode> inserted = n.inserted() == null ? List.of() : n.inserted();
        Set<String> asExported = new LinkedHashSet<>();
        for (JsonNode r : inserted) {
            if (r != null && r.isObject() && releasedAndNotReversed(r)) {
                asExported.add(r.path("RefNbr").asString(""));
            }
        }
        for (JsonNode r : rows) {
            String ref = r.path("RefNbr").asString("");
            if (isInserted(n, r) && !releasedAndNotReversed(r)) {
                asExported.remove(ref);
            }
            asExported.remove(r.path("OriginalCORefNbr").asString(""));
        }
        Set<String> keys = new LinkedHashSet<>();
        for (JsonNode r : rows) {
            if (asExported.contains(r.path("RefNbr").asString(""))) {
                continue; // this change order as an export leaves it, and its earlier row: nothing to read
            }
            for (Map.Entry<String, JsonNode> field : r.properties()) {
                if (KEY_FIELD.matcher(field.getKey()).matches() && field.getValue().isString()) {
                    String v = field.getValue().asString().trim();
                    if (!v.isEmpty() && v.length() <= 100) {
                        keys.add(v);
                    }
                }
            }
        }
        return keys;
    }

    private static boolean isInserted(AcumaticaNotification n, JsonNode row) {
        return n.inserted() != null && n.inserted().contains(row);
    }

    /** A change order row that says: released (Closed), not reversed, not a reversing change order. */
    private static boolean releasedAndNotReversed(JsonNode r) {
        return r.has("RefNbr") && r.has("Status") && "Closed".equals(r.path("Status").asString(""))
                && r.has("ReverseStatus") && "None".equals(r.path("ReverseStatus").asString(""))
                && r.path("OriginalCORefNbr").asString("").isEmpty();
    }
}
