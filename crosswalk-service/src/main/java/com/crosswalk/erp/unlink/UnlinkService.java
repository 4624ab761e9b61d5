package com.crosswalk.erp.unlink;

import com.crosswalk.audit.AuditLog;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.erp.connector.ErpConnector;
import com.crosswalk.erp.connector.ErpPresence;
import com.crosswalk.erp.connector.ErpRecordRef;
import com.crosswalk.shared.ErpUnavailableException;
import com.crosswalk.shared.ForbiddenException;
import com.crosswalk.shared.NotFoundException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Unlink — the procedure of the reference text ({@code shared/seed/unlink-ccos-synced-with-acumatica.txt}): sever
 * the link between a synced commitment change order (or commitment) and its twin in the ERP, once the ERP no longer
 * has it (deleted, or reversed with the reversal released). Every entry point — REST, bulk, CLI, pages — calls
 * {@link #unlinkChangeOrder} / {@link #unlinkCommitment}, so the rules hold on every path.
 *
 * <p>Steps, in this order:
 * <ol>
 * <li>the company (another company's record is "not found"), then the three permissions (a refusal names each
 *     missing one);</li>
 * <li>the record must be synced (export state {@code synced} and a link);</li>
 * <li>the ERP is asked where the record stands — outside any database transaction, so no row lock is held while
 *     waiting for the ERP;</li>
 * <li>still there (present, or reversed with the reversal not released) → refused, nothing changed, the refusal
 *     audited on its own;</li>
 * <li>gone → one transaction locks the export row and the link row ({@code select … for update}, always in that
 *     order), re-checks that the record is still synced and linked to the same ERP record, deletes the link, sets
 *     the export state {@code unlinked} with the next generation and a new external ref (so a re-export creates a
 *     new ERP record and never adopts the reversed one), and writes the audit event. Two unlinks racing: the second
 *     waits for the first's lock, then sees {@code unlinked} and is told the record is no longer synced.</li>
 * </ol>
 * An ERP that cannot be reached or fails: nothing changed, {@link UnlinkOutcome#ERP_UNAVAILABLE}.
 */
@Service
public class UnlinkService {

    private static final Logger log = LoggerFactory.getLogger(UnlinkService.class);
    static final String SUCCESS = "Successfully Unlinked";
    private static final int EXTERNAL_REF_MAX = 30;
    private static final int LOCK_ATTEMPTS = 3;

    private final JdbcClient jdbc;
    private final Permissions permissions;
    private final ErpConnectors connectors;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final Map<UnlinkOutcome, Counter> counters = new EnumMap<>(UnlinkOutcome.class);

    public UnlinkService(JdbcClient jdbc, Permissions permissions, ErpConnectors connectors, AuditLog audit,
            PlatformTransactionManager transactions, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.permissions = permissions;
        this.connectors = connectors;
        this.audit = audit;
        this.tx = new TransactionTemplate(transactions);
        for (UnlinkOutcome outcome : UnlinkOutcome.values()) {
            counters.put(outcome, Counter.builder("crosswalk.unlinks")
                    .description("Unlink attempts of synced records, by outcome")
                    .tag("outcome", outcome.metricTag())
                    .register(meters));
        }
    }

    /** Unlinks a commitment change order from its ERP change order. Never throws for a refusal: see the result. */
    public UnlinkResult unlinkChangeOrder(SignedInUser user, long companyId, long ccoId) {
        return count(unlink(user, companyId, Kind.CCO, ccoId));
    }

    /** Unlinks a commitment (subcontract / purchase order); refused while any of its CCOs is synced. */
    public UnlinkResult unlinkCommitment(SignedInUser user, long companyId, long commitmentId) {
        return count(unlink(user, companyId, Kind.COMMITMENT, commitmentId));
    }

    private UnlinkResult count(UnlinkResult result) {
        counters.get(result.outcome()).increment();
        return result;
    }

    // ------------------------------------------------------------------------------------------------------------

    /** The two kinds of record that can be unlinked, with their tables and words. */
    enum Kind {
        CCO("commitment_change_order", "cco_id", "CCO", "cco"),
        COMMITMENT("commitment", "commitment_id", "commitment", "commitment");

        final String recordType;
        final String column;
        final String noun;
        final String auditPrefix;

        Kind(String recordType, String column, String noun, String auditPrefix) {
            this.recordType = recordType;
            this.column = column;
            this.noun = noun;
            this.auditPrefix = auditPrefix;
        }
    }

    /** The record as the permission check and messages need it. */
    record Target(long id, long companyId, long projectId, String label, String commitmentKind) {
    }

    /** The link row. */
    record Link(long id, String erpKey, UUID erpId, String externalRef, OffsetDateTime linkedAt, Long linkedBy) {
    }

    /** The export row. */
    record Export(long id, String state, int generation, String externalRef) {
    }

    private UnlinkResult unlink(SignedInUser user, long companyId, Kind kind, long id) {
        try {
            permissions.requireCompany(user, companyId);
        } catch (NotFoundException e) {
            return new UnlinkResult(id, UnlinkOutcome.NOT_FOUND, e.getMessage());
        }
        Target target = target(kind, id);
        if (target == null || target.companyId() != companyId) {
            return new UnlinkResult(id, UnlinkOutcome.NOT_FOUND, capitalized(kind.noun) + " " + id + " not found");
        }
        String erp = connectors.displayName(companyId);
        try {
            permissions.requireUnlink(user, target.projectId());
        } catch (NotFoundException e) {
            return new UnlinkResult(id, UnlinkOutcome.NOT_FOUND, capitalized(kind.noun) + " " + id + " not found");
        } catch (ForbiddenException e) {
            audit.recordAlone(companyId, user, kind.auditPrefix + ".unlink_refused", kind.recordType, id,
                    "Unlink of " + target.label() + " refused: missing permissions", null,
                    Map.of("refused", "forbidden", "message", e.getMessage()));
            return new UnlinkResult(id, UnlinkOutcome.FORBIDDEN, e.getMessage());
        }

        Link link = link(kind, id, false);
        Export export = export(kind, id, false);
        if (!synced(link, export)) {
            // unlinked before (by someone else, or a moment ago): say so
            return notSynced(id, kind, erp, export != null && "unlinked".equals(export.state()));
        }
        if (kind == Kind.COMMITMENT) {
            List<String> synced = syncedChangeOrders(id, false);
            if (!synced.isEmpty()) {
                return ccosStillSynced(id, erp, synced);
            }
        }

        // Ask the ERP, holding no database lock or transaction.
        ErpRecordRef ref = new ErpRecordRef(link.erpKey(), link.erpId(),
                link.externalRef() != null ? link.externalRef() : export == null ? null : export.externalRef());
        ErpPresence presence;
        try {
            ErpConnector connector = connectors.forCompany(companyId);
            presence = kind == Kind.CCO ? connector.changeOrderPresence(ref)
                    : connector.commitmentPresence(ref, target.commitmentKind());
            if (presence == null) {
                throw new ErpUnavailableException("the ERP gave no answer");
            }
        } catch (ErpUnavailableException e) {
            return erpUnavailable(user, companyId, kind, target, erp, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Asking {} about {} {} failed", erp, kind.noun, id, e);
            return erpUnavailable(user, companyId, kind, target, erp, null);
        }

        if (presence != ErpPresence.GONE) {
            Map<String, Object> state = linkState(link, export);
            state.put("erp_presence", presence.name().toLowerCase());
            audit.recordAlone(companyId, user, kind.auditPrefix + ".unlink_refused", kind.recordType, id,
                    "Unlink of " + target.label() + " refused: still in " + erp + " as " + link.erpKey()
                            + (presence == ErpPresence.REVERSAL_PENDING ? " (reversal not released)" : ""),
                    state, Map.of("refused", "still_in_erp", "erp_presence", presence.name().toLowerCase()));
            return new UnlinkResult(id, UnlinkOutcome.STILL_IN_ERP, stillInErp(kind, erp));
        }

        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(status -> sever(user, companyId, kind, target, link, erp, status));
            } catch (PessimisticLockingFailureException e) {
                // a deadlock or lock timeout against another writer: nothing was committed, try again
                if (attempt >= LOCK_ATTEMPTS) {
                    throw e;
                }
                log.info("Unlink of {} {} met a lock conflict ({}); retrying", kind.noun, id, e.getMessage());
            }
        }
    }

    /** The write: under the row locks, re-check and sever. Runs in one transaction. */
    private UnlinkResult sever(SignedInUser user, long companyId, Kind kind, Target target, Link checked, String erp,
            org.springframework.transaction.TransactionStatus status) {
        long id = target.id();
        Export export = export(kind, id, true);   // lock order: erp_export, then erp_link (the same everywhere here)
        Link link = link(kind, id, true);
        if (!synced(link, export) || !link.erpKey().equals(checked.erpKey())
                || !Objects.equals(link.erpId(), checked.erpId())) {
            return notSynced(id, kind, erp, true);
        }
        if (kind == Kind.COMMITMENT) {
            List<String> synced = syncedChangeOrders(id, true);
            if (!synced.isEmpty()) {
                status.setRollbackOnly();
                return ccosStillSynced(id, erp, synced);
            }
        }
        jdbc.sql("delete from erp_link where id = :id").param("id", link.id()).update();
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("state", "unlinked");
        if (export != null) {
            int generation = export.generation() + 1;
            String externalRef = externalRef(companyId, kind, id, generation);
            jdbc.sql("""
                    update erp_export
                    set state = 'unlinked', generation = :generation, external_ref = :ref, job_instance_id = null,
                        last_error = null, updated_at = now(), version = version + 1
                    where id = :id""")
                    .param("generation", generation).param("ref", externalRef).param("id", export.id())
                    .update();
            after.put("generation", generation);
            after.put("external_ref", externalRef);
        }
        after.put("erp_presence", "gone");
        audit.record(companyId, user, kind.auditPrefix + ".unlinked", kind.recordType, id,
                "Unlinked " + target.label() + " from " + erp + " " + link.erpKey(), linkState(link, export), after);
        return new UnlinkResult(id, UnlinkOutcome.UNLINKED, SUCCESS);
    }

    // ------------------------------------------------------------------------------------------------------------

    private static String stillInErp(Kind kind, String erp) {
        // the reference text's red message, word for word (the commitment's as the brief words it)
        return kind == Kind.CCO
                ? "The CCO is still in " + erp + ". Please delete it before retrying"
                : "The commitment is still in " + erp + ". Please delete it before retrying.";
    }

    private static UnlinkResult notSynced(long id, Kind kind, String erp, boolean anymore) {
        return new UnlinkResult(id, UnlinkOutcome.NOT_SYNCED, anymore
                ? "This " + kind.noun + " is no longer synced with " + erp + ": it has been unlinked or changed meanwhile"
                : "This " + kind.noun + " is not synced with " + erp);
    }

    private static UnlinkResult ccosStillSynced(long id, String erp, List<String> synced) {
        return new UnlinkResult(id, UnlinkOutcome.NOT_SYNCED, "This commitment has change orders synced with " + erp
                + ": " + String.join(", ", synced) + ". Unlink them before unlinking the commitment.");
    }

    private UnlinkResult erpUnavailable(SignedInUser user, long companyId, Kind kind, Target target, String erp,
            String detail) {
        String message = erp + " could not be reached, so nothing was changed. Please try again later."
                + (detail == null || detail.isBlank() ? "" : " (" + detail + ")");
        audit.recordAlone(companyId, user, kind.auditPrefix + ".unlink_refused", kind.recordType, target.id(),
                "Unlink of " + target.label() + " failed: " + erp + " could not be reached", null,
                Map.of("refused", "erp_unavailable"));
        return new UnlinkResult(target.id(), UnlinkOutcome.ERP_UNAVAILABLE, message);
    }

    /**
     * Synced: linked, and — when the record went through the export workflow — in state {@code synced}. (A record
     * linked to an existing ERP record, like the demo's commitments, has a link and no export row.) The export job
     * writes the link only while the state is {@code exporting}, so a link never stands beside another state for
     * long; unlink acts only on {@code synced}.
     */
    private static boolean synced(Link link, Export export) {
        return link != null && (export == null || "synced".equals(export.state()));
    }

    private static Map<String, Object> linkState(Link link, Export export) {
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("state", export == null ? "linked" : export.state());
        before.put("erp_key", link.erpKey());
        before.put("erp_id", link.erpId() == null ? null : link.erpId().toString());
        before.put("external_ref", link.externalRef() != null ? link.externalRef()
                : export == null ? null : export.externalRef());
        before.put("generation", export == null ? null : export.generation());
        before.put("link_id", link.id());
        before.put("linked_at", link.linkedAt() == null ? null : link.linkedAt().toString());
        before.put("linked_by", link.linkedBy());
        return before;
    }

    /**
     * Our key in the ERP for the next generation: {@code CW-<company>-CCO-<id>-<generation>} (commitments:
     * {@code CMT}); falls back to base 36 (then without the company) when that would pass Acumatica's 30
     * characters.
     */
    static String externalRef(long companyId, Kind kind, long id, int generation) {
        String tag = kind == Kind.CCO ? "CCO" : "CMT";
        String ref = "CW-" + companyId + "-" + tag + "-" + id + "-" + generation;
        if (ref.length() > EXTERNAL_REF_MAX) {
            ref = "CW-" + Long.toString(companyId, 36).toUpperCase() + "-" + tag.charAt(1) + "-"
                    + Long.toString(id, 36).toUpperCase() + "-" + Integer.toString(generation, 36).toUpperCase();
        }
        if (ref.length() > EXTERNAL_REF_MAX) {
            // still too long only for ids beyond any real table: the company is implied by the ERP tenant and by
            // erp_export's (company_id, record_type, external_ref) uniqueness; at most 3+2+13+1+6 = 25 characters
            ref = "CW-" + tag.charAt(1) + "-" + Long.toString(id, 36).toUpperCase() + "-"
                    + Integer.toString(generation, 36).toUpperCase();
        }
        return ref;
    }

    private Target target(Kind kind, long id) {
        if (kind == Kind.CCO) {
            return jdbc.sql("""
                    select c.company_id, c.project_id, c.number, m.number as commitment_number, m.kind
                    from commitment_change_order c join commitment m on m.id = c.commitment_id
                    where c.id = :id""")
                    .param("id", id)
                    .query((rs, n) -> new Target(id, rs.getLong("company_id"), rs.getLong("project_id"),
                            "CCO " + rs.getString("number") + " of " + rs.getString("commitment_number"),
                            rs.getString("kind")))
                    .optional().orElse(null);
        }
        return jdbc.sql("select company_id, project_id, number, kind from commitment where id = :id")
                .param("id", id)
                .query((rs, n) -> new Target(id, rs.getLong("company_id"), rs.getLong("project_id"),
                        "commitment " + rs.getString("number"), rs.getString("kind")))
                .optional().orElse(null);
    }

    private Link link(Kind kind, long id, boolean lock) {
        return jdbc.sql("select id, erp_key, erp_id, external_ref, linked_at, linked_by from erp_link where "
                        + kind.column + " = :id" + (lock ? " for update" : ""))
                .param("id", id)
                .query((rs, n) -> new Link(rs.getLong("id"), rs.getString("erp_key"), rs.getObject("erp_id", UUID.class),
                        rs.getString("external_ref"), rs.getObject("linked_at", OffsetDateTime.class),
                        (Long) rs.getObject("linked_by")))
                .optional().orElse(null);
    }

    private Export export(Kind kind, long id, boolean lock) {
        return jdbc.sql("select id, state, generation, external_ref from erp_export where " + kind.column + " = :id"
                        + (lock ? " for update" : ""))
                .param("id", id)
                .query((rs, n) -> new Export(rs.getLong("id"), rs.getString("state"), rs.getInt("generation"),
                        rs.getString("external_ref")))
                .optional().orElse(null);
    }

    /**
     * The commitment's CCOs that are synced or on their way (exporting), e.g. "CCO 001". Under lock, the export rows
     * of all its CCOs are locked, so none can become exporting or synced until this transaction ends.
     */
    private List<String> syncedChangeOrders(long commitmentId, boolean lock) {
        if (lock) {
            jdbc.sql("""
                    select e.id from erp_export e join commitment_change_order c on c.id = e.cco_id
                    where c.commitment_id = :id order by e.id for update of e""")
                    .param("id", commitmentId).query(Long.class).list();
        }
        return jdbc.sql("""
                select c.number from commitment_change_order c
                where c.commitment_id = :id
                  and (exists (select 1 from erp_link l where l.cco_id = c.id)
                       or exists (select 1 from erp_export e where e.cco_id = c.id and e.state in ('exporting', 'synced')))
                order by c.number""")
                .param("id", commitmentId)
                .query((rs, n) -> "CCO " + rs.getString(1))
                .list();
    }

    private static String capitalized(String noun) {
        return noun.equals("CCO") ? noun : Character.toUpperCase(noun.charAt(0)) + noun.substring(1);
    }
}
