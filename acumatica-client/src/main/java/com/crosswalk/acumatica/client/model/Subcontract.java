package com.crosswalk.acumatica.client.model;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A subcontract (SC301000, entity {@code Subcontract}, endpoint 23.200.001+); key {@code subcontractNbr}.
 * {@code details} is null unless {@code Details} was expanded. Nullable fields. {@code retainagePct} and
 * {@code applyRetainage} are the subcontract's default retainage (SC301000 Summary: Apply Retainage, Retainage Percent),
 * which Acumatica applies to the bills linked to its lines.
 */
public record Subcontract(UUID id, String subcontractNbr, String status, LocalDate date, LocalDate startDate,
                          String description, String vendorId, String location, String currencyId, String vendorRef,
                          BigDecimal lineTotal, BigDecimal subcontractTotal, List<SubcontractLine> details,
                          Boolean applyRetainage, BigDecimal retainagePct) {

    public Subcontract {
        details = details == null ? null : List.copyOf(details);
    }

    /** A subcontract to insert (number assigned by Acumatica when {@code subcontractNbr} is null). */
    public static Subcontract draft(String vendorId, LocalDate date, String description, List<SubcontractLine> details) {
        return new Subcontract(null, null, null, date, null, description, vendorId, null, null, null, null, null,
                details, null, null);
    }

    /** This subcontract with a retainage percent: Apply Retainage is set when the percent is above zero. */
    public Subcontract withRetainage(BigDecimal pct) {
        boolean apply = pct != null && pct.signum() > 0;
        return new Subcontract(id, subcontractNbr, status, date, startDate, description, vendorId, location, currencyId,
                vendorRef, lineTotal, subcontractTotal, details, pct == null ? null : apply, apply ? pct : null);
    }
}
