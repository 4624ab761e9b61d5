package com.crosswalk.erp.connector;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A commitment to create in the ERP: {@code kind} is {@code subcontract} or {@code purchase_order}; lines carry
 * their line number, which becomes the ERP line number that change orders later update.
 */
public record CommitmentExport(String externalRef, String kind, String projectKey, String vendorKey, String number,
        String title, LocalDate date, List<Line> lines) {

    public record Line(int lineNumber, String costCode, String costType, String description, BigDecimal amount) {
    }
}
