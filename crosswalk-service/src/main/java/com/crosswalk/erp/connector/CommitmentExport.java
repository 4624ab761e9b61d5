package com.crosswalk.erp.connector;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A commitment to create in the ERP: {@code kind} is {@code subcontract} or {@code purchase_order}; lines carry
 * their line number, which becomes the ERP line number that change orders later update. {@code retainagePercent} is
 * the commitment's retainage (0–100), which the ERP applies to the bills of the commitment; null in payloads stored
 * before it was exported (then neither sent nor compared).
 */
public record CommitmentExport(String externalRef, String kind, String projectKey, String vendorKey, String number,
        String title, LocalDate date, List<Line> lines, BigDecimal retainagePercent) {

    public record Line(int lineNumber, String costCode, String costType, String description, BigDecimal amount) {
    }
}
