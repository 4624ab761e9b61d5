package com.crosswalk.erp.connector;

import java.math.BigDecimal;

/**
 * A cost budget line of a project as the ERP has it (Acumatica {@code ProjectBudget}): its key (task, account group,
 * inventory item, cost code) and its figures. Amounts are never null (zero when the ERP has none), except
 * {@code costToComplete} (entered by people, may be absent).
 */
public record ErpBudgetLine(String task, String accountGroup, String inventory, String costCode, String description,
        BigDecimal original, BigDecimal approvedChanges, BigDecimal revised, BigDecimal committed, BigDecimal committedChanges,
        BigDecimal committedOpen, BigDecimal actual, BigDecimal costToComplete) {
}
