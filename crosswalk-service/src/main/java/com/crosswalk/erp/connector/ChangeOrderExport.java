package com.crosswalk.erp.connector;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A commitment change order to create in the ERP and release there. {@code externalRef} is our key (at most 30
 * characters) — a new one after every unlink, so a re-export never adopts the reversed ERP record.
 * {@code commitmentKey} is the linked commitment's ERP key and {@code commitmentKind} its kind
 * ({@code subcontract} or {@code purchase_order}). A line with {@code commitmentLineNumber} updates that line of the
 * commitment; a line without one adds a new line.
 */
public record ChangeOrderExport(String externalRef, String projectKey, String commitmentKey, String commitmentKind,
        String vendorKey, String number, String title, String description, LocalDate date, List<Line> lines) {

    public record Line(Integer commitmentLineNumber, String costCode, String costType, String description,
            BigDecimal quantity, BigDecimal unitCost, BigDecimal amount) {
    }
}
