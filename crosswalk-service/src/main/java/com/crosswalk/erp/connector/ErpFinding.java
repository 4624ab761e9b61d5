package com.crosswalk.erp.connector;

import java.util.List;

/**
 * What the ERP holds now for one linked record: whether it is still there ({@link ErpPresence}) and, when it is, how
 * its content differs from what was exported (empty = equal; non-empty only with {@link ErpPresence#CHANGED}).
 */
public record ErpFinding(ErpPresence presence, List<Difference> differences) {

    public ErpFinding {
        differences = differences == null ? List.of() : List.copyOf(differences);
    }

    public static ErpFinding of(ErpPresence presence) {
        return new ErpFinding(presence, List.of());
    }
}
