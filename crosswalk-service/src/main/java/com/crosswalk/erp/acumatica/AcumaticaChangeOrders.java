package com.crosswalk.erp.acumatica;

import com.crosswalk.acumatica.client.AcumaticaClient;
import com.crosswalk.acumatica.client.ChangeOrderApi;
import com.crosswalk.acumatica.client.model.ChangeOrder;
import com.crosswalk.acumatica.client.model.ChangeOrderCommitmentLine;
import com.crosswalk.acumatica.client.query.Filter;
import com.crosswalk.acumatica.client.query.Query;
import com.crosswalk.erp.connector.ChangeOrderExport;
import com.crosswalk.erp.connector.Difference;
import com.crosswalk.erp.connector.ErpDocument;
import com.crosswalk.erp.connector.ErpDocuments;
import com.crosswalk.erp.connector.ErpFinding;
import com.crosswalk.erp.connector.ErpPresence;
import com.crosswalk.erp.connector.ErpRecordRef;
import com.crosswalk.erp.connector.ErpRejectedException;
import java.math.BigDecimal;
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
import java.util.function.Function;

/**
 * Our commitment change orders as Acumatica {@code ChangeOrder}s (PM308000): inserted On Hold with one
 * {@code Commitments} line per line item, released by RemoveChangeOrderFromHold + ReleaseChangeOrder (Closed).
 *
 * <p>Stages: On Hold / Pending Approval / Open = unreleased (Acumatica lets only an On Hold change order be edited or
 * deleted, PM308000 "On Hold: the user can edit or delete the change order"; so {@link #remove} puts it back on hold
 * first); Closed and not reversed = released; Reversed, Reversing (a reversal), Canceled, Rejected = void (never
 * adopted; a Canceled one never touched the commitment).
 *
 * <p>Presence (unlink, reconciliation): gone when Acumatica has no such change order, it is Canceled, or it is
 * Reversed and its released reversals cancel every line (the reference text: "reversed, with the reversal released");
 * a released reversal that cancels only part of it (the reversing change order was edited before release) leaves it
 * {@link ErpPresence#CHANGED}, still in Acumatica.
 */
final class AcumaticaChangeOrders implements ErpDocuments<ChangeOrderExport> {

    /** Change orders asked about per request: 50 RefNbrs of 6–15 characters keep the URL around 2 KB. */
    static final int BATCH = 50;
    private static final Query WITH_LINES = Query.expand("Commitments");

    private final AcumaticaClient client;
    private final AcumaticaConnector connector;

    AcumaticaChangeOrders(AcumaticaClient client, AcumaticaConnector connector) {
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
    public ErpDocument insert(ChangeOrderExport payload) {
        return connector.call("change order", () -> document(api().insert(draft(payload))));
    }

    @Override
    public ErpDocument release(ErpDocument document) {
        return connector.call("change order", () -> {
            String ref = document.key();
            String status = document.status() == null ? ChangeOrder.STATUS_ON_HOLD : document.status();
            if (ChangeOrder.STATUS_ON_HOLD.equals(status)) {
                api().removeFromHold(ref);
                status = ChangeOrder.STATUS_OPEN;
            }
            if (ChangeOrder.STATUS_PENDING_APPROVAL.equals(status)) {
                throw new ErpRejectedException("Change order " + ref + " is waiting for approval in "
                        + connector.erpName() + "; it can be released once approved there");
            }
            if (ChangeOrder.STATUS_OPEN.equals(status)) {
                try {
                    api().release(ref);
                } catch (com.crosswalk.acumatica.client.AcumaticaValidationException e) {
                    ChangeOrder now = api().get(ref).orElse(null);
                    if (now != null && ChangeOrder.STATUS_PENDING_APPROVAL.equals(now.status())) {
                        throw new ErpRejectedException("Change order " + ref + " is waiting for approval in "
                                + connector.erpName() + "; it can be released once approved there", e);
                    }
                    throw e;
                }
            }
            return new ErpDocument(ref, document.erpId(), document.externalRef(), ErpDocument.Stage.RELEASED,
                    ChangeOrder.STATUS_CLOSED, document.content());
        });
    }

    @Override
    public ErpDocument park(ErpDocument document) {
        return connector.call("change order", () -> {
            // the status we saw may be stale (a release taken off hold first): ask for the hold; the client counts it
            // done when the change order is On Hold, whatever the ERP says of an action it need not take
            api().hold(document.key());
            return new ErpDocument(document.key(), document.erpId(), document.externalRef(),
                    ErpDocument.Stage.UNRELEASED, ChangeOrder.STATUS_ON_HOLD, document.content());
        });
    }

    @Override
    public void remove(ErpDocument document) {
        connector.call("change order", () -> {
            if (document.stage() != ErpDocument.Stage.UNRELEASED) {
                throw new IllegalArgumentException("only an unreleased change order can be removed: " + document);
            }
            if (!ChangeOrder.STATUS_ON_HOLD.equals(document.status())) {
                api().hold(document.key()); // PM308000: only an On Hold change order can be deleted
            }
            api().delete(document.key());
            return null;
        });
    }

    // ---- content ------------------------------------------------------------------------------------------------

    /** The change order Acumatica should hold for this payload (what {@link #insert} sends). */
    private ChangeOrder draft(ChangeOrderExport co) {
        return ChangeOrder.draft(co.projectKey(), connector.changeOrderClass(), co.date(), description(co),
                co.externalRef(), connector.commitmentLines(co));
    }

    static String description(ChangeOrderExport co) {
        String d = co.number() + " " + co.title();
        return d.length() > 255 ? d.substring(0, 255) : d;
    }

    /**
     * Compared: project, class, date, description, our key, and the lines as a set — each line's kind (Update / New
     * Line), subcontract or order (type and number), the line it updates (an Update's; a New Line's number is given by
     * Acumatica on release), amount, description, cost code (when we sent one), and a New Line's quantity and unit
     * cost. Project task and the amounts Acumatica derives (line amount before/after) are its own.
     */
    @Override
    public List<Difference> differences(ChangeOrderExport payload, ErpDocument document) {
        ChangeOrder found = (ChangeOrder) document.content();
        ChangeOrder ours = draft(payload);
        List<Difference> out = new ArrayList<>();
        field(out, "project", ours.projectId(), found.projectId(), true);
        field(out, "class", ours.classId(), found.classId(), true);
        field(out, "date", Objects.toString(ours.changeDate(), null), Objects.toString(found.changeDate(), null), false);
        field(out, "description", ours.description(), found.description(), false);
        field(out, "external reference", ours.externalRefNbr(), found.externalRefNbr(), true);
        List<LineKey> mine = ours.commitments().stream().map(LineKey::of).sorted().toList();
        List<LineKey> theirs = found.commitments() == null ? List.of()
                : found.commitments().stream().map(LineKey::of).sorted().toList();
        if (!mine.equals(theirs)) {
            List<LineKey> missing = new ArrayList<>(mine);
            theirs.forEach(missing::remove);
            List<LineKey> extra = new ArrayList<>(theirs);
            mine.forEach(extra::remove);
            int n = Math.max(missing.size(), extra.size());
            for (int i = 0; i < n; i++) {
                out.add(new Difference("commitment line", i < missing.size() ? missing.get(i).toString() : null,
                        i < extra.size() ? extra.get(i).toString() : null));
            }
        }
        return out;
    }

    /** A Commitments line as compared: what we send and Acumatica keeps. */
    record LineKey(String kind, String poType, String poNbr, Integer poLineNbr, BigDecimal amount, String description,
            String costCode, BigDecimal qty, BigDecimal unitCost) implements Comparable<LineKey> {

        static LineKey of(ChangeOrderCommitmentLine l) {
            boolean update = ChangeOrderCommitmentLine.LINE_UPDATE.equals(l.lineType());
            return new LineKey(l.lineType(), norm(l.poType()), norm(l.poNbr()), update ? l.poLineNbr() : null,
                    scale(l.amount(), 2), l.description() == null ? "" : l.description().strip(), norm(l.costCode()),
                    update ? null : scale(l.qty(), 4), update ? null : scale(l.unitCost(), 4));
        }

        private static final Comparator<LineKey> ORDER = Comparator
                .comparing(LineKey::kind, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
                .thenComparing(LineKey::poType, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
                .thenComparing(LineKey::poNbr, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
                .thenComparing(LineKey::poLineNbr, Comparator.nullsLast(Comparator.<Integer>naturalOrder()))
                .thenComparing(LineKey::amount, Comparator.nullsFirst(Comparator.<BigDecimal>naturalOrder()))
                .thenComparing(LineKey::description);

        @Override
        public int compareTo(LineKey o) {
            return ORDER.compare(this, o);
        }

        @Override
        public String toString() {
            return kind + " " + poType + " " + poNbr + (poLineNbr == null ? "" : " line " + poLineNbr) + ": "
                    + (amount == null ? "no amount" : amount.toPlainString())
                    + (qty == null ? "" : " (" + qty.stripTrailingZeros().toPlainString() + " × "
                    + (unitCost == null ? "?" : unitCost.stripTrailingZeros().toPlainString()) + ")")
                    + (description.isEmpty() ? "" : " '" + description + "'")
                    + (costCode == null ? "" : " cost code " + costCode);
        }
    }

    private static String norm(String s) {
        return s == null || s.isBlank() ? null : s.strip().toUpperCase(Locale.ROOT);
    }

    private static BigDecimal scale(BigDecimal v, int scale) {
        return v == null ? null : v.setScale(scale, java.math.RoundingMode.HALF_UP);
    }

    private static void field(List<Difference> out, String name, String ours, String theirs, boolean caseless) {
        String a = ours == null || ours.isBlank() ? null : ours.strip();
        String b = theirs == null || theirs.isBlank() ? null : theirs.strip();
        boolean same = caseless ? (a == null ? b == null : a.equalsIgnoreCase(b)) : Objects.equals(a, b);
        if (!same) {
            out.add(new Difference(name, a, b));
        }
    }

    static ErpDocument document(ChangeOrder co) {
        ErpDocument.Stage stage;
        if (co.isReversed() || co.isReversal() || ChangeOrder.STATUS_CANCELED.equals(co.status())
                || ChangeOrder.STATUS_REJECTED.equals(co.status())) {
            stage = ErpDocument.Stage.VOID;
        } else if (co.isReleased()) {
            stage = ErpDocument.Stage.RELEASED;
        } else {
            stage = ErpDocument.Stage.UNRELEASED;
        }
        String status = co.status() == null ? ChangeOrder.STATUS_ON_HOLD : co.status();
        if (co.isReversed()) {
            status = status + ", reversed";
        }
        return new ErpDocument(co.refNbr(), co.id(), co.externalRefNbr(), stage, status, co);
    }

    // ---- presence and drift ----------------------------------------------------------------------------------

    @Override
    public int checkBatchSize() {
        return BATCH;
    }

    @Override
    public ErpFinding check(ErpRecordRef linked, ChangeOrderExport exported) {
        Map<ErpRecordRef, ChangeOrderExport> one = new LinkedHashMap<>();
        one.put(linked, exported);
        return check(one).get(linked);
    }

    /**
     * Per 50 change orders one {@code GET ChangeOrder?$filter=RefNbr eq 'a' or …&$expand=Commitments}; then, for all
     * the reversed ones together, one request for their reversals (with lines): up to 50 by {@code OriginalCORefNbr eq
     * … or …}, more by the range {@code OriginalCORefNbr ge 'first' and OriginalCORefNbr le 'last'} ($filter follows
     * the OData URI conventions, comparison operators included; reversals of change orders outside the set are
     * ignored). So the 200 change orders of a bulk unlink cost at most 5 requests, not 8.
     */
    @Override
    public Map<ErpRecordRef, ErpFinding> check(Map<ErpRecordRef, ChangeOrderExport> linked) {
        return connector.call("change order", () -> checkAll(new ArrayList<>(linked.keySet()), linked::get));
    }

    private Map<ErpRecordRef, ErpFinding> checkAll(List<ErpRecordRef> refs,
            Function<ErpRecordRef, ChangeOrderExport> exported) {
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
        if (!reversed.isEmpty()) {
            Filter filter;
            if (reversed.size() <= BATCH) {
                filter = Filter.anyOf("OriginalCORefNbr", reversed);
            } else {
                List<String> sorted = reversed.stream().sorted(String.CASE_INSENSITIVE_ORDER).toList();
                filter = Filter.ge("OriginalCORefNbr", sorted.get(0))
                        .and(Filter.le("OriginalCORefNbr", sorted.get(sorted.size() - 1)));
            }
            Set<String> wanted = new HashSet<>(reversed);
            for (ChangeOrder rev : api().list(WITH_LINES.where(filter))) {
                if (rev.isReleased() && rev.originalCoRefNbr() != null && wanted.contains(rev.originalCoRefNbr())) {
                    releasedReversals.computeIfAbsent(rev.originalCoRefNbr(), k -> new ArrayList<>()).add(rev);
                }
            }
        }
        Map<ErpRecordRef, ErpFinding> out = new LinkedHashMap<>();
        for (ErpRecordRef ref : refs) {
            out.put(ref, finding(found.get(ref.key()), releasedReversals.getOrDefault(ref.key(), List.of()),
                    exported.apply(ref)));
        }
        return out;
    }

    private ErpFinding finding(ChangeOrder co, List<ChangeOrder> releasedReversals, ChangeOrderExport exported) {
        if (co == null || ChangeOrder.STATUS_CANCELED.equals(co.status())) {
            return ErpFinding.of(ErpPresence.GONE);
        }
        if (co.isReversed()) {
            if (releasedReversals.isEmpty()) {
                return ErpFinding.of(ErpPresence.REVERSAL_PENDING);
            }
            List<Difference> left = remainder(co, releasedReversals);
            return left.isEmpty() ? ErpFinding.of(ErpPresence.GONE) : new ErpFinding(ErpPresence.CHANGED, left);
        }
        if (exported == null) {
            return ErpFinding.of(ErpPresence.PRESENT); // linked without a payload (linked by hand): presence only
        }
        List<Difference> diff = differences(exported, document(co));
        return diff.isEmpty() ? ErpFinding.of(ErpPresence.PRESENT) : new ErpFinding(ErpPresence.CHANGED, diff);
    }

    /** What a partial reversal leaves on each commitment line: the original's amount plus the released reversals'. */
    private static List<Difference> remainder(ChangeOrder co, List<ChangeOrder> reversals) {
        Map<String, BigDecimal> original = net(List.of(co));
        Map<String, BigDecimal> net = net(reversals);
        List<Difference> out = new ArrayList<>();
        original.forEach((line, amount) -> {
            BigDecimal left = amount.add(net.getOrDefault(line, BigDecimal.ZERO));
            if (left.signum() != 0) {
                out.add(new Difference(line + " amount after the released reversal", "0.00 (reversed)",
                        left.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString()));
            }
        });
        return out;
    }

    private static Map<String, BigDecimal> net(List<ChangeOrder> cos) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        for (ChangeOrder co : cos) {
            if (co.commitments() == null) {
                continue;
            }
            for (ChangeOrderCommitmentLine l : co.commitments()) {
                String line = l.poType() + " " + l.poNbr() + " line " + l.poLineNbr();
                out.merge(line, l.amount() == null ? BigDecimal.ZERO : l.amount(), BigDecimal::add);
            }
        }
        return out;
    }
}
