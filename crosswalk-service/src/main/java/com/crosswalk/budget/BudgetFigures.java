package com.crosswalk.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The figures of a project's budget view, one row per cost code and cost type — a pure function of what was imported
 * from the ERP and what Crosswalk knows, so the rules below are tested on their own (property-based):
 * <ul>
 * <li>original budget, approved budget changes: the ERP's (its released budget change orders);
 *     <b>revised budget = original + approved changes</b>;</li>
 * <li><b>committed = our commitments + approved CCOs</b>; pending changes = CCOs not yet approved (draft, pending);</li>
 * <li>actual: the ERP's job-to-date cost; projected final cost = the greatest of committed + pending changes, actual +
 *     the ERP's cost to complete (when entered) and actual; over/under = revised − projected (negative = over budget).</li>
 * </ul>
 * All amounts to the cent (scale 2).
 */
public final class BudgetFigures {

    private BudgetFigures() {
    }

    /** The row a figure belongs to: a cost code and a cost type (either may be absent: not mapped). */
    public record Key(String costCode, String costType) {
    }

    /** An imported ERP budget line, already mapped to a key. */
    public record ErpLine(Key key, BigDecimal original, BigDecimal approvedChanges, BigDecimal actual, BigDecimal costToComplete) {
    }

    /** An amount of ours (a commitment line, an approved or pending CCO line) at a key. */
    public record Amount(Key key, BigDecimal amount) {
    }

    /** One row of the view. */
    public record Row(Key key, BigDecimal originalBudget, BigDecimal approvedChanges, BigDecimal revisedBudget, BigDecimal commitments,
            BigDecimal approvedCcos, BigDecimal committed, BigDecimal pendingChanges, BigDecimal actual, BigDecimal projectedFinalCost,
            BigDecimal overUnder) {

        public boolean overBudget() {
            return overUnder.signum() < 0;
        }
    }

    /** The rows, ordered by cost code then cost type (unmapped last), and their totals. */
    public record Result(List<Row> rows, Row totals) {
    }

    private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2, RoundingMode.UNNECESSARY);

    private static BigDecimal cents(BigDecimal v) {
        return v == null ? ZERO : v.setScale(2, RoundingMode.HALF_UP);
    }

    private static final class Acc {
        BigDecimal original = ZERO, approved = ZERO, actual = ZERO, commitments = ZERO, approvedCcos = ZERO, pending = ZERO;
        BigDecimal costToComplete;
    }

    public static Result compute(List<ErpLine> erp, List<Amount> commitments, List<Amount> approvedCcos, List<Amount> pendingCcos) {
        Map<Key, Acc> byKey = new LinkedHashMap<>();
        for (ErpLine l : erp) {
            Acc a = byKey.computeIfAbsent(l.key(), k -> new Acc());
            a.original = a.original.add(cents(l.original()));
            a.approved = a.approved.add(cents(l.approvedChanges()));
            a.actual = a.actual.add(cents(l.actual()));
            if (l.costToComplete() != null) {
                a.costToComplete = (a.costToComplete == null ? ZERO : a.costToComplete).add(cents(l.costToComplete()));
            }
        }
        for (Amount c : commitments) {
            Acc a = byKey.computeIfAbsent(c.key(), k -> new Acc());
            a.commitments = a.commitments.add(cents(c.amount()));
        }
        for (Amount c : approvedCcos) {
            Acc a = byKey.computeIfAbsent(c.key(), k -> new Acc());
            a.approvedCcos = a.approvedCcos.add(cents(c.amount()));
        }
        for (Amount c : pendingCcos) {
            Acc a = byKey.computeIfAbsent(c.key(), k -> new Acc());
            a.pending = a.pending.add(cents(c.amount()));
        }
        List<Row> rows = new ArrayList<>();
        byKey.forEach((k, a) -> rows.add(row(k, a)));
        rows.sort(Comparator.comparing((Row r) -> r.key().costCode() == null ? "\uffff" : r.key().costCode())
                .thenComparing(r -> r.key().costType() == null ? "\uffff" : r.key().costType()));
        return new Result(List.copyOf(rows), totalsOf(rows));
    }

    /** The totals of some rows: every money column summed; revised and committed by the same rules as a row's. */
    public static Row totalsOf(List<Row> rows) {
        Acc t = new Acc();
        BigDecimal projected = ZERO;
        for (Row r : rows) {
            t.original = t.original.add(r.originalBudget());
            t.approved = t.approved.add(r.approvedChanges());
            t.actual = t.actual.add(r.actual());
            t.commitments = t.commitments.add(r.commitments());
            t.approvedCcos = t.approvedCcos.add(r.approvedCcos());
            t.pending = t.pending.add(r.pendingChanges());
            projected = projected.add(r.projectedFinalCost());
        }
        BigDecimal revised = t.original.add(t.approved);
        return new Row(new Key(null, null), t.original, t.approved, revised, t.commitments, t.approvedCcos,
                t.commitments.add(t.approvedCcos), t.pending, t.actual, projected, revised.subtract(projected));
    }

    private static Row row(Key k, Acc a) {
        BigDecimal revised = a.original.add(a.approved);
        BigDecimal committed = a.commitments.add(a.approvedCcos);
        BigDecimal projected = committed.add(a.pending).max(a.actual);
        if (a.costToComplete != null) {
            projected = projected.max(a.actual.add(a.costToComplete));
        }
        return new Row(k, a.original, a.approved, revised, a.commitments, a.approvedCcos, committed, a.pending, a.actual, projected,
                revised.subtract(projected));
    }

    /** Whether a row passes the view's filters (cost code prefix, cost type code, only over budget). */
    static boolean matches(Row r, String costCode, String costType, boolean overOnly) {
        if (costCode != null && !costCode.isBlank()
                && (r.key().costCode() == null || !r.key().costCode().toLowerCase().startsWith(costCode.trim().toLowerCase()))) {
            return false;
        }
        if (costType != null && !costType.isBlank() && !Objects.equals(costType.trim().toUpperCase(), r.key().costType())) {
            return false;
        }
        return !overOnly || r.overBudget();
    }
}
