package com.crosswalk.erp.connector;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A subcontractor invoice to create in the ERP as an AP bill and release there. {@code externalRef} is our key (the
 * bill's vendor reference, at most 30 characters — a new one after every unlink). Each line bills one line of the
 * commitment ({@code commitmentLineNumber}): the work completed this period, or the change of materials presently
 * stored ({@code kind} {@code work} / {@code materials}). {@code retainage} is the retainage held this period and
 * {@code amountDue} the current payment due (lines less retainage): the ERP must hold exactly these.
 *
 * <p>A retainage release invoice ({@code invoiceKind} {@code retainage_release}) has no lines: {@code releases} names
 * the released bills of earlier invoices and how much of each one's retainage it releases; the ERP makes one retainage
 * bill per released bill, carrying our key, and {@code amountDue} is their total. A null {@code invoiceKind} (payloads
 * stored before retainage releases existed) is a progress invoice.
 */
public record RequisitionExport(String externalRef, String vendorKey, String commitmentKey, String commitmentKind,
        int number, String description, LocalDate billingDate, List<Line> lines, BigDecimal retainage, BigDecimal amountDue,
        String invoiceKind, List<Release> releases) {

    public static final String RETAINAGE_RELEASE = "retainage_release";

    public record Line(int commitmentLineNumber, String kind, String description, BigDecimal amount) {
    }

    /** Release {@code amount} of the retainage of bill {@code billKey} (which carries our key {@code billExternalRef}). */
    public record Release(String billKey, String billExternalRef, BigDecimal amount) {
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isRetainageRelease() {
        return RETAINAGE_RELEASE.equals(invoiceKind);
    }
}
