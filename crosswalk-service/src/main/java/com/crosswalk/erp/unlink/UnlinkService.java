package com.crosswalk.erp.unlink;

import com.crosswalk.audit.AuditLog;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.erp.connector.ErpConnector;
import com.crosswalk.erp.connector.ErpFinding;
import com.crosswalk.erp.connector.ErpPresence;
import com.crosswalk.erp.sync.CanonicalJson;
import com.crosswalk.erp.sync.RecordType;
import com.crosswalk.erp.sync.RecordTypes;
import com.crosswalk.erp.sync.SyncRecords;
import com.crosswalk.erp.sync.SyncRecords.ExportRow;
import com.crosswalk.erp.sync.SyncRecords.LinkRow;
import com.crosswalk.erp.sync.SyncState;
import com.crosswalk.shared.ErpUnavailableException;
import com.crosswalk.shared.ForbiddenException;
import com.crosswalk.shared.NotFoundException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;
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
    private static final int LOCK_ATTEMPTS = 3;

    private final Permissions permissions;
    private final ErpConnectors connectors;
    private final AuditLog audit;
    private final SyncRecords sync;
    private final RecordTypes types;
    private final TransactionTemplate tx;
    private final Map<UnlinkOutcome, Counter> counters = new EnumMap<>(UnlinkOutcome.class);

    public UnlinkService(Permissions permissions, ErpConnectors connectors, AuditLog audit, SyncRecords sync,
            RecordTypes types, PlatformTransactionManager transactions, MeterRegistry meters) {
        this.permissions = permissions;
        this.connectors = connectors;
        this.audit = audit;
        this.sync = sync;
        this.types = types;
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
        return unlink(user, companyId, types.byRecordType("commitment_change_order"), ccoId);
    }

    /** Unlinks a subcontractor invoice from its AP bill (gone: deleted, or reversed with the debit adjustment released). */
    public UnlinkResult unlinkRequisition(SignedInUser user, long companyId, long requisitionId) {
        return unlink(user, companyId, types.byRecordType("requisition"), requisitionId);
    }

    /** Unlinks a commitment (subcontract / purchase order); refused while any of its CCOs is synced. */
    /** A record type of the registry by its name (for the REST unlink of each type). */
    public RecordType<?> type(String recordType) {
        return types.byRecordType(recordType);
    }

    public UnlinkResult unlinkCommitment(SignedInUser user, long companyId, long commitmentId) {
        return unlink(user, companyId, types.byRecordType("commitment"), commitmentId);
    }

    /** Unlinks a record of any type of the sync lifecycle. Never throws for a refusal: see the result. */
    public UnlinkResult unlink(SignedInUser user, long companyId, RecordType<?> type, long id) {
        UnlinkResult result = unlinkChecked(user, companyId, type, id, null, null);
        counters.get(result.outcome()).increment();
        return result;
    }

    /**
     * Unlink with the ERP's answer already asked (a bulk unlink asks the ERP about many records in few requests):
     * the same checks before and under the row locks, without asking the ERP again.
     */
    public UnlinkResult unlinkKnowing(SignedInUser user, long companyId, RecordType<?> type, long id,
            String askedErpKey, ErpPresence presence) {
        UnlinkResult result = unlinkChecked(user, companyId, type, id, askedErpKey, presence);
        counters.get(result.outcome()).increment();
        return result;
    }

    // ------------------------------------------------------------------------------------------------------------

    private UnlinkResult unlinkChecked(SignedInUser user, long companyId, RecordType<?> type, long id,
            String askedErpKey, ErpPresence known) {
        try {
            permissions.requireCompany(user, companyId);
        } catch (NotFoundException e) {
            return new UnlinkResult(id, UnlinkOutcome.NOT_FOUND, e.getMessage());
        }
        RecordType.RecordInfo target = type.info(id).orElse(null);
        if (target == null || target.companyId() != companyId) {
            return new UnlinkResult(id, UnlinkOutcome.NOT_FOUND, capitalized(type.noun()) + " " + id + " not found");
        }
        String erp = connectors.displayName(companyId);
        try {
            permissions.requireUnlinkOfCompanyRecord(user, target.projectId());
        } catch (ForbiddenException e) {
            audit.recordAlone(companyId, user, type.prefix() + ".unlink_refused", type.recordType(), id,
                    "Unlink of " + target.label() + " refused: missing permissions", null,
                    Map.of("refused", "forbidden", "message", e.getMessage()));
            return new UnlinkResult(id, UnlinkOutcome.FORBIDDEN, e.getMessage());
        }

        Optional<LinkRow> link = sync.link(type, id, false);
        Optional<ExportRow> export = sync.export(type, id, false);
        if (!synced(link, export)) {
            // unlinked before (by someone else, or a moment ago): say so
            return notSynced(id, type, erp, export.map(e -> e.state() == SyncState.UNLINKED).orElse(false));
        }
        List<String> children = syncedChildren(type, id, false);
        if (!children.isEmpty()) {
            return childrenStillSynced(id, type, erp, children);
        }

        // Ask the ERP, holding no database lock or transaction (unless it was just asked about this very link).
        ErpPresence presence = known != null && link.get().erpKey().equals(askedErpKey) ? known : null;
        com.crosswalk.erp.connector.ErpFinding finding = null;
        if (presence == null) {
            try {
                finding = ask(type, connectors.forCompany(companyId), link.get());
                presence = finding.presence();
            } catch (ErpUnavailableException e) {
                return erpUnavailable(user, companyId, type, target, erp, e.getMessage());
            } catch (RuntimeException e) {
                String ref = java.util.UUID.randomUUID().toString().substring(0, 8);
                log.error("Asking {} about {} {} failed on an internal error (id {})", erp, type.noun(), id, ref, e);
                return erpUnavailable(user, companyId, type, target, erp, "internal error, see the server log, id "
                        + ref);
            }
        }

        if (presence != ErpPresence.GONE) {
            Map<String, Object> state = linkState(link.get(), export.orElse(null));
            String words = presence.name().toLowerCase(Locale.ROOT);
            state.put("erp_presence", words);
            audit.recordAlone(companyId, user, type.prefix() + ".unlink_refused", type.recordType(), id,
                    "Unlink of " + target.label() + " refused: still in " + erp + " as " + link.get().erpKey()
                            + (presence == ErpPresence.REVERSAL_PENDING ? " (reversal not released)"
                            : presence == ErpPresence.CHANGED ? " (partly reversed or changed)" : ""),
                    state, Map.of("refused", "still_in_erp", "erp_presence", words));
            return new UnlinkResult(id, UnlinkOutcome.STILL_IN_ERP, type.stillInErp(erp, finding));
        }

        return severUnderLocks(user, type, target, link.get(), erp);
    }

    /**
     * The write in a transaction of its own, tried again on a deadlock or lock timeout. Apart from the asking above:
     * a method that opens a transaction does nothing else (ArchitectureTest.noTransactionWaitsForTheErp).
     */
    private UnlinkResult severUnderLocks(SignedInUser user, RecordType<?> type, RecordType.RecordInfo target,
            LinkRow checked, String erp) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(status -> sever(user, type, target, checked, erp, status));
            } catch (PessimisticLockingFailureException e) {
                // a deadlock or lock timeout against another writer: nothing was committed, try again
                if (attempt >= LOCK_ATTEMPTS) {
                    throw e;
                }
                log.info("Unlink of {} {} met a lock conflict ({}); retrying", type.noun(), target.id(),
                        e.getMessage());
            }
        }
    }

    /** What the ERP holds for the link now (compared with what was exported, when the link keeps it). */
    private static <P> ErpFinding ask(RecordType<P> type, ErpConnector connector, LinkRow link) {
        P exported = link.payload() == null ? null : CanonicalJson.read(link.payload(), type.payloadType());
        ErpFinding finding = type.documents(connector).check(link.ref(), exported);
        if (finding == null || finding.presence() == null) {
            throw new ErpUnavailableException("the ERP gave no answer");
        }
        return finding;
    }

    /** The write: under the row locks, re-check and sever. Runs in one transaction. */
    private UnlinkResult sever(SignedInUser user, RecordType<?> type, RecordType.RecordInfo target, LinkRow checked,
            String erp, org.springframework.transaction.TransactionStatus status) {
        long id = target.id();
        // lock order: erp_export, then erp_link (the same everywhere)
        Optional<ExportRow> export = sync.export(type, id, true);
        Optional<LinkRow> link = sync.link(type, id, true);
        if (!synced(link, export) || !link.get().erpKey().equals(checked.erpKey())
                || !Objects.equals(link.get().erpId(), checked.erpId())) {
            return notSynced(id, type, erp, true);
        }
        List<String> children = syncedChildren(type, id, true);
        if (!children.isEmpty()) {
            status.setRollbackOnly();
            return childrenStillSynced(id, type, erp, children);
        }
        sync.unlink(type, export, link.get(), user, type.prefix() + ".unlinked",
                "Unlinked " + target.label() + " from " + erp + " " + link.get().erpKey(),
                linkState(link.get(), export.orElse(null)));
        return new UnlinkResult(id, UnlinkOutcome.UNLINKED, SUCCESS);
    }

    // ------------------------------------------------------------------------------------------------------------

    private static UnlinkResult notSynced(long id, RecordType<?> type, String erp, boolean anymore) {
        return new UnlinkResult(id, UnlinkOutcome.NOT_SYNCED, anymore
                ? "This " + type.noun() + " is no longer synced with " + erp
                + ": it has been unlinked or changed meanwhile"
                : "This " + type.noun() + " is not synced with " + erp);
    }

    private static UnlinkResult childrenStillSynced(long id, RecordType<?> type, String erp, List<String> synced) {
        return new UnlinkResult(id, UnlinkOutcome.NOT_SYNCED, "This " + type.noun() + " has change orders synced with "
                + erp + ": " + String.join(", ", synced) + ". Unlink them before unlinking the " + type.noun() + ".");
    }

    private UnlinkResult erpUnavailable(SignedInUser user, long companyId, RecordType<?> type,
            RecordType.RecordInfo target, String erp, String detail) {
        String message = erp + " could not be reached, so nothing was changed. Please try again later."
                + (detail == null || detail.isBlank() ? "" : " (" + detail + ")");
        audit.recordAlone(companyId, user, type.prefix() + ".unlink_refused", type.recordType(), target.id(),
                "Unlink of " + target.label() + " failed: " + erp + " could not be reached", null,
                Map.of("refused", "erp_unavailable"));
        return new UnlinkResult(target.id(), UnlinkOutcome.ERP_UNAVAILABLE, message);
    }

    /**
     * Synced: linked, and — when the record went through the export workflow — in state synced. (A record linked to an
     * existing ERP record, like the demo's commitments, has a link and no export row.)
     */
    private static boolean synced(Optional<LinkRow> link, Optional<ExportRow> export) {
        return link.isPresent() && export.map(e -> e.state() == SyncState.SYNCED).orElse(true);
    }

    /** Records of child types (a commitment's CCOs) synced or on their way; {@code lock}: their export rows locked. */
    private List<String> syncedChildren(RecordType<?> type, long id, boolean lock) {
        List<String> out = new ArrayList<>();
        for (RecordType<?> child : types.childrenOf(type)) {
            out.addAll(sync.syncedChildren(child, id, lock));
        }
        return out;
    }

    private static Map<String, Object> linkState(LinkRow link, ExportRow export) {
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("state", export == null ? "linked" : export.state().value());
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

    private static String capitalized(String noun) {
        return noun.equals(noun.toUpperCase(Locale.ROOT)) ? noun
                : Character.toUpperCase(noun.charAt(0)) + noun.substring(1);
    }
}
