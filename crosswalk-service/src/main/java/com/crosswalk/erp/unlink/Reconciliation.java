package com.crosswalk.erp.unlink;

import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.erp.connector.ErpConnector;
import com.crosswalk.erp.connector.ErpPresence;
import com.crosswalk.erp.connector.ErpRecordRef;
import com.crosswalk.shared.ErpUnavailableException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Asks the ERP about every linked CCO and commitment of a company and records the answer on the link
 * ({@code erp_link.erp_status}: present / reversal_pending / gone, and {@code erp_checked_at}), so the synced list can
 * say "gone from Acumatica — ready to unlink". It changes nothing else: unlinking stays a person's decision.
 *
 * <p>Each answer is written by one short statement of its own, guarded by the link's id and ERP key (a link unlinked
 * or replaced meanwhile is left alone); no transaction or lock is held while the ERP answers.
 */
@Service
public class Reconciliation {

    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);

    /** What one run found. {@code failed}: the ERP could not answer for that many records (their status is kept). */
    public record Counts(int checked, int present, int reversalPending, int gone, int failed) {
    }

    private record Linked(long id, String recordType, String erpKey, UUID erpId, String externalRef,
            String commitmentKind) {
    }

    private final JdbcClient jdbc;
    private final ErpConnectors connectors;
    private final double budgetShare;

    Reconciliation(JdbcClient jdbc, ErpConnectors connectors,
            @Value("${crosswalk.reconcile.budget-share:0.1}") double budgetShare) {
        this.jdbc = jdbc;
        this.connectors = connectors;
        this.budgetShare = budgetShare;
    }

    /**
     * Checks every linked CCO and commitment of the company. Throws {@link ErpUnavailableException} when the
     * company's ERP connector can not be made (no connection configured).
     *
     * <p>It must not eat the exports' ERP budget: change orders are asked about in batches
     * ({@link ErpConnector#changeOrderPresence(List)}: for Acumatica 50 per request, plus one request for the
     * reversals of any reversed ones), commitments one by one, all on this one thread, paced to at most
     * {@code crosswalk.reconcile.budget-share} (default 0.1) of the company's {@code max_requests_per_minute}. So
     * 100,000 synced CCOs take about 2,000 requests, which at 10 % of 600/minute is a pass of about 33 minutes.
     */
    public Counts reconcile(long companyId) {
        ErpConnector connector = connectors.forCompany(companyId);
        int perMinute = connectors.settings(companyId).map(s -> s.maxRequestsPerMinute()).orElse(0);
        RequestBudget budget = new RequestBudget(
                perMinute <= 0 ? 0 : Math.max(1, (int) Math.floor(perMinute * Math.min(1.0, budgetShare))),
                Thread::sleep);
        List<Linked> links = jdbc.sql("""
                select l.id, l.record_type, l.erp_key, l.erp_id, coalesce(l.external_ref, e.external_ref) as external_ref,
                       m.kind
                from erp_link l
                left join commitment m on m.id = l.commitment_id
                left join erp_export e on (e.cco_id = l.cco_id or e.commitment_id = l.commitment_id)
                where l.company_id = :c and l.record_type in ('commitment_change_order', 'commitment')
                order by l.id""")
                .param("c", companyId)
                .query((rs, n) -> new Linked(rs.getLong("id"), rs.getString("record_type"), rs.getString("erp_key"),
                        rs.getObject("erp_id", UUID.class), rs.getString("external_ref"), rs.getString("kind")))
                .list();
        Map<Linked, ErpPresence> answers = new LinkedHashMap<>();
        List<Linked> ccos = links.stream().filter(l -> !"commitment".equals(l.recordType())).toList();
        int batchSize = Math.max(1, connector.presenceBatchSize());
        for (int from = 0; from < ccos.size(); from += batchSize) {
            List<Linked> batch = ccos.subList(from, Math.min(ccos.size(), from + batchSize));
            Map<ErpRecordRef, Linked> byRef = new LinkedHashMap<>();
            for (Linked link : batch) {
                byRef.putIfAbsent(new ErpRecordRef(link.erpKey(), link.erpId(), link.externalRef()), link);
            }
            budget.awaitTurn();
            try {
                Map<ErpRecordRef, ErpPresence> found = connector.changeOrderPresence(List.copyOf(byRef.keySet()));
                // one request per batch, one more if the ERP had reversals to look up (only reversed or gone ones)
                int spent = (int) Math.ceil(batch.size() / (double) batchSize)
                        * (found.values().stream().anyMatch(p -> p != ErpPresence.PRESENT) ? 2 : 1);
                budget.spent(spent);
                for (Linked link : batch) {
                    ErpPresence p = found.get(new ErpRecordRef(link.erpKey(), link.erpId(), link.externalRef()));
                    answers.put(link, record(link, p));
                }
            } catch (RuntimeException e) {
                budget.spent(1);
                log.info("Reconciliation: the ERP could not answer for {} change orders ({} ... {}): {}",
                        batch.size(), batch.get(0).erpKey(), batch.get(batch.size() - 1).erpKey(), e.getMessage());
                batch.forEach(link -> answers.put(link, null));
            }
        }
        for (Linked link : links) {
            if (!"commitment".equals(link.recordType())) {
                continue;
            }
            budget.awaitTurn();
            try {
                ErpRecordRef ref = new ErpRecordRef(link.erpKey(), link.erpId(), link.externalRef());
                ErpPresence presence = connector.commitmentPresence(ref, link.commitmentKind());
                answers.put(link, record(link, presence));
            } catch (RuntimeException e) {
                log.info("Reconciliation: the ERP could not answer for {} {} ({}): {}", link.recordType(),
                        link.id(), link.erpKey(), e.getMessage());
                answers.put(link, null);
            } finally {
                budget.spent(1);
            }
        }
        int present = 0;
        int pending = 0;
        int gone = 0;
        int failed = 0;
        for (ErpPresence p : answers.values()) {
            if (p == null) {
                failed++;
            } else {
                switch (p) {
                    case PRESENT -> present++;
                    case REVERSAL_PENDING -> pending++;
                    case GONE -> gone++;
                }
            }
        }
        Counts counts = new Counts(links.size(), present, pending, gone, failed);
        log.info("Reconciliation of company {}: {}", companyId, counts);
        return counts;
    }

    /** Writes the answer on the link (unless it was unlinked or relinked meanwhile); returns it. */
    private ErpPresence record(Linked link, ErpPresence presence) {
        if (presence != null) {
            jdbc.sql("""
                    update erp_link set erp_status = :status, erp_checked_at = now()
                    where id = :id and erp_key = :key""")
                    .param("status", presence.name().toLowerCase(Locale.ROOT))
                    .param("id", link.id()).param("key", link.erpKey())
                    .update();
        }
        return presence;
    }

    /** Every company with an ERP connection, for the periodic run. */
    List<Long> companiesWithErp() {
        return jdbc.sql("select company_id from erp_connection order by company_id").query(Long.class).list();
    }
}
