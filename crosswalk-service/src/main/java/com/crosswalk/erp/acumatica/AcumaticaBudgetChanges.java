package com.crosswalk.erp.acumatica;

import com.crosswalk.acumatica.client.AcumaticaClient;
import com.crosswalk.acumatica.client.ChangeOrderApi;
import com.crosswalk.acumatica.client.model.ChangeOrder;
import com.crosswalk.acumatica.client.model.ChangeOrderClass;
import com.crosswalk.acumatica.client.model.ChangeOrderCostBudgetLine;
import com.crosswalk.acumatica.client.query.Filter;
import com.crosswalk.acumatica.client.query.Query;
import com.crosswalk.erp.connector.BudgetChangeExport;
import com.crosswalk.erp.connector.Difference;
import com.crosswalk.erp.connector.ErpDocument;
import com.crosswalk.erp.connector.ErpDocuments;
import com.crosswalk.erp.connector.ErpFinding;
import com.crosswalk.erp.connector.ErpPresence;
import com.crosswalk.erp.connector.ErpRecordRef;
import com.crosswalk.erp.connector.ErpRejectedException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Our budget changes as Acumatica {@code ChangeOrder}s (PM308000) with {@code CostBudget} lines only (no Commitments
 * lines), our key in {@code ExternalRefNbr}: inserted On Hold, taken off hold (RemoveChangeOrderFromHold) and released
 * (ReleaseChangeOrder: Closed), as commitment change orders are ({@link AcumaticaChangeOrders}).
 *
 * <p>Why released and not left On Hold: a budget change is exported only once it is Approved here, and Acumatica's
 * Change Orders form says an On Hold change order only counts in the <em>potential</em> amounts of the project budget
 * ("On Hold: … The amounts and quantities in this change order are included in the potential amounts and quantities of
 * the project budget"), while a released one moves them to the budget ("Release Costs Only … Moves amounts and
 * quantities from the Potential CO Amount … to the Budgeted CO Amount … columns for the affected cost budget lines";
 * "Closed: The change order has been released") — User Guide PM_30_80_00 (Acumatica/Acumatica-AI-Resources,
 * Documentation/UserGuide/PM_30_80_00.md). An approved change of the budget is a Budgeted CO amount, so it is released.
 * With an approval map in Acumatica the change order waits in Pending Approval: the export fails with that sentence
 * and Retry releases it once approved there.
 *
 * <p>The class: the connection's change order class when it allows changes to the cost budget (PM203000 Cost Budget),
 * else the first active class that does (by class ID); none → refused in words. One request per connector, on the
 * first insert.
 *
 * <p>Stages, presence and unlink as for commitment change orders: gone when Acumatica has no such change order, it is
 * Canceled, or it is Reversed and its released reversals cancel every cost budget line.
 */
final class AcumaticaBudgetChanges implements ErpDocuments<BudgetChangeExport> {

    static final int BATCH = AcumaticaChangeOrders.BATCH;
    private static final Query WITH_LINES = Query.expand("CostBudget");

    private final AcumaticaClient client;
    private final AcumaticaConnector connector;
    private String budgetClass;

    AcumaticaBudgetChanges(AcumaticaClient client, AcumaticaConnector connector) {
        this.client = client;
        this.connector = connector;
    }

    private ChangeOrderApi api() {
        return client.changeOrders();
    }

    @Override
    public String noun() {
        return "change order";
    }

    @Override
    public List<ErpDocument> findByExternalRefs(List<String> externalRefs) {
        if (externalRefs.isEmpty()) {
            return List.of();
        }
        return connector.call("change order", () -> api()
                .list(WITH_LINES.where(Filter.anyOf("ExternalRefNbr", new LinkedHashSet<>(externalRefs))))
                .stream().map(AcumaticaChangeOrders::document).toList());
    }

    @Override
    public ErpDocument insert(BudgetChangeExport payload) {
        return connector.call("change order", () -> AcumaticaChangeOrders.document(api().insert(
                ChangeOrder.budgetDraft(payload.projectKey(), budgetClass(), payload.date(), description(payload),
                        payload.externalRef(), lines(payload)), WITH_LINES)));
    }

    /** The class of budget change orders (see the class comment); read once. */
    String budgetClass() {
        if (budgetClass == null) {
            List<ChangeOrderClass> classes = client.changeOrderClasses().list(Query.all());
            String configured = connector.changeOrderClass();
            budgetClass = classes.stream()
                    .filter(c -> Boolean.TRUE.equals(c.costBudget()) && !Boolean.FALSE.equals(c.active()))
                    .map(ChangeOrderClass::classId).filter(Objects::nonNull)
                    .sorted(Comparator.comparing((String id) -> !id.equalsIgnoreCase(configured)).thenComparing(id -> id))
                    .findFirst()
                    .orElseThrow(() -> new ErpRejectedException("No change order class in " + connector.erpName()
                            + " allows changes to the cost budget. Select Cost Budget on a class in Change Order Classes"
                            + " (PM203000)"));
        }
        return budgetClass;
    }

    @Override
    public ErpDocument release(ErpDocument document) {
        return connector.changeOrders().release(document);
    }

    @Override
    public ErpDocument park(ErpDocument document) {
        return connector.changeOrders().park(document);
    }

    @Override
    public void remove(ErpDocument document) {
        connector.changeOrders().remove(document);
    }

    // ---- content ------------------------------------------------------------------------------------------------

    static String description(BudgetChangeExport bc) {
        String d = "Budget change " + bc.number() + " " + bc.title();
        return d.length() > 255 ? d.substring(0, 255) : d;
    }

    static List<ChangeOrderCostBudgetLine> lines(BudgetChangeExport bc) {
        return bc.lines().stream().map(l -> ChangeOrderCostBudgetLine.of(l.projectTask(), l.accountGroup(), l.costCode(),
                l.description() == null || l.description().isBlank() ? bc.title() : l.description(), l.amount())).toList();
    }

    /**
     * Compared: project, date, description, our key, and the cost budget lines as a set — each line's project task,
     * account group, cost code, amount and description; a change order with Commitments lines is not ours. The class is
     * Acumatica's choice among those allowing the cost budget, and the figures it shows beside a line are its own.
     */
    @Override
    public List<Difference> differences(BudgetChangeExport payload, ErpDocument document) {
        ChangeOrder found = (ChangeOrder) document.content();
        List<Difference> out = new ArrayList<>();
        field(out, "project", payload.projectKey(), found.projectId(), true);
        field(out, "date", Objects.toString(payload.date(), null), Objects.toString(found.changeDate(), null), false);
        field(out, "description", description(payload), found.description(), false);
        field(out, "external reference", payload.externalRef(), found.externalRefNbr(), true);
        if (found.commitments() != null && !found.commitments().isEmpty()) {
            out.add(new Difference("commitment lines", "none", found.commitments().size() + " line(s)"));
        }
        List<LineKey> mine = lines(payload).stream().map(LineKey::of).sorted().toList();
        List<LineKey> theirs = found.costBudget() == null ? List.of()
                : found.costBudget().stream().map(LineKey::of).sorted().toList();
        if (!mine.equals(theirs)) {
            List<LineKey> missing = new ArrayList<>(mine);
            theirs.forEach(missing::remove);
            List<LineKey> extra = new ArrayList<>(theirs);
            mine.forEach(extra::remove);
            int n = Math.max(missing.size(), extra.size());
            for (int i = 0; i < n; i++) {
                out.add(new Difference("cost budget line", i < missing.size() ? missing.get(i).toString() : null,
                        i < extra.size() ? extra.get(i).toString() : null));
            }
        }
        return out;
    }

    /** A CostBudget line as compared: what we send and Acumatica keeps. */
    record LineKey(String task, String accountGroup, String costCode, BigDecimal amount, String description)
            implements Comparable<LineKey> {

        static LineKey of(ChangeOrderCostBudgetLine l) {
            return new LineKey(norm(l.projectTaskId()), norm(l.accountGroup()), norm(l.costCode()), scale(l.amount()),
                    l.description() == null ? "" : l.description().strip());
        }

        private static final Comparator<LineKey> ORDER = Comparator
                .comparing(LineKey::task, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
                .thenComparing(LineKey::accountGroup, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
                .thenComparing(LineKey::costCode, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
                .thenComparing(LineKey::amount, Comparator.nullsFirst(Comparator.<BigDecimal>naturalOrder()))
                .thenComparing(LineKey::description);

        @Override
        public int compareTo(LineKey o) {
            return ORDER.compare(this, o);
        }

        @Override
        public String toString() {
            return "task " + task + " " + accountGroup + (costCode == null ? "" : " cost code " + costCode) + ": "
                    + (amount == null ? "no amount" : amount.toPlainString())
                    + (description.isEmpty() ? "" : " '" + description + "'");
        }
    }

    private static String norm(String s) {
        return s == null || s.isBlank() ? null : s.strip().toUpperCase(Locale.ROOT);
    }

    private static BigDecimal scale(BigDecimal v) {
        return v == null ? null : v.setScale(2, RoundingMode.HALF_UP);
    }

    private static void field(List<Difference> out, String name, String ours, String theirs, boolean caseless) {
        String a = ours == null || ours.isBlank() ? null : ours.strip();
        String b = theirs == null || theirs.isBlank() ? null : theirs.strip();
        boolean same = caseless ? (a == null ? b == null : a.equalsIgnoreCase(b)) : Objects.equals(a, b);
        if (!same) {
            out.add(new Difference(name, a, b));
        }
    }

    // ---- presence and drift ----------------------------------------------------------------------------------

    @Override
    public int checkBatchSize() {
        return BATCH;
    }

    @Override
    public ErpFinding check(ErpRecordRef linked, BudgetChangeExport exported) {
        Map<ErpRecordRef, BudgetChangeExport> one = new LinkedHashMap<>();
        one.put(linked, exported);
        return check(one).get(linked);
    }

    /**
     * Per 50 change orders one {@code GET ChangeOrder?$filter=RefNbr eq 'a' or …&$expand=CostBudget}; then one request
     * for the reversals of the reversed ones ({@code OriginalCORefNbr eq … or …}, 50 at a time).
     */
    @Override
    public Map<ErpRecordRef, ErpFinding> check(Map<ErpRecordRef, BudgetChangeExport> linked) {
        return connector.call("change order", () -> {
            List<ErpRecordRef> refs = new ArrayList<>(linked.keySet());
            List<String> keys = new ArrayList<>(new LinkedHashSet<>(refs.stream().map(ErpRecordRef::key).toList()));
            Map<String, ChangeOrder> found = new HashMap<>();
            for (int from = 0; from < keys.size(); from += BATCH) {
                for (ChangeOrder co : api().list(WITH_LINES.where(Filter.anyOf("RefNbr",
                        keys.subList(from, Math.min(keys.size(), from + BATCH)))))) {
                    found.put(co.refNbr(), co);
                }
            }
            List<String> reversed = keys.stream().filter(k -> found.containsKey(k) && found.get(k).isReversed()).toList();
            Map<String, List<ChangeOrder>> releasedReversals = new HashMap<>();
            Set<String> wanted = new HashSet<>(reversed);
            for (int from = 0; from < reversed.size(); from += BATCH) {
                for (ChangeOrder rev : api().list(WITH_LINES.where(Filter.anyOf("OriginalCORefNbr",
                        reversed.subList(from, Math.min(reversed.size(), from + BATCH)))))) {
                    if (rev.isReleased() && rev.originalCoRefNbr() != null && wanted.contains(rev.originalCoRefNbr())) {
                        releasedReversals.computeIfAbsent(rev.originalCoRefNbr(), k -> new ArrayList<>()).add(rev);
                    }
                }
            }
            Map<ErpRecordRef, ErpFinding> out = new LinkedHashMap<>();
            for (ErpRecordRef ref : refs) {
                out.put(ref, finding(found.get(ref.key()), releasedReversals.getOrDefault(ref.key(), List.of()),
                        linked.get(ref)));
            }
            return out;
        });
    }

    private ErpFinding finding(ChangeOrder co, List<ChangeOrder> releasedReversals, BudgetChangeExport exported) {
        if (co == null || ChangeOrder.STATUS_CANCELED.equals(co.status())) {
            return ErpFinding.of(ErpPresence.GONE);
        }
        if (co.isReversed()) {
            if (releasedReversals.isEmpty()) {
                return ErpFinding.of(ErpPresence.REVERSAL_PENDING);
            }
            Map<String, BigDecimal> left = net(List.of(co));
            net(releasedReversals).forEach((line, amount) -> left.merge(line, amount, BigDecimal::add));
            List<Difference> remaining = new ArrayList<>();
            left.forEach((line, amount) -> {
                if (amount.signum() != 0) {
                    remaining.add(new Difference(line + " amount after the released reversal", "0.00 (reversed)",
                            amount.setScale(2, RoundingMode.HALF_UP).toPlainString()));
                }
            });
            return remaining.isEmpty() ? ErpFinding.of(ErpPresence.GONE) : new ErpFinding(ErpPresence.CHANGED, remaining);
        }
        if (exported == null) {
            return ErpFinding.of(ErpPresence.PRESENT);
        }
        List<Difference> diff = differences(exported, AcumaticaChangeOrders.document(co));
        return diff.isEmpty() ? ErpFinding.of(ErpPresence.PRESENT) : new ErpFinding(ErpPresence.CHANGED, diff);
    }

    /** The change orders' cost budget amounts per budget key (task, account group, cost code). */
    private static Map<String, BigDecimal> net(List<ChangeOrder> cos) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        for (ChangeOrder co : cos) {
            if (co.costBudget() == null) {
                continue;
            }
            for (ChangeOrderCostBudgetLine l : co.costBudget()) {
                String key = "task " + norm(l.projectTaskId()) + " " + norm(l.accountGroup())
                        + (l.costCode() == null ? "" : " cost code " + norm(l.costCode()));
                out.merge(key, l.amount() == null ? BigDecimal.ZERO : l.amount(), BigDecimal::add);
            }
        }
        return out;
    }
}
