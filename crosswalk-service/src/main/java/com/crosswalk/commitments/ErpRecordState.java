package com.crosswalk.commitments;

import java.util.Optional;

/**
 * What the ERP Integrations tool knows about a commitment or CCO, asked by the Commitments tool so it can lock
 * records and show where they stand. Implemented in {@code erp}; the Commitments tool never reads ERP tables.
 * Record types: {@code commitment}, {@code commitment_change_order}.
 */
public interface ErpRecordState {

    /**
     * Why the record may not be edited or deleted now — e.g. "This CCO is synced with Acumatica. Unlink it
     * before editing or deleting it." — or empty when it may.
     */
    Optional<String> lockReason(String recordType, long recordId);

    /** Where the record stands with the ERP (its {@code erp} object in the REST API). */
    ErpSync summary(String recordType, long recordId);

    /**
     * {@link #summary} of many records of one type at once (a list's rows: a constant number of queries whatever the
     * list's size); every id asked is a key of the answer.
     */
    default java.util.Map<Long, ErpSync> summaries(String recordType, java.util.Collection<Long> recordIds) {
        java.util.Map<Long, ErpSync> out = new java.util.LinkedHashMap<>();
        recordIds.forEach(id -> out.put(id, summary(recordType, id)));
        return out;
    }
}
