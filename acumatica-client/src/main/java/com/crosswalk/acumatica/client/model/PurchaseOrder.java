package com.crosswalk.acumatica.client.model;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A purchase order (PO301000, entity {@code PurchaseOrder}); keys {@code type} (e.g. {@code Normal}) and
 * {@code orderNbr}. {@code details} is null unless {@code Details} was expanded. Nullable fields.
 */
public record PurchaseOrder(UUID id, String type, String orderNbr, String status, Boolean hold, LocalDate date,
                            String description, String vendorId, String project, String currencyId, String vendorRef,
                            BigDecimal lineTotal, BigDecimal orderTotal, List<PurchaseOrderLine> details) {

    public PurchaseOrder {
        details = details == null ? null : List.copyOf(details);
    }

    /** A purchase order to insert (number assigned by Acumatica when {@code orderNbr} is null). */
    public static PurchaseOrder draft(String type, String vendorId, String project, LocalDate date, String description,
                                      List<PurchaseOrderLine> details) {
        return new PurchaseOrder(null, type, null, null, null, date, description, vendorId, project, null, null, null,
                null, details);
    }
}
