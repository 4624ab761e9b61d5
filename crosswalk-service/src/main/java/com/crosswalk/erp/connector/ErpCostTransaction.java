package com.crosswalk.erp.connector;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One released cost of a project in the ERP (a line of an Acumatica {@code ProjectTransaction}): its ERP identity
 * ({@code module}, {@code refNbr}, {@code lineId}), date, originating document, vendor, description, amount and budget key.
 */
public record ErpCostTransaction(String module, String refNbr, long lineId, LocalDate date, String document, String vendor,
        String description, BigDecimal amount, String task, String accountGroup, String costCode) {
}
