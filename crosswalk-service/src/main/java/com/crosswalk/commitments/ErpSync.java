package com.crosswalk.commitments;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Where a record stands with the ERP, as its own tool and the REST API show it ({@code erp} of a CCO or commitment).
 * Written by the ERP Integrations tool ({@link ErpRecordState}); the Commitments tool only shows it.
 *
 * @param state         not_sent, ready_to_export, exporting, failed, rejected, retrieved, synced, unlinked
 * @param stateLabel    the state in people's words ("Ready to Export", "Failed to Export"…)
 * @param erpName       the company's ERP, e.g. Acumatica
 * @param erpKey        the ERP record's key when synced, e.g. change order 000007
 * @param erpStatus     when synced, what Crosswalk last learnt of the ERP record: present, reversal_pending, changed,
 *                      gone, unknown
 * @param erpStatusLabel the same in words, e.g. "Gone from Acumatica — ready to unlink"
 * @param erpDifferences when changed in the ERP, each difference from what was exported
 * @param attempts      export attempts of the current export (Exporting, Failed)
 * @param lastError     the last attempt's error in plain words (Exporting after a failed attempt, Failed)
 * @param failureKind   refused (by the ERP), unreachable, internal
 * @param nextAttemptAt when an Exporting record is tried again
 * @param leftover      what a failed attempt left in the ERP, in words ("Acumatica holds change order 000011 from this
 *                      attempt, On Hold; it will be updated or removed on the next export"), or null
 */
public record ErpSync(String state, String stateLabel, String erpName, String erpKey, String erpStatus,
        String erpStatusLabel, List<Difference> erpDifferences, OffsetDateTime syncedAt, Person syncedBy,
        Person sentBy, OffsetDateTime sentAt, int attempts, String lastError, String failureKind,
        OffsetDateTime nextAttemptAt, String leftover, String rejectionReason) {

    /** One field on which the ERP record differs from what was exported. */
    public record Difference(String field, String ours, String theirs) {
    }

    /** Someone, by id and name. */
    public record Person(long id, String name) {
    }

    public static ErpSync notSent() {
        return new ErpSync("not_sent", "Not sent", null, null, null, null, List.of(), null, null, null, null, 0, null,
                null, null, null, null);
    }

    public boolean synced() {
        return "synced".equals(state);
    }
}
