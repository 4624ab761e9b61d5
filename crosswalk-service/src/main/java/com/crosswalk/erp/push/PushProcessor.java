package com.crosswalk.erp.push;

import com.crosswalk.erp.unlink.Reconciliation;
import java.util.Iterator;
import java.util.LinkedHashSet;
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
 * and has reconciliation re-read the records linked under them from the ERP ({@link Reconciliation#checkNamed}).
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
    private final JsonMapper json = JsonMapper.builder().build();

    PushProcessor(JdbcClient jdbc, Reconciliation reconciliation) {
        this.jdbc = jdbc;
        this.reconciliation = reconciliation;
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
        Set<String> keys = keys(n);
        Reconciliation.Counts counts = reconciliation.checkNamed(companyId, keys);
        if (counts.failed() > 0) {
            throw new IllegalStateException("the ERP could not answer for " + counts.failed() + " of the records");
        }
        jdbc.sql("update erp_push_notification set processed_at = now(), records_checked = :n where id = :id")
                .param("n", counts.checked()).param("id", notificationRowId).update();
        log.debug("Push notification {} of company {}: {} keys, {}", n.id(), companyId, keys.size(), counts);
    }

    static Set<String> keys(AcumaticaNotification n) {
        Set<String> keys = new LinkedHashSet<>();
        for (JsonNode r : n.rows()) {
            if (r == null || !r.isObject()) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = r.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
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
}
