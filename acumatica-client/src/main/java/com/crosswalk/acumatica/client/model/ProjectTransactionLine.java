package com.crosswalk.acumatica.client.model;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/** A line of a project transaction ({@code ProjectTransactionDetail}). Nullable fields. */
public record ProjectTransactionLine(UUID id, Long transactionId, String project, String projectTask, String accountGroup, String costCode,
        LocalDate date, String description, String vendorOrCustomer, BigDecimal qty, BigDecimal amount, Boolean released) {
}
