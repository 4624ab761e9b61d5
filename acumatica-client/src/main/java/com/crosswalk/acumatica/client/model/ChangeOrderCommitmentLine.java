package com.crosswalk.acumatica.client.model;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * A line of a change order's {@code Commitments} (entity {@code ChangeOrderCommitment}). Nullable fields.
 *
 * @param id            line id (session-scoped for lines)
 * @param projectTaskId {@code ProjectTaskID}
 * @param costCode      {@code CostCode}
 * @param vendor        {@code Vendor}
 * @param poType        {@code POType}, e.g. {@code Subcontract} or {@code Normal}
 * @param poNbr         {@code PONbr}: the subcontract or purchase order number
 * @param poLineNbr     {@code POLineNbr}
 * @param lineType      {@code Status} on the wire: {@code Update}, {@code New Line}, {@code New Document}, {@code Reopen}
 * @param inventoryId   {@code InventoryID}
 * @param uom           {@code UOM}
 * @param qty           {@code Qty}
 * @param unitCost      {@code UnitCost}
 * @param amount        {@code Amount}
 * @param description   {@code Description}
 * @param account       {@code Account}
 */
public record ChangeOrderCommitmentLine(
        UUID id,
        String projectTaskId,
        String costCode,
        String vendor,
        String poType,
        String poNbr,
        Integer poLineNbr,
        String lineType,
        String inventoryId,
        String uom,
        BigDecimal qty,
        BigDecimal unitCost,
        BigDecimal amount,
        String description,
        String account) {

    public static final String LINE_UPDATE = "Update";
    public static final String LINE_NEW_LINE = "New Line";
    public static final String LINE_NEW_DOCUMENT = "New Document";
    public static final String LINE_REOPEN = "Reopen";

    /** An "Update" line changing an existing subcontract/PO line by {@code amount}. */
    public static ChangeOrderCommitmentLine update(String projectTaskId, String costCode, String vendor, String poType,
                                                   String poNbr, int poLineNbr, BigDecimal amount, String description) {
        return new ChangeOrderCommitmentLine(null, projectTaskId, costCode, vendor, poType, poNbr, poLineNbr,
                LINE_UPDATE, null, null, null, null, amount, description, null);
    }

    /** A "New Line" adding a line to an existing subcontract/PO. */
    public static ChangeOrderCommitmentLine newLine(String projectTaskId, String costCode, String vendor, String poType,
                                                    String poNbr, BigDecimal qty, BigDecimal unitCost,
                                                    BigDecimal amount, String description) {
        return new ChangeOrderCommitmentLine(null, projectTaskId, costCode, vendor, poType, poNbr, null,
                LINE_NEW_LINE, null, null, qty, unitCost, amount, description, null);
    }
}
