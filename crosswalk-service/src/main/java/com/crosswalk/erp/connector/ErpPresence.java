package com.crosswalk.erp.connector;

/** Where a linked record stands in the ERP. Only {@link #GONE} allows unlinking. */
public enum ErpPresence {
    /** The ERP still has it. */
    PRESENT,
    /** Reversed, but the reversal is not released yet (for Acumatica: the reversing change order is on hold or open). */
    REVERSAL_PENDING,
    /** Deleted, or reversed with the reversal released. */
    GONE
}
