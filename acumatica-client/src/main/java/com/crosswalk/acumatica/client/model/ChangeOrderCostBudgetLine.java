package com.crosswalk.acumatica.client.model;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * A line of a change order's {@code CostBudget} (entity {@code ChangeOrderCostBudget}, the Cost Budget tab of PM308000):
 * a change of the project's cost budget line of this project task, account group, inventory item and cost code.
 * Nullable fields; the read-only figures Acumatica shows beside the line (Previously Approved CO, Revised Budgeted…)
 * are not read.
 *
 * @param id            line id (session-scoped for lines)
 * @param projectTaskId {@code ProjectTaskID}
 * @param accountGroup  {@code AccountGroup}
 * @param inventoryId   {@code InventoryID} ({@code N/A}: the empty item code)
 * @param costCode      {@code CostCode}
 * @param description   {@code Description}
 * @param uom           {@code UOM}
 * @param qty           {@code Qty}
 * @param unitRate      {@code UnitRate}
 * @param amount        {@code Amount}: the change of the budgeted amount (negative lowers the budget)
 */
public record ChangeOrderCostBudgetLine(
        UUID id,
        String projectTaskId,
        String accountGroup,
        String inventoryId,
        String costCode,
        String description,
        String uom,
        BigDecimal qty,
        BigDecimal unitRate,
        BigDecimal amount) {

    /** A line changing the budget of a task, account group and cost code by {@code amount}. */
    public static ChangeOrderCostBudgetLine of(String projectTaskId, String accountGroup, String costCode,
                                               String description, BigDecimal amount) {
        return new ChangeOrderCostBudgetLine(null, projectTaskId, accountGroup, null, costCode, description, null, null,
                null, amount);
    }
}
