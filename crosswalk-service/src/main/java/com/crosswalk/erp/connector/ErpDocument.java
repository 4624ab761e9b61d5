package com.crosswalk.erp.connector;

import java.util.UUID;

/**
 * One document of the ERP that carries (or carried) our key, as an export sees it: its key (Acumatica: the change
 * order's RefNbr), persistent id, our key as the ERP stores it (ExternalRefNbr), where it stands in the ERP's
 * workflow ({@link Stage}), the ERP's own status words ("On Hold", "Closed") and its content as the connector read it
 * (opaque to the lifecycle; the connector compares it with a payload).
 */
public record ErpDocument(String key, UUID erpId, String externalRef, Stage stage, String status, Object content) {

    /** Where a document stands, as far as an export is concerned. */
    public enum Stage {
        /** Not released: can still be edited, and removed (Acumatica: On Hold, Pending Approval, Open). */
        UNRELEASED,
        /** Released: in the ERP's books; only a reversal undoes it (Acumatica: Closed, not reversed). */
        RELEASED,
        /** No longer counts: reversed, a reversal, canceled or rejected. Never adopted, never removed by us. */
        VOID
    }

    public ErpRecordRef ref() {
        return new ErpRecordRef(key, erpId, externalRef);
    }

    /** "change order 000011, On Hold" style words, for messages. */
    public String describe(String noun) {
        return noun + " " + key + (status == null || status.isBlank() ? "" : ", " + status);
    }
}
