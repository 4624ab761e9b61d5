package com.crosswalk.acumatica.client.model;

import java.math.BigDecimal;
import java.util.UUID;

/** A line of a purchase order ({@code PurchaseOrderDetail}). Nullable fields. */
public record PurchaseOrderLine(UUID id, Integer lineNbr, String lineType, String inventoryId, String description,
                                String project, String projectTask, String costCode, BigDecimal orderQty, String uom,
                                BigDecimal unitCost, BigDecimal extendedCost) {

    /** A line to insert. */
    public static PurchaseOrderLine of(String project, String projectTask, String costCode, String description,
                                       BigDecimal orderQty, BigDecimal unitCost) {
        return new PurchaseOrderLine(null, null, null, null, description, project, projectTask, costCode, orderQty,
                null, unitCost, null);
    }
}
