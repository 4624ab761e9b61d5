package com.crosswalk.acumatica.emulator.store;

import java.math.BigDecimal;
import java.util.List;

/** Immutable read models for test assertions (emu.store()). */
public final class Snapshots {
    private Snapshots() {
    }

    public record ChangeOrderSnapshot(String id, String refNbr, String projectId, String classId, String status, boolean hold,
                                      String reverseStatus, String externalRefNbr, String originalCORefNbr, String description,
                                      BigDecimal commitmentsTotal, List<CommitmentLine> commitments, List<CostBudgetLine> costBudget) {
    }

    /** A change order's cost budget line (Cost Budget tab). */
    public record CostBudgetLine(String projectTaskId, String accountGroup, String inventoryId, String costCode, String description,
                                 BigDecimal amount) {
    }

    public record CommitmentLine(String id, String status, String poType, String poNbr, Integer poLineNbr, String projectTaskId,
                                 String costCode, String vendor, BigDecimal qty, BigDecimal unitCost, BigDecimal amount,
                                 String description) {
    }

    /** A subcontract or purchase order line. */
    public record DocumentLine(int lineNbr, String description, String projectTask, String costCode, BigDecimal qty,
                               BigDecimal unitCost, BigDecimal amount) {
    }
}
