package com.crosswalk.acumatica.client.model;

import java.math.BigDecimal;
import java.util.UUID;

/** A line of a subcontract ({@code SubcontractDetail}). Nullable fields. */
public record SubcontractLine(UUID id, Integer lineNbr, String project, String task, String costCode,
                              String inventoryId, String description, BigDecimal orderQty, String uom,
                              BigDecimal unitCost, BigDecimal extendedCost, BigDecimal amount) {

    /** A line to insert: project/task/cost code and an amount (qty 1 × unit cost). */
    public static SubcontractLine of(String project, String task, String costCode, String description,
                                     BigDecimal amount) {
        return new SubcontractLine(null, null, project, task, costCode, null, description, BigDecimal.ONE, null,
                amount, null, null);
    }
}
