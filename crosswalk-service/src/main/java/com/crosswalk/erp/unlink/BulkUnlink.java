package com.crosswalk.erp.unlink;

import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.erp.connector.ErpDocuments;
import com.crosswalk.erp.connector.ErpFailures;
import com.crosswalk.erp.connector.ErpFinding;
import com.crosswalk.erp.connector.ErpPresence;
import com.crosswalk.erp.connector.ErpRecordRef;
import com.crosswalk.erp.sync.CanonicalJson;
import com.crosswalk.erp.sync.RecordType;
import com.crosswalk.erp.sync.RecordTypes;
import com.crosswalk.erp.sync.SyncRecords;
import com.crosswalk.shared.ErpUnavailableException;
import com.crosswalk.jobs.JobHandler;
import com.crosswalk.jobs.JobItem;
import com.crosswalk.jobs.JobRun;
import com.crosswalk.jobs.JobStart;
import com.crosswalk.jobs.Jobs;
import com.crosswalk.shared.BadRequestException;
import com.crosswalk.shared.ForbiddenException;
import com.crosswalk.shared.InternalErrors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Unlinks many CCOs — or subcontractor invoices: the job's input names the record type — as a background job (kind
 * {@value #KIND}), one result per record. First the ERP is asked about all
 * of them at once ({@link ErpDocuments#check(Map)}: for Acumatica 50 change orders per request plus one for all the
 * reversals — 200 CCOs in 5 requests), then each goes through {@link UnlinkService#unlinkKnowing} with that answer:
 * its own permission check, its own transaction with the re-check under row locks. One failing CCO never
 * affects another. The REST API and the ERP Integrations page's "Unlink selected" start it.
 */
@Service
public class BulkUnlink implements JobHandler {

    /** The most CCOs one job may unlink. */
    public static final int MAX = 500;
    public static final String KIND = "bulk_unlink";

    private static final Logger log = LoggerFactory.getLogger(BulkUnlink.class);

    private final UnlinkService unlinks;
    private final Permissions permissions;
    private final Jobs jobs;
    private final ErpConnectors connectors;
    private final SyncRecords sync;
    private final RecordTypes types;
    private final JdbcClient jdbc;

    BulkUnlink(UnlinkService unlinks, Permissions permissions, Jobs jobs, ErpConnectors connectors, SyncRecords sync,
            RecordTypes types, JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.unlinks = unlinks;
        this.permissions = permissions;
        this.jobs = jobs;
        this.connectors = connectors;
        this.sync = sync;
        this.types = types;
    }

    /** The job's input: the records, in the order given (duplicates dropped), and their type (null: CCOs). */
    public record Input(List<Long> ids, String recordType) {

        public Input(List<Long> ids) {
            this(ids, null);
        }
    }

    /**
     * Starts unlinking the CCOs (or answers the bulk unlink already running for the company).
     *
     * @throws BadRequestException for no ids, more than {@link #MAX}, or a null id (nothing is started then)
     */
    public JobStart start(SignedInUser user, long companyId, List<Long> ids) {
        return start(user, companyId, types.byRecordType(CCO), ids);
    }

    private static final String CCO = "commitment_change_order";

    /** {@link #start(SignedInUser, long, List)} for records of {@code type} (CCOs, subcontractor invoices). */
    public JobStart start(SignedInUser user, long companyId, RecordType<?> type, List<Long> ids) {
        permissions.requireCompany(user, companyId);
        String nouns = plural(type);
        if (ids == null || ids.isEmpty()) {
            throw new BadRequestException("ids is required: the " + nouns + " to unlink, at most " + MAX);
        }
        if (ids.size() > MAX) {
            throw new BadRequestException("At most " + MAX + " " + nouns + " can be unlinked at once (got " + ids.size() + ")");
        }
        if (ids.stream().anyMatch(Objects::isNull)) {
            throw new BadRequestException("ids must not contain null");
        }
        List<Long> distinct = ids.stream().distinct().toList();
        // refused at once, with nothing queued, when the user may unlink none of them (each CCO is checked again when
        // the job unlinks it)
        List<Long> projects = jdbc.sql("select distinct project_id from " + type.table() + " where company_id = :c and id in (:ids)")
                .param("c", companyId).param("ids", distinct).query(Long.class).list();
        if (projects.isEmpty()) {
            permissions.requireAccountingApprover(user, companyId);
        } else if (projects.stream().noneMatch(p -> permissions.mayUnlink(user, p))) {
            throw new ForbiddenException("You cannot unlink these " + nouns + ". You need "
                    + String.join(", ", permissions.missingToUnlink(user, projects.get(0))) + ".");
        }
        return jobs.start(user, companyId, KIND, new Input(distinct, CCO.equals(type.recordType()) ? null : type.recordType()));
    }

    /** "CCOs", "invoices". */
    static String plural(RecordType<?> type) {
        return type.noun() + "s";
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String run(JobRun run) {
        SignedInUser user = run.user();
        long companyId = run.companyId();
        Input input = run.input(Input.class);
        List<Long> ids = input.ids();
        run.total(ids.size());
        RecordType<?> type = types.byRecordType(input.recordType() == null ? CCO : input.recordType());
        List<Long> pending = ids.stream().filter(id -> !run.handled(id)).toList();
        String erp = connectors.displayName(companyId);
        Presences asked = ask(type, companyId, pending);
        for (long id : pending) {
            String label = type.info(id).filter(i -> i.companyId() == companyId).map(RecordType.RecordInfo::label)
                    .orElse(type.noun() + " " + id);
            UnlinkResult result;
            try {
                if (asked.failure() != null && asked.linked().contains(id)) {
                    // the ERP could not answer for the batch: nothing changed for this record (not asked one by one)
                    result = new UnlinkResult(id, UnlinkOutcome.ERP_UNAVAILABLE, erp + " could not be reached, so "
                            + "nothing was changed. Please try again later. (" + asked.failure() + ")");
                } else {
                    result = unlinks.unlinkKnowing(user, companyId, type, id,
                            asked.refs().containsKey(id) ? asked.refs().get(id).key() : null, asked.presence().get(id));
                }
            } catch (RuntimeException e) {
                result = new UnlinkResult(id, UnlinkOutcome.ERROR, "Nothing was changed for this " + type.noun() + ": "
                        + InternalErrors.logged(log, "Bulk unlink of " + type.noun() + " " + id, e));
            }
            run.result(new JobItem(id, label, result.succeeded(), result.status(), result.message()));
        }
        return summary(run, ids.size(), erp);
    }

    /** What the ERP said about the linked CCOs among the ids (null presence: not linked, asked one by one). */
    private record Presences(Map<Long, ErpPresence> presence, Map<Long, ErpRecordRef> refs, String failure) {

        java.util.Set<Long> linked() {
            return refs.keySet();
        }
    }

    /**
     * Asks the ERP about the company's linked CCOs among {@code ids} in as few requests as it allows
     * ({@link ErpDocuments#check(Map)}: for Acumatica 50 change orders per request plus one for all their reversals),
     * holding no transaction.
     */
    private <P> Presences ask(RecordType<P> type, long companyId, List<Long> ids) {
        Map<Long, ErpRecordRef> refs = new LinkedHashMap<>();
        Map<ErpRecordRef, P> exported = new LinkedHashMap<>();
        for (long id : ids) {
            sync.link(type, id, false).filter(l -> l.companyId() == companyId).ifPresent(link -> {
                refs.put(id, link.ref());
                exported.putIfAbsent(link.ref(), link.payload() == null ? null
                        : CanonicalJson.read(link.payload(), type.payloadType()));
            });
        }
        Map<Long, ErpPresence> presence = new java.util.HashMap<>();
        if (refs.isEmpty()) {
            return new Presences(presence, Map.of(), null);
        }
        try {
            Map<ErpRecordRef, ErpFinding> found = type.documents(connectors.forCompany(companyId)).check(exported);
            refs.forEach((id, ref) -> {
                ErpFinding f = found.get(ref);
                if (f != null && f.presence() != null) {
                    presence.put(id, f.presence());
                }
            });
            return new Presences(presence, refs, null);
        } catch (ErpUnavailableException e) {
            return new Presences(presence, refs, e.getMessage());
        } catch (RuntimeException e) {
            return new Presences(presence, refs, ErpFailures.isBug(e)
                    ? ErpFailures.describe(log, "Asking the ERP about " + refs.size() + " " + plural(type) + " of company " + companyId, e)
                    : e.getMessage());
        }
    }

    private String summary(JobRun run, int total, String erp) {
        long unlinked = run.results().stream().filter(JobItem::ok).count();
        long refused = total - unlinked;
        return unlinked + " of " + total + " unlinked from " + erp
                + (refused == 0 ? ": Successfully Unlinked" : "; " + refused + " refused (see each row)");
    }
}
