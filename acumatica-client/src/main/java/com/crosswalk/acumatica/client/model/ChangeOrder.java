package com.crosswalk.acumatica.client.model;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A change order (Acumatica screen PM308000, entity {@code ChangeOrder}). Every field is nullable: null fields are
 * not sent, and fields Acumatica returned empty ({@code {}}) or did not return are null.
 *
 * @param id                     Acumatica's persistent record id (NoteID)
 * @param refNbr                 key, e.g. {@code 000003} (assigned by Acumatica on insert)
 * @param projectId              {@code ProjectID}
 * @param classId                {@code Class}, e.g. {@code COMMITMENT}
 * @param changeDate             {@code ChangeDate}
 * @param description            {@code Description}
 * @param externalRefNbr         {@code ExternalRefNbr}, max 30 characters — Crosswalk's link key
 * @param status                 {@code Status}: On Hold, Pending Approval, Open, Closed, Rejected, Canceled
 * @param hold                   {@code Hold}
 * @param reverseStatus          {@code ReverseStatus}: None, Reversed (the original), Reversing (the reversal)
 * @param originalCoRefNbr       {@code OriginalCORefNbr}: on a reversing change order, the one it reverses
 * @param commitmentsChangeTotal {@code CommitmentsChangeTotal} (read-only)
 * @param commitments            {@code Commitments} lines; null unless expanded
 * @param costBudget             {@code CostBudget} lines (the Cost Budget tab); null unless expanded
 */
public record ChangeOrder(
        UUID id,
        String refNbr,
        String projectId,
        String classId,
        LocalDate changeDate,
        String description,
        String externalRefNbr,
        String status,
        Boolean hold,
        String reverseStatus,
        String originalCoRefNbr,
        BigDecimal commitmentsChangeTotal,
        List<ChangeOrderCommitmentLine> commitments,
        List<ChangeOrderCostBudgetLine> costBudget) {

    public static final String STATUS_ON_HOLD = "On Hold";
    public static final String STATUS_PENDING_APPROVAL = "Pending Approval";
    public static final String STATUS_OPEN = "Open";
    public static final String STATUS_CLOSED = "Closed";
    public static final String STATUS_REJECTED = "Rejected";
    public static final String STATUS_CANCELED = "Canceled";
    public static final String REVERSE_NONE = "None";
    public static final String REVERSE_REVERSED = "Reversed";
    public static final String REVERSE_REVERSING = "Reversing";

    public ChangeOrder {
        commitments = commitments == null ? null : List.copyOf(commitments);
        costBudget = costBudget == null ? null : List.copyOf(costBudget);
    }

    /** A change order without cost budget lines (a commitment change order). */
    public ChangeOrder(UUID id, String refNbr, String projectId, String classId, LocalDate changeDate,
                       String description, String externalRefNbr, String status, Boolean hold, String reverseStatus,
                       String originalCoRefNbr, BigDecimal commitmentsChangeTotal,
                       List<ChangeOrderCommitmentLine> commitments) {
        this(id, refNbr, projectId, classId, changeDate, description, externalRefNbr, status, hold, reverseStatus,
                originalCoRefNbr, commitmentsChangeTotal, commitments, null);
    }

    /** A new change order of the project's cost budget only (On Hold): {@code CostBudget} lines, no commitments. */
    public static ChangeOrder budgetDraft(String projectId, String classId, LocalDate changeDate, String description,
                                          String externalRefNbr, List<ChangeOrderCostBudgetLine> costBudget) {
        return new ChangeOrder(null, null, projectId, classId, changeDate, description, externalRefNbr,
                null, Boolean.TRUE, null, null, null, null, costBudget);
    }

    /** A new change order to insert (On Hold). */
    public static ChangeOrder draft(String projectId, String classId, LocalDate changeDate, String description,
                                    String externalRefNbr, List<ChangeOrderCommitmentLine> commitments) {
        return new ChangeOrder(null, null, projectId, classId, changeDate, description, externalRefNbr,
                null, Boolean.TRUE, null, null, null, commitments);
    }

    public ChangeOrder withRefNbr(String v) {
        return new ChangeOrder(id, v, projectId, classId, changeDate, description, externalRefNbr, status, hold,
                reverseStatus, originalCoRefNbr, commitmentsChangeTotal, commitments, costBudget);
    }

    public ChangeOrder withExternalRefNbr(String v) {
        return new ChangeOrder(id, refNbr, projectId, classId, changeDate, description, v, status, hold,
                reverseStatus, originalCoRefNbr, commitmentsChangeTotal, commitments, costBudget);
    }

    public ChangeOrder withHold(Boolean v) {
        return new ChangeOrder(id, refNbr, projectId, classId, changeDate, description, externalRefNbr, status, v,
                reverseStatus, originalCoRefNbr, commitmentsChangeTotal, commitments, costBudget);
    }

    public ChangeOrder withStatus(String v) {
        return new ChangeOrder(id, refNbr, projectId, classId, changeDate, description, externalRefNbr, v, hold,
                reverseStatus, originalCoRefNbr, commitmentsChangeTotal, commitments, costBudget);
    }

    /** Status Closed = released. */
    public boolean isReleased() { return STATUS_CLOSED.equals(status); }

    /** ReverseStatus Reversed = a reversing change order exists for this one. */
    public boolean isReversed() { return REVERSE_REVERSED.equals(reverseStatus); }

    /** ReverseStatus Reversing = this change order reverses {@link #originalCoRefNbr()}. */
    public boolean isReversal() { return REVERSE_REVERSING.equals(reverseStatus); }
}
