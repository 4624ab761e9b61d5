package com.crosswalk.acumatica.client.model;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * A project budget line ({@code ProjectBudget}, PM309000; the Cost Budget tab of PM301000); key ProjectID,
 * ProjectTaskID, AccountGroup, InventoryID, CostCode. Read as Acumatica computes it; nullable fields.
 */
public record ProjectBudget(UUID id, String projectId, String projectTaskId, String accountGroup, String inventoryId, String costCode,
        String description, String type, BigDecimal originalBudgetedAmount, BigDecimal budgetedCoAmount, BigDecimal revisedBudgetedAmount,
        BigDecimal originalCommittedAmount, BigDecimal committedCoAmount, BigDecimal revisedCommittedAmount,
        BigDecimal committedOpenAmount, BigDecimal committedInvoicedAmount, BigDecimal actualAmount, BigDecimal costToComplete,
        BigDecimal costAtCompletion, BigDecimal varianceAmount) {

    /** The fields Crosswalk reads (a $select). */
    public static final String[] FIELDS = {"ProjectID", "ProjectTaskID", "AccountGroup", "InventoryID", "CostCode", "Description", "Type",
        "OriginalBudgetedAmount", "BudgetedCOAmount", "RevisedBudgetedAmount", "OriginalCommittedAmount", "CommittedCOAmount",
        "RevisedCommittedAmount", "CommittedOpenAmount", "CommittedInvoicedAmount", "ActualAmount", "CostToComplete", "CostAtCompletion",
        "VarianceAmount"};
}
