package com.crosswalk.erp.unlink;

import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.erp.connector.ErpConnector;
import com.crosswalk.erp.connector.ErpDocument;
import com.crosswalk.erp.connector.ErpDocuments;
import com.crosswalk.erp.connector.ErpFailures;
import com.crosswalk.erp.connector.ErpFinding;
import com.crosswalk.erp.connector.ErpPresence;
import com.crosswalk.erp.connector.ErpRecordRef;
import com.crosswalk.erp.sync.CanonicalJson;
import com.crosswalk.erp.sync.RecordType;
import com.crosswalk.erp.sync.RecordTypes;
import com.crosswalk.erp.sync.SyncRecords;
import com.crosswalk.erp.sync.SyncRecords.Leftover;
import com.crosswalk.erp.sync.SyncRecords.LinkRow;
import com.crosswalk.erp.sync.SyncState;
import com.crosswalk.shared.ErpUnavailableException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Asks the ERP about every synced record of a company — not only whether it is still there, but whether it still
 * holds what was exported — and records the answer on the link ({@code erp_link.erp_status}: present,
 * reversal_pending, changed (with the differences), gone; {@code erp_checked_at}). So the synced list can say "Gone
 * from Acumatica — ready to unlink" or "Changed in Acumatica" with each difference. It also cleans up what earlier,
 * rejected export attempts left in the ERP (leftovers): unreleased documents under those keys are removed. It changes
 * nothing else: unlinking stays a person's decision.
 *
 * <p>Each answer is written by one short statement of its own, guarded by the link's id and ERP key (a link unlinked
 * or replaced meanwhile is left alone); no transaction or lock is held while the ERP answers.
 */
@Service
public class Reconciliation {

    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);

    /**
     * What one run found. {@code failed}: the ERP could not answer for that many records (their status is kept);
     * {@code leftoversRemoved}: documents of rejected attempts removed from the ERP.
     */
    public record Counts(int checked, int present, int reversalPending, int changed, int gone, int failed,
            int leftoversRemoved) {

        /** The sentence shown when a check has finished. */
        public String sentence(String erp) {
            return "Checked " + checked + " synced records with " + erp + ": " + present + " still there as exported, "
                    + changed + " changed in " + erp + ", " + reversalPending + " reversed but not released, " + gone
                    + " gone (ready to unlink)" + (failed > 0 ? ", " + failed + " could not be checked" : "")
                    + (leftoversRemoved > 0 ? "; removed " + leftoversRemoved + " left by rejected export attempts" : "")
                    + ".";
        }
    }

    /** Where a run stands: called once with the number of records to check, then as they are checked. */
    public interface Progress {
        Progress NONE = new Progress() {
            @Override
            public void total(int total) {
            }

            @Override
            public void checked(int checked) {
            }
        };

        void total(int total);

        void checked(int checked);
    }

    private final SyncRecords sync;
    private final RecordTypes types;
    private final ErpConnectors connectors;
    private final JdbcClient jdbc;
    private final double budgetShare;

    Reconciliation(SyncRecords sync, RecordTypes types, ErpConnectors connectors, JdbcClient jdbc,
            @Value("${crosswalk.reconcile.budget-share:0.1}") double budgetShare) {
        this.sync = sync;
        this.types = types;
        this.connectors = connectors;
        this.jdbc = jdbc;
        this.budgetShare = budgetShare;
    }

    /**
     * Checks every synced record of the company, then its leftovers. Throws {@link ErpUnavailableException} when the
     * company's ERP connector can not be made (no connection configured).
     *
     * <p>It must not eat the exports' ERP budget: records are asked about in batches
     * ({@link ErpDocuments#check(Map)}: for Acumatica change orders 50 per request, plus one request for the
     * reversals of any reversed ones), all on this one thread, paced to at most
     * {@code crosswalk.reconcile.budget-share} (default 0.1) of the company's {@code max_requests_per_minute}. So
     * 100,000 synced CCOs take about 2,000 requests, which at 10 % of 600/minute is a pass of about 33 minutes.
     */
    public Counts reconcile(long companyId) {
        return reconcile(companyId, Progress.NONE);
    }

    /** {@link #reconcile(long)}, telling {@code progress} how far it got. */
    public Counts reconcile(long companyId, Progress progress) {
        ErpConnector connector = connectors.forCompany(companyId);
        int perMinute = connectors.settings(companyId).map(s -> s.maxRequestsPerMinute()).orElse(0);
        RequestBudget budget = new RequestBudget(
                perMinute <= 0 ? 0 : Math.max(1, (int) Math.floor(perMinute * Math.min(1.0, budgetShare))),
                Thread::sleep);
        Tally tally = new Tally();
        // the progress bar's total: the company's links of the types checked (one count, the pages come later)
        progress.total(sync.countLinked(companyId, types.all()));
        for (RecordType<?> type : types.all()) {
            int page = Math.max(1, type.documents(connector).checkBatchSize()) * 10;
            long after = 0;
            for (List<SyncRecords.Linked> links = sync.linked(companyId, type, after, page); !links.isEmpty();
                    links = sync.linked(companyId, type, after, page)) {
                check(type, connector, links, budget, tally, progress);
                after = links.get(links.size() - 1).link().id();
            }
        }
        int removed = cleanLeftovers(companyId, connector, budget);
        Counts counts = tally.counts(removed);
        log.info("Reconciliation of company {}: {}", companyId, counts);
        return counts;
    }

    /**
     * Checks only the company's synced records linked under these ERP keys (or our external refs), e.g. the ones an
     * ERP push notification names: each is re-read from the ERP, whatever the notification said, and its status
     * recorded as {@link #reconcile} does. Not paced: a notification names a handful.
     */
    public Counts checkNamed(long companyId, java.util.Collection<String> keys) {
        Tally tally = new Tally();
        if (keys.isEmpty()) {
            return tally.counts(0);
        }
        ErpConnector connector = connectors.forCompany(companyId);
        RequestBudget unpaced = new RequestBudget(0, Thread::sleep);
        for (RecordType<?> type : types.all()) {
            check(type, connector, sync.linkedByKeys(companyId, type, keys), unpaced, tally, Progress.NONE);
        }
        return tally.counts(0);
    }

    private static final class Tally {

        Counts counts(int leftoversRemoved) {
            return new Counts(checked, present, pending, changed, gone, failed, leftoversRemoved);
        }

        int checked;
        int present;
        int pending;
        int changed;
        int gone;
        int failed;

        void add(ErpPresence p) {
            checked++;
            if (p == null) {
                failed++;
                return;
            }
            switch (p) {
                case PRESENT -> present++;
                case REVERSAL_PENDING -> pending++;
                case CHANGED -> changed++;
                case GONE -> gone++;
            }
        }
    }

    private <P> void check(RecordType<P> type, ErpConnector connector, List<SyncRecords.Linked> links,
            RequestBudget budget, Tally tally, Progress progress) {
        if (links.isEmpty()) {
            return;
        }
        ErpDocuments<P> documents = type.documents(connector);
        int batchSize = Math.max(1, documents.checkBatchSize());
        for (int from = 0; from < links.size(); from += batchSize) {
            List<SyncRecords.Linked> batch = links.subList(from, Math.min(links.size(), from + batchSize));
            Map<ErpRecordRef, P> asked = new LinkedHashMap<>();
            for (SyncRecords.Linked l : batch) {
                LinkRow link = l.link();
                asked.putIfAbsent(link.ref(), link.payload() == null ? null
                        : CanonicalJson.read(link.payload(), type.payloadType()));
            }
            budget.awaitTurn();
            try {
                Map<ErpRecordRef, ErpFinding> found = documents.check(asked);
                // one request per batch, one more if the ERP had reversals to look up
                budget.spent(found.values().stream().anyMatch(f -> f.presence() == ErpPresence.REVERSAL_PENDING
                        || f.presence() == ErpPresence.GONE || f.presence() == ErpPresence.CHANGED) ? 2 : 1);
                for (SyncRecords.Linked l : batch) {
                    ErpFinding finding = found.get(l.link().ref());
                    if (finding != null) {
                        sync.recordFinding(l.link(), finding);
                    }
                    tally.add(finding == null ? null : finding.presence());
                }
            } catch (RuntimeException e) {
                budget.spent(1);
                String what = "Reconciliation: " + batch.size() + " " + type.noun() + "s ("
                        + batch.get(0).link().erpKey() + " ... " + batch.get(batch.size() - 1).link().erpKey() + ")";
                if (ErpFailures.isBug(e)) {
                    ErpFailures.describe(log, what, e); // a bug, with its stack trace: not "the ERP could not answer"
                } else {
                    log.info("{}: the ERP could not answer: {}", what, e.getMessage());
                }
                batch.forEach(l -> tally.add(null));
            }
            progress.checked(tally.checked);
        }
    }

    /**
     * What rejected attempts left: looked up by their keys (one request per type and 50 keys); unreleased documents are
     * removed, a released one that is now some record's link is resolved, any other released one stays for a person
     * (its note says so). Leftovers of a record being exported right now are the export's to clean.
     */
    private int cleanLeftovers(long companyId, ErpConnector connector, RequestBudget budget) {
        int removed = 0;
        List<Leftover> open = sync.openLeftovers(companyId);
        for (RecordType<?> type : types.all()) {
            List<Leftover> mine = open.stream().filter(l -> l.recordType().equals(type.recordType()))
                    .filter(l -> sync.export(type, l.recordId(), false)
                            .map(e -> e.state() != SyncState.EXPORTING).orElse(true))
                    .toList();
            for (int from = 0; from < mine.size(); from += 50) {
                List<Leftover> batch = mine.subList(from, Math.min(mine.size(), from + 50));
                budget.awaitTurn();
                try {
                    removed += clean(type, type.documents(connector), batch);
                } catch (RuntimeException e) {
                    log.info("Reconciliation: leftovers of {}s could not be cleaned now: {}", type.noun(),
                            e.getMessage());
                } finally {
                    budget.spent(1);
                }
            }
        }
        return removed;
    }

    private int clean(RecordType<?> type, ErpDocuments<?> documents, List<Leftover> batch) {
        List<ErpDocument> found = documents.findByExternalRefs(batch.stream().map(Leftover::externalRef).toList());
        int removed = 0;
        for (Leftover left : batch) {
            List<String> gone = new ArrayList<>();
            String needsPerson = null;
            for (ErpDocument d : found) {
                if (!left.externalRef().equals(d.externalRef()) || d.stage() == ErpDocument.Stage.VOID) {
                    continue;
                }
                if (d.stage() == ErpDocument.Stage.UNRELEASED) {
                    documents.remove(d);
                    gone.add(d.key());
                    removed++;
                } else if (!linkedTo(type, left.recordId(), d.key())) {
                    needsPerson = d.key() + " (" + d.status() + ")";
                    sync.leftoverNeedsAPerson(left.id(), d.key(), d.status(), documents.noun() + " " + d.key()
                            + " from a rejected attempt is released in the ERP; only a reversal there undoes it");
                }
            }
            if (needsPerson == null) {
                sync.resolveLeftover(left.id(), gone.isEmpty() ? "nothing of it left in the ERP"
                        : "removed " + documents.noun() + " " + String.join(", ", gone) + " (reconciliation)");
            }
        }
        return removed;
    }

    private boolean linkedTo(RecordType<?> type, long recordId, String erpKey) {
        return sync.link(type, recordId, false).map(l -> l.erpKey().equals(erpKey)).orElse(false);
    }

    /** Every company with an ERP connection, for the periodic run. */
    public List<Long> companiesWithErp() {
        return jdbc.sql("select company_id from erp_connection order by company_id").query(Long.class).list();
    }
}
