package com.crosswalk.acumatica.client.model;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * An AP document of form AP301000 ({@code Bill} entity): a bill, or the debit adjustment that reverses one. Nullable
 * fields; {@code amount} is calculated by Acumatica (detail total less retained amount), {@code balance} moves with
 * applied payments; {@code applications} (only with {@code $expand=Applications}) lists the payments and adjustments
 * applied.
 */
public record Bill(UUID id, String type, String referenceNbr, String status, Boolean hold, String vendor, String vendorRef,
                   String description, LocalDate date, BigDecimal amount, BigDecimal balance, List<BillLine> details,
                   List<BillApplication> applications) {

    public static final String TYPE_BILL = "Bill";
    public static final String TYPE_DEBIT_ADJ = "Debit Adj.";
    public static final String STATUS_ON_HOLD = "On Hold";
    public static final String STATUS_BALANCED = "Balanced";
    public static final String STATUS_OPEN = "Open";
    public static final String STATUS_CLOSED = "Closed";

    /** A bill to insert On Hold. */
    public static Bill draft(String vendor, String vendorRef, String description, LocalDate date, List<BillLine> lines) {
        return new Bill(null, TYPE_BILL, null, null, true, vendor, vendorRef, description, date, null, null, lines, null);
    }

    public boolean isReleased() {
        return STATUS_OPEN.equals(status) || STATUS_CLOSED.equals(status);
    }

    /** A line ({@code BillDetail}), linked to a subcontract/PO line by POOrderType, POOrderNbr, POLine. */
    public record BillLine(UUID id, String poOrderType, String poOrderNbr, Integer poLine, String description,
                           BigDecimal qty, BigDecimal unitCost, BigDecimal amount, String project, String projectTask,
                           String costCode) {

        public static BillLine linked(String poOrderType, String poOrderNbr, int poLine, String description, BigDecimal amount) {
            return new BillLine(null, poOrderType, poOrderNbr, poLine, description, BigDecimal.ONE, amount, amount, null, null, null);
        }
    }

    /** A document applied to the bill ({@code BillApplicationDetail}): a check, or the reversing debit adjustment. */
    public record BillApplication(String docType, String referenceNbr, BigDecimal amountPaid, BigDecimal balance, String status) {
    }
}
