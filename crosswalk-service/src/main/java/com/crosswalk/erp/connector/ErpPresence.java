package com.crosswalk.erp.connector;

/** Where a linked record stands in the ERP. Only {@link #GONE} allows unlinking. */
public enum ErpPresence {
    /** The ERP still has it, as exported. */
    PRESENT,
    /** Reversed, but the reversal is not released yet (for Acumatica: the reversing change order is on hold or open). */
    REVERSAL_PENDING,
    /** The ERP still has it, but with other content than exported (edited, or partly reversed). */
    CHANGED,
    /** Deleted, canceled, or reversed with the reversal released. */
    GONE
}
