package com.crosswalk;

import com.crosswalk.acumatica.emulator.store.Snapshots.ChangeOrderSnapshot;
import com.crosswalk.acumatica.emulator.store.Snapshots.CommitmentLine;
import com.crosswalk.acumatica.emulator.store.Store;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What users rely on after an export: "Synced means equal". For a synced CCO, the ERP (the emulator's store, read
 * directly) holds exactly one live change order among every key this CCO ever had — the linked one, Closed — whose
 * Commitments lines are the CCO's line items (the commitment's ERP document and line, amount, description), whose
 * total is the CCO's, and no unreleased leftover of an earlier attempt.
 */
public final class ErpContent {

    private ErpContent() {
    }

    /** One CCO line as the ERP must hold it. */
    record Expected(String poNbr, Integer poLineNbr, BigDecimal amount, String description) {
    }

    /**
     * Empty when the ERP holds exactly the synced CCO; otherwise each problem in words (for an assertion message or a
     * property-based test's invariant).
     */
    public static List<String> problems(JdbcClient jdbc, Store erp, long ccoId) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> link = jdbc.sql("select erp_key, external_ref from erp_link where cco_id = ?")
                .params(ccoId).query().listOfRows().stream().findFirst().orElse(null);
        List<ChangeOrderSnapshot> ours = ours(jdbc, erp, ccoId);
        List<ChangeOrderSnapshot> live = ours.stream().filter(ErpContent::live).toList();
        if (link == null) {
            problems.add("CCO " + ccoId + " is not linked");
            return problems;
        }
        String key = (String) link.get("erp_key");
        ChangeOrderSnapshot co = erp.changeOrder(key).orElse(null);
        if (co == null) {
            problems.add("the linked change order " + key + " is not in the ERP");
            return problems;
        }
        if (!Store.CLOSED.equals(co.status()) || !"None".equals(co.reverseStatus())) {
            problems.add("the linked change order " + key + " is " + co.status() + "/" + co.reverseStatus()
                    + ", not released");
        }
        if (live.size() != 1 || !live.get(0).refNbr().equals(key)) {
            problems.add("live change orders with this CCO's keys: "
                    + live.stream().map(c -> c.refNbr() + " " + c.externalRefNbr() + " " + c.status()).toList()
                    + " (expected only " + key + ")");
        }
        List<Expected> expected = expected(jdbc, ccoId);
        List<Expected> actual = co.commitments().stream()
                .map(l -> new Expected(l.poNbr(), "Update".equals(l.status()) ? l.poLineNbr() : null,
                        scale(l.amount()), l.description()))
                .sorted(ORDER).toList();
        if (!expected.equals(actual)) {
            problems.add("change order " + key + " holds lines " + actual + " but the CCO has " + expected);
        }
        BigDecimal total = expected.stream().map(Expected::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (co.commitmentsTotal() == null || co.commitmentsTotal().compareTo(total) != 0) {
            problems.add("change order " + key + " totals " + co.commitmentsTotal() + " but the CCO " + total);
        }
        return problems;
    }

    /** Every change order of the ERP carrying one of this CCO's keys (any generation): {@code CW-<company>-CCO-<id>-}. */
    public static List<ChangeOrderSnapshot> ours(JdbcClient jdbc, Store erp, long ccoId) {
        long company = jdbc.sql("select company_id from commitment_change_order where id = ?").params(ccoId)
                .query(Long.class).optional().orElse(-1L);
        String prefix = "CW-" + company + "-CCO-" + ccoId + "-";
        return erp.changeOrders().stream()
                .filter(c -> c.externalRefNbr() != null && c.externalRefNbr().startsWith(prefix)).toList();
    }

    /** Counts in the books or may still get there: not reversed, not a reversal, not canceled or rejected. */
    public static boolean live(ChangeOrderSnapshot c) {
        return ("None".equals(c.reverseStatus()) || c.reverseStatus() == null)
                && !"Canceled".equals(c.status()) && !"Rejected".equals(c.status());
    }

    private static final java.util.Comparator<Expected> ORDER = java.util.Comparator
            .comparing(Expected::poNbr, java.util.Comparator.nullsFirst(java.util.Comparator.<String>naturalOrder()))
            .thenComparing(Expected::poLineNbr, java.util.Comparator.nullsLast(java.util.Comparator.<Integer>naturalOrder()))
            .thenComparing(Expected::amount)
            .thenComparing(Expected::description);

    private static List<Expected> expected(JdbcClient jdbc, long ccoId) {
        return jdbc.sql("""
                select lc.erp_key, cl.line_number, li.amount,
                       case when li.description = '' then cco.title else li.description end
                from cco_line_item li
                join commitment_change_order cco on cco.id = li.cco_id
                join erp_link lc on lc.commitment_id = li.commitment_id
                left join commitment_line cl on cl.id = li.commitment_line_id
                where li.cco_id = ? order by li.line_number""").params(ccoId)
                .query((rs, n) -> new Expected(rs.getString(1), (Integer) rs.getObject(2), scale(rs.getBigDecimal(3)),
                        rs.getString(4)))
                .list().stream().sorted(ORDER).toList();
    }

    private static BigDecimal scale(BigDecimal v) {
        return v == null ? null : v.setScale(2, RoundingMode.HALF_UP);
    }

    /** Throws with every problem when the ERP does not hold exactly the synced CCO. */
    public static void assertEqual(JdbcClient jdbc, Store erp, long ccoId) {
        List<String> problems = problems(jdbc, erp, ccoId);
        if (!problems.isEmpty()) {
            throw new AssertionError("Synced does not mean equal for CCO " + ccoId + ": " + problems);
        }
    }

    /** No change order of the CCO's keys is unreleased (On Hold, Open, Pending Approval) in the ERP. */
    public static List<ChangeOrderSnapshot> unreleased(JdbcClient jdbc, Store erp, long ccoId) {
        return ours(jdbc, erp, ccoId).stream().filter(ErpContent::live)
                .filter(c -> !Store.CLOSED.equals(c.status())).toList();
    }

    static List<CommitmentLine> lines(ChangeOrderSnapshot co) {
        return co.commitments();
    }
}
