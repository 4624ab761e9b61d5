package com.crosswalk.erp.connector;

import java.util.List;

/**
 * What the ERP holds now for one linked record: whether it is still there ({@link ErpPresence}) and, when it is, how
 * its content differs from what was exported (empty = equal; non-empty only with {@link ErpPresence#CHANGED}).
 */
public record ErpFinding(ErpPresence presence, List<Difference> differences, String note) {

    public ErpFinding {
        differences = differences == null ? List.of() : List.copyOf(differences);
    }

    public ErpFinding(ErpPresence presence, List<Difference> differences) {
        this(presence, differences, null);
    }

    /** Present, with a plain-words note on why it cannot simply go (e.g. a payment applied to a bill). */
    public static ErpFinding present(String note) {
        return new ErpFinding(ErpPresence.PRESENT, List.of(), note);
    }

    public static ErpFinding of(ErpPresence presence) {
        return new ErpFinding(presence, List.of());
    }
}
