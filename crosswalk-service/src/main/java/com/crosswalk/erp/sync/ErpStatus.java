package com.crosswalk.erp.sync;

import com.crosswalk.erp.connector.ErpPresence;
import java.util.Locale;

/**
 * What Crosswalk last learnt about a synced record's twin in the ERP ({@code erp_link.erp_status}), from an unlink
 * check, reconciliation or a push notification.
 */
public enum ErpStatus {
    PRESENT("In the ERP"),
    REVERSAL_PENDING("Reversed, reversal not released"),
    CHANGED("Changed in the ERP"),
    GONE("Gone from the ERP — ready to unlink"),
    UNKNOWN("Not checked");

    public final String label;

    ErpStatus(String label) {
        this.label = label;
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ErpStatus of(String value) {
        return value == null ? UNKNOWN : valueOf(value.toUpperCase(Locale.ROOT));
    }

    public static ErpStatus of(ErpPresence presence) {
        return switch (presence) {
            case PRESENT -> PRESENT;
            case REVERSAL_PENDING -> REVERSAL_PENDING;
            case CHANGED -> CHANGED;
            case GONE -> GONE;
        };
    }

    /** The label with the company's ERP named, e.g. "Gone from Acumatica — ready to unlink". */
    public String label(String erp) {
        return label.replace("the ERP", erp);
    }
}
