package com.crosswalk.acumatica.client.model;

import java.util.UUID;

/** A vendor (AP303000, entity {@code Vendor}); key {@code vendorId}. Nullable fields. */
public record Vendor(UUID id, String vendorId, String vendorName, String legalName, String status,
                     String vendorClass, String terms, String currencyId) {

    /** A vendor to insert. */
    public static Vendor of(String vendorId, String vendorName) {
        return new Vendor(null, vendorId, vendorName, null, null, null, null, null);
    }
}
