package com.crosswalk.erp.export;

import com.crosswalk.erp.connector.Difference;
import com.crosswalk.erp.connector.ErpDocument;
import com.crosswalk.erp.connector.ErpDocuments;
import com.crosswalk.erp.connector.ErpRejectedException;
import com.crosswalk.erp.sync.RecordType;
import com.crosswalk.erp.sync.SyncRecords;
import com.crosswalk.erp.sync.SyncRecords.Attempt;
import com.crosswalk.erp.sync.SyncRecords.Leftover;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt to make the ERP hold exactly the payload — and nothing else of ours — for one record. "Synced means
 * equal": an ERP document is adopted only when its content equals the payload.
 *
 * <ol>
 * <li>Look up, in one request, our keys that may hold something: the current generation's when an earlier attempt
 *     reached the ERP ({@code erp_touched_at}), and the keys of earlier generations left behind (Reject). A first
 *     attempt that provably sent nothing asks nothing.</li>
 * <li>Earlier generations: an unreleased document is removed; a released one is adopted if it holds exactly the
 *     payload, otherwise the attempt is refused, naming it (only a reversal in the ERP can undo it).</li>
 * <li>The current key: an unreleased document equal to the payload is continued, any other unreleased one removed
 *     (never left behind); a released one is adopted if equal, otherwise refused as above.</li>
 * <li>Nothing to continue: the intent to insert is written durably first ({@link SyncRecords#markTouched}), then the
 *     insert. Right after it the lease is checked: if another execution of the same export took over meanwhile (a
 *     revived execution of a stalled JVM), this one removes what it inserted and stops — so a second ERP record is
 *     impossible, not improbable. The inserted content is compared with the payload too.</li>
 * <li>Release. A release the ERP refuses puts the document back where it can be edited or removed (On Hold) and
 *     the failure names it.</li>
 * </ol>
 * Happy path: insert, take off hold, release = 3 ERP requests for a change order.
 */
final class ExportAttempt<P> {

    private static final Logger log = LoggerFactory.getLogger(ExportAttempt.class);

    /** How the attempt ended, unless it threw (ERP unreachable: retried later). */
    sealed interface Outcome permits Done, Refused {
    }

    /** The ERP holds exactly the payload in {@code document}, released. */
    record Done(ErpDocument document) implements Outcome {
    }

    /** The ERP refused, or holds something only a person can resolve. */
    record Refused(String message) implements Outcome {
    }

    /** Another execution of the same export holds the lease: this one stopped and removed its own insert. */
    static final class Superseded extends RuntimeException {
        Superseded(String message) {
            super(message, null, false, false);
        }
    }

    private final RecordType<P> type;
    private final ErpDocuments<P> documents;
    private final SyncRecords sync;
    private final Attempt attempt;
    private final P payload;
    private final String erp;
    private final String noun;
    /** What this attempt has in the ERP now, for the failure's words ("holds change order 000011, On Hold"). */
    private ErpDocument current;

    ExportAttempt(RecordType<P> type, ErpDocuments<P> documents, SyncRecords sync, Attempt attempt, P payload,
            String erp) {
        this.type = type;
        this.documents = documents;
        this.sync = sync;
        this.attempt = attempt;
        this.payload = payload;
        this.erp = erp;
        this.noun = documents.noun();
    }

    ErpDocument current() {
        return current;
    }

    Outcome run() {
        SyncRecords.ExportRow e = attempt.export();
        List<Leftover> leftovers = sync.openLeftovers(type, e.recordId());
        List<String> keys = new ArrayList<>();
        if (e.touched()) {
            keys.add(e.externalRef());
        }
        leftovers.forEach(l -> keys.add(l.externalRef()));
        List<ErpDocument> found = keys.isEmpty() ? List.of() : documents.findByExternalRefs(keys);
        ErpDocument adopt = null;

        for (Leftover left : leftovers) {
            List<String> removed = new ArrayList<>();
            for (ErpDocument d : mine(found, left.externalRef())) {
                if (d.stage() == ErpDocument.Stage.UNRELEASED) {
                    documents.remove(d);
                    removed.add(d.key());
                } else if (d.stage() == ErpDocument.Stage.RELEASED) {
                    List<Difference> diff = documents.differences(payload, d);
                    if (diff.isEmpty() && adopt == null) {
                        adopt = d; // an earlier generation's released document holds exactly this payload
                    } else {
                        String msg = erp + " holds " + d.describe(noun) + " from an earlier attempt, released"
                                + (diff.isEmpty() ? " a second time" : " with other content ("
                                + SyncRecords.differencesText(diff) + ")")
                                + ". Only a reversal in " + erp + " can undo it: reverse it there, then retry.";
                        sync.leftoverNeedsAPerson(left.id(), d.key(), d.status(), msg);
                        return new Refused(msg);
                    }
                }
            }
            sync.resolveLeftover(left.id(), removed.isEmpty() ? "nothing of it left in " + erp
                    : "removed " + noun + " " + String.join(", ", removed) + " from " + erp);
        }

        List<ErpDocument> live = mine(found, e.externalRef()).stream()
                .filter(d -> d.stage() != ErpDocument.Stage.VOID)
                .sorted(Comparator.comparing(ErpDocument::key)).toList();
        for (ErpDocument d : live) {
            List<Difference> diff = documents.differences(payload, d);
            if (d.stage() == ErpDocument.Stage.RELEASED) {
                if (!diff.isEmpty() || adopt != null && adopt.stage() == ErpDocument.Stage.RELEASED) {
                    current = d;
                    return new Refused(erp + " holds " + d.describe(noun) + " from an earlier attempt of this export,"
                            + " released" + (diff.isEmpty() ? " a second time" : " with other content ("
                            + SyncRecords.differencesText(diff) + ")") + ". Only a reversal in " + erp
                            + " can undo it: reverse it there, then retry.");
                }
                if (adopt != null) {
                    documents.remove(adopt); // an unreleased one chosen before this released twin: surplus
                }
                adopt = d;
            } else if (adopt == null && diff.isEmpty()) {
                adopt = d; // an earlier attempt's, exactly the payload: carry on from its status
                log.info("{} {} of {} holds the payload; continuing it", noun, d.key(), e.externalRef());
            } else {
                log.info("Removing {} {} of {}: {}", noun, d.key(), e.externalRef(),
                        diff.isEmpty() ? "a surplus copy" : "other content (" + SyncRecords.differencesText(diff) + ")");
                documents.remove(d);
            }
        }

        if (adopt == null) {
            sync.markTouched(attempt);
            ErpDocument inserted = documents.insert(payload);
            current = inserted;
            if (!sync.holdsLease(attempt)) {
                documents.remove(inserted);
                current = null;
                throw new Superseded("Export " + e.jobInstanceId() + " was taken over by another execution; removed "
                        + noun + " " + inserted.key() + " it had just inserted");
            }
            List<Difference> diff = documents.differences(payload, inserted);
            if (!diff.isEmpty()) {
                documents.remove(inserted);
                current = null;
                return new Refused(erp + " stored the " + noun + " with other content than was sent ("
                        + SyncRecords.differencesText(diff) + "); it was removed again.");
            }
            adopt = inserted;
        }
        current = adopt;

        if (adopt.stage() == ErpDocument.Stage.UNRELEASED) {
            try {
                adopt = documents.release(adopt);
                current = adopt;
            } catch (ErpRejectedException refused) {
                try {
                    current = documents.park(current);
                } catch (RuntimeException ignored) {
                    log.info("Could not put {} {} back on hold: {}", noun, current.key(), ignored.toString());
                }
                return new Refused(refused.getMessage());
            }
        }
        return new Done(adopt);
    }

    private static List<ErpDocument> mine(List<ErpDocument> found, String externalRef) {
        return found.stream().filter(d -> externalRef.equals(d.externalRef())).toList();
    }
}
