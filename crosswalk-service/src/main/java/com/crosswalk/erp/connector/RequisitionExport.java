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
 */
public record RequisitionExport(String externalRef, String vendorKey, String commitmentKey, String commitmentKind,
        int number, String description, LocalDate billingDate, List<Line> lines, BigDecimal retainage, BigDecimal amountDue) {

    public record Line(int commitmentLineNumber, String kind, String description, BigDecimal amount) {
    }
}
