package com.crosswalk.erp.connector;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How an ERP holds one type of our exported records (change orders, commitments, bills…), in the steps the sync
 * lifecycle takes them through. The lifecycle ({@code erp/export}) decides: it looks documents up by our key only when
 * an earlier attempt may have reached the ERP, adopts one only when {@link #differences} is empty, removes unreleased
 * leftovers, and fences inserts against a second execution. The connector only speaks the ERP's protocol.
 *
 * <p>Errors as {@link ErpConnector} says: {@link com.crosswalk.shared.ErpUnavailableException} (unreachable, try later),
 * {@link ErpRejectedException} (the ERP refused: a person must act).
 *
 * @param <P> the payload type exported (e.g. {@link ChangeOrderExport})
 */
public interface ErpDocuments<P> {

    /** How the ERP calls one of these documents in messages, e.g. "change order". */
    String noun();

    /** Every document carrying one of these keys of ours (any stage), with its content; one ERP request. */
    List<ErpDocument> findByExternalRefs(List<String> externalRefs);

    /** Inserts the payload as a new, unreleased document and returns it as the ERP stored it (with its content). */
    ErpDocument insert(P payload);

    /** Takes an unreleased document through the ERP's workflow until it is released; returns it released. */
    ErpDocument release(ErpDocument document);

    /**
     * Puts an unreleased document back where a person (or the next attempt) can edit or remove it (Acumatica:
     * HoldChangeOrder); returns it as it is now. Best effort: the caller ignores failures.
     */
    ErpDocument park(ErpDocument document);

    /** Removes an unreleased document (Acumatica: put back on hold when needed, then deleted). */
    void remove(ErpDocument document);

    /** How the document's content differs from the payload (empty when it holds exactly the payload). */
    List<Difference> differences(P payload, ErpDocument document);

    /**
     * Where each linked document stands now and whether it still holds what was exported (its payload), asked in as
     * few requests as the ERP allows ({@link #checkBatchSize()} per request). Every key asked is a key of the answer.
     */
    default Map<ErpRecordRef, ErpFinding> check(Map<ErpRecordRef, P> linked) {
        Map<ErpRecordRef, ErpFinding> out = new LinkedHashMap<>();
        linked.forEach((ref, payload) -> out.put(ref, check(ref, payload)));
        return out;
    }

    /** {@link #check(Map)} for one document. */
    ErpFinding check(ErpRecordRef linked, P exported);

    /** How many documents {@link #check(Map)} answers for per ERP request (plus at most one for reversals). */
    default int checkBatchSize() {
        return 1;
    }
}
