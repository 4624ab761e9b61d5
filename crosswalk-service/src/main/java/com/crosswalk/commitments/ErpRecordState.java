package com.crosswalk.commitments;

import java.util.Map;
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

    /**
     * The record's {@code erp} object for the REST API: at least {@code state} (not_sent, ready_to_export,
     * exporting, synced, failed, rejected, retrieved, unlinked) and, when linked, {@code erp_key},
     * {@code synced_at}, {@code synced_by}.
     */
    Map<String, Object> summary(String recordType, long recordId);
}
