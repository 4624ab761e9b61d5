package com.crosswalk.erp.acumatica;

import com.crosswalk.acumatica.client.AcumaticaClient;
import com.crosswalk.acumatica.client.PayablesApi;
import com.crosswalk.acumatica.client.model.Bill;
import com.crosswalk.acumatica.client.model.Bill.BillApplication;
import com.crosswalk.acumatica.client.model.Bill.BillLine;
import com.crosswalk.acumatica.client.model.Check;
import com.crosswalk.acumatica.client.query.Filter;
import com.crosswalk.acumatica.client.query.Query;
import com.crosswalk.erp.connector.Difference;
import com.crosswalk.erp.connector.ErpConnector.BillPayments;
import com.crosswalk.erp.connector.ErpDocument;
import com.crosswalk.erp.connector.ErpDocuments;
import com.crosswalk.erp.connector.ErpFinding;
import com.crosswalk.erp.connector.ErpPresence;
import com.crosswalk.erp.connector.ErpRecordRef;
import com.crosswalk.erp.connector.RequisitionExport;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Our subcontractor invoices as Acumatica AP bills (Bills and Adjustments, AP301000): inserted On Hold with one
 * {@code Details} line per billed amount, each linked to the subcontract (or purchase order) line it bills through
 * {@code POOrderType}/{@code POOrderNbr}/{@code POLine}, our key in {@code VendorRef}; released by Remove Hold (a PUT of
 * {@code Hold} false: Balanced) and {@code ReleaseBill} (Open).
 *
 * <p>Materials presently stored: a line of their own per SOV line (the change of stored materials since the previous
 * application), beside the work line. AP301000 (Details tab): "An AP document may contain line items or one summary
 * line; follow your company's internal agreements" — Acumatica has no stored-materials field on a bill, and separate
 * lines keep the two amounts, and the retainage Acumatica applies to each, visible in the ERP.
 *
 * <p>Retainage is Acumatica's: it applies the subcontract's retainage % to each linked line (AP301000 Retained Amount,
 * Apply Retainage). The Default endpoint's Bill has no retainage field, so the content check reads it as Detail
 * Total − Amount (Amount = "the amount of the document after taxes and discounts", the retained amount excluded) and
 * compares it, and the amount, with the figures Crosswalk computed.
 *
 * <p>Stages: On Hold / Balanced = unreleased (AP301000: editable and deletable until released); Open / Closed =
 * released; a debit adjustment, or a bill its reversing debit adjustment was applied to, = void. Presence: gone when
 * Acumatica has no such bill or its reversing debit adjustment is released; reversal pending while that debit
 * adjustment is unreleased; a paid bill is present, with the words that the payment must be voided first.
 *
 * <p>Retainage release invoices: {@code ReleaseRetainage} ({@code AmtToRelease}) on each released bill whose retainage
 * the invoice releases; Acumatica creates a retainage bill per released bill (AP301000, Release Retainage command:
 * "the retainage bill is created in the system"; the emulator marks it by its Description "Retainage of bill N", as
 * the Default endpoint has no Retainage Document field). Our key: AP301000's Release Retainage dialog has a "Retainage
 * Vendor Ref.: the reference number the vendor has assigned to the retainage bill", but the Default endpoint's
 * ReleaseRetainage action takes only AmtToRelease, Date and PostPeriod — so the retainage bill, created unreleased and
 * therefore editable ("You can edit bills … until they have been released"), gets our key as its Vendor Ref. by a PUT
 * before it is released. The retainage bills of one invoice are one ERP document here ({@link RetainageBills}; key
 * their ReferenceNbrs joined by {@code +}). A retried export never releases twice: per released bill, a retainage
 * bill carrying our key is kept; one still carrying the released bill's Vendor Ref. (an attempt interrupted between
 * the action and the PUT) is adopted when it holds the amount, else deleted (it is unreleased); only then, and only
 * when neither exists, ReleaseRetainage — whose unknown outcome is judged by reading the bills again, never re-sent.
 */
final class AcumaticaBills implements ErpDocuments<RequisitionExport> {

    static final int BATCH = 50;
    private static final String REVERSAL_PREFIX = "Reversal of bill ";
    private static final String RETAINAGE_PREFIX = "Retainage of bill ";

    private final AcumaticaClient client;
    private final AcumaticaConnector connector;

    AcumaticaBills(AcumaticaClient client, AcumaticaConnector connector) {
        this.client = client;
        this.connector = connector;
    }

    private PayablesApi api() {
        return client.payables();
    }

    @Override
    public String noun() {
        return "bill";
    }

    @Override
    public List<ErpDocument> findByExternalRefs(List<String> externalRefs) {
        if (externalRefs.isEmpty()) {
            return List.of();
        }
        return connector.call("bill", () -> {
            List<Bill> all = api().billsByVendorRef(new LinkedHashSet<>(externalRefs));
            List<ErpDocument> out = new ArrayList<>();
            Map<String, List<Bill>> tagged = new LinkedHashMap<>();
            for (Bill b : all) {
                if (isRetainageBill(b) && !carriesSourceRef(b, all) && !Bill.TYPE_DEBIT_ADJ.equals(b.type())) {
                    tagged.computeIfAbsent(b.vendorRef(), k -> new ArrayList<>()).add(b);
                } else {
                    out.add(document(b));
                }
            }
            tagged.forEach((ref, bills) -> out.add(retainageDocument(ref, bills)));
            return out;
        });
    }

    /** The content of a retainage release invoice's ERP document: the retainage bills carrying our key. */
    record RetainageBills(List<Bill> bills) {
    }

    static boolean isRetainageBill(Bill b) {
        return Bill.TYPE_BILL.equals(b.type()) && b.description() != null && b.description().startsWith(RETAINAGE_PREFIX);
    }

    /** The bill whose retainage a retainage bill released (its Description "Retainage of bill N"). */
    static String sourceOf(Bill retainageBill) {
        return retainageBill.description().substring(RETAINAGE_PREFIX.length()).strip();
    }

    /** A retainage bill still carrying the Vendor Ref. of the bill it released (not yet given our key). */
    private static boolean carriesSourceRef(Bill rb, List<Bill> all) {
        String source = sourceOf(rb);
        return all.stream().anyMatch(b -> source.equals(b.referenceNbr()) && Bill.TYPE_BILL.equals(b.type())
                && Objects.equals(b.vendorRef(), rb.vendorRef()));
    }

    private static boolean isVoid(Bill b) {
        return reversedBy(b, Bill.TYPE_DEBIT_ADJ);
    }

    /** One ERP document for the retainage bills of one release: released when all live ones are, void when none is. */
    static ErpDocument retainageDocument(String externalRef, List<Bill> bills) {
        List<Bill> sorted = bills.stream().sorted(java.util.Comparator.comparing(Bill::referenceNbr)).toList();
        List<Bill> live = sorted.stream().filter(b -> !isVoid(b)).toList();
        ErpDocument.Stage stage = live.isEmpty() ? ErpDocument.Stage.VOID
                : live.stream().allMatch(Bill::isReleased) ? ErpDocument.Stage.RELEASED : ErpDocument.Stage.UNRELEASED;
        List<Bill> named = live.isEmpty() ? sorted : live;
        String key = String.join("+", named.stream().map(Bill::referenceNbr).toList());
        String status = String.join(", ", named.stream().map(b -> b.status() == null ? Bill.STATUS_ON_HOLD : b.status())
                .distinct().toList()) + (live.isEmpty() ? ", reversed" : "");
        return new ErpDocument(key, named.get(0).id(), externalRef, stage, status, new RetainageBills(live));
    }

    @Override
    public ErpDocument insert(RequisitionExport payload) {
        if (payload.isRetainageRelease()) {
            return connector.call("bill", () -> releaseRetainage(payload));
        }
        return connector.call("bill", () -> document(api().insert(draft(payload))));
    }

    /** Per released bill: keep ours, adopt or delete an interrupted attempt's, else ReleaseRetainage; then our key. */
    private ErpDocument releaseRetainage(RequisitionExport p) {
        List<String> refs = new ArrayList<>();
        refs.add(p.externalRef());
        p.releases().forEach(r -> refs.add(r.billExternalRef()));
        List<Bill> all = api().billsByVendorRef(new LinkedHashSet<>(refs));
        for (RequisitionExport.Release rel : p.releases()) {
            boolean ours = all.stream().anyMatch(b -> isRetainageBill(b) && rel.billKey().equals(sourceOf(b))
                    && p.externalRef().equals(b.vendorRef()) && !isVoid(b));
            if (ours) {
                continue;
            }
            Bill found = null;
            for (Bill u : untagged(all, rel)) {
                if (found == null && u.amount() != null && u.amount().compareTo(rel.amount()) == 0) {
                    found = u;
                } else {
                    api().delete(Bill.TYPE_BILL, u.referenceNbr());
                }
            }
            if (found == null) {
                api().releaseRetainage(rel.billKey(), rel.amount(), null,
                        () -> !untagged(api().billsByVendorRef(List.of(rel.billExternalRef())), rel).isEmpty());
                found = untagged(api().billsByVendorRef(List.of(rel.billExternalRef())), rel).stream()
                        .max(java.util.Comparator.comparing(Bill::referenceNbr))
                        .orElseThrow(() -> new com.crosswalk.erp.connector.ErpRejectedException(connector.erpName()
                                + " made no retainage bill for bill " + rel.billKey()));
            }
            api().setVendorRef(Bill.TYPE_BILL, found.referenceNbr(), p.externalRef());
        }
        List<Bill> mine = api().billsByVendorRef(List.of(p.externalRef())).stream()
                .filter(b -> isRetainageBill(b) && !Bill.TYPE_DEBIT_ADJ.equals(b.type())).toList();
        if (mine.isEmpty()) {
            throw new com.crosswalk.erp.connector.ErpRejectedException(connector.erpName() + " holds no retainage bill of "
                    + p.externalRef());
        }
        return retainageDocument(p.externalRef(), mine);
    }

    /** Unreleased retainage bills of the released bill still carrying its Vendor Ref. (an interrupted attempt's). */
    private static List<Bill> untagged(List<Bill> all, RequisitionExport.Release rel) {
        return all.stream().filter(b -> isRetainageBill(b) && rel.billKey().equals(sourceOf(b))
                && rel.billExternalRef().equals(b.vendorRef()) && !b.isReleased() && !isVoid(b)).toList();
    }

    @Override
    public ErpDocument release(ErpDocument document) {
        if (document.content() instanceof RetainageBills rb) {
            return connector.call("bill", () -> {
                for (Bill b : rb.bills()) {
                    if (b.isReleased()) continue;
                    if (Bill.STATUS_ON_HOLD.equals(b.status())) api().removeHold(Bill.TYPE_BILL, b.referenceNbr());
                    api().release(Bill.TYPE_BILL, b.referenceNbr());
                }
                return new ErpDocument(document.key(), document.erpId(), document.externalRef(), ErpDocument.Stage.RELEASED,
                        Bill.STATUS_OPEN, document.content());
            });
        }
        return connector.call("bill", () -> {
            String status = document.status() == null ? Bill.STATUS_ON_HOLD : document.status();
            if (Bill.STATUS_ON_HOLD.equals(status)) {
                api().removeHold(Bill.TYPE_BILL, document.key());
            }
            api().release(Bill.TYPE_BILL, document.key());
            return new ErpDocument(document.key(), document.erpId(), document.externalRef(), ErpDocument.Stage.RELEASED,
                    Bill.STATUS_OPEN, document.content());
        });
    }

    @Override
    public ErpDocument park(ErpDocument document) {
        if (document.content() instanceof RetainageBills rb) {
            return connector.call("bill", () -> {
                for (Bill b : rb.bills()) {
                    if (!b.isReleased()) api().hold(Bill.TYPE_BILL, b.referenceNbr());
                }
                return new ErpDocument(document.key(), document.erpId(), document.externalRef(), ErpDocument.Stage.UNRELEASED,
                        Bill.STATUS_ON_HOLD, document.content());
            });
        }
        return connector.call("bill", () -> {
            api().hold(Bill.TYPE_BILL, document.key());
            return new ErpDocument(document.key(), document.erpId(), document.externalRef(), ErpDocument.Stage.UNRELEASED,
                    Bill.STATUS_ON_HOLD, document.content());
        });
    }

    @Override
    public void remove(ErpDocument document) {
        connector.call("bill", () -> {
            if (document.stage() != ErpDocument.Stage.UNRELEASED) {
                throw new IllegalArgumentException("only an unreleased bill can be removed: " + document);
            }
            if (document.content() instanceof RetainageBills rb) {
                // the unreleased ones; a released one stays and is kept by the next attempt (never released twice)
                for (Bill b : rb.bills()) {
                    if (!b.isReleased()) api().delete(Bill.TYPE_BILL, b.referenceNbr());
                }
                return null;
            }
            api().delete(Bill.TYPE_BILL, document.key());
            return null;
        });
    }

    // ---- content ------------------------------------------------------------------------------------------------

    private Bill draft(RequisitionExport r) {
        String[] po = poOf(r);
        List<BillLine> lines = new ArrayList<>();
        for (RequisitionExport.Line l : r.lines()) {
            lines.add(BillLine.linked(po[0], po[1], l.commitmentLineNumber(), l.description(), l.amount()));
        }
        return Bill.draft(r.vendorKey(), r.externalRef(), description(r), r.billingDate(), lines);
    }

    static String description(RequisitionExport r) {
        String d = r.description();
        return d.length() > 255 ? d.substring(0, 255) : d;
    }

    /** POOrderType and POOrderNbr of the commitment: Subcontract, or the purchase order's type ("Normal/PO0001"). */
    static String[] poOf(RequisitionExport r) {
        if (!"purchase_order".equals(r.commitmentKind())) {
            return new String[] {AcumaticaConnector.PO_TYPE_SUBCONTRACT, r.commitmentKey()};
        }
        String key = r.commitmentKey();
        int slash = key.indexOf('/');
        return slash < 0 ? new String[] {AcumaticaConnector.PO_TYPE_NORMAL, key}
                : new String[] {key.substring(0, slash), key.substring(slash + 1)};
    }

    /**
     * Compared: type, vendor, our key, date, description, the lines as a set (subcontract/PO line, amount,
     * description), the amount (current payment due) and the retainage (Detail Total − Amount). Project, task and cost
     * code are taken by Acumatica from the subcontract line.
     */
    @Override
    public List<Difference> differences(RequisitionExport payload, ErpDocument document) {
        if (payload.isRetainageRelease() || document.content() instanceof RetainageBills) {
            if (!(document.content() instanceof RetainageBills rb)) {
                return List.of(new Difference("document", "retainage bills", "bill " + document.key()));
            }
            if (!payload.isRetainageRelease()) {
                return List.of(new Difference("document", "bill", "retainage bills " + document.key()));
            }
            return releaseDifferences(payload, rb.bills());
        }
        Bill found = (Bill) document.content();
        List<Difference> out = new ArrayList<>();
        field(out, "type", Bill.TYPE_BILL, found.type());
        field(out, "vendor", norm(payload.vendorKey()), norm(found.vendor()));
        field(out, "vendor reference (our key)", payload.externalRef(), found.vendorRef());
        field(out, "date", Objects.toString(payload.billingDate(), null), Objects.toString(found.date(), null));
        field(out, "description", description(payload), found.description() == null ? null : found.description().strip());
        String[] po = poOf(payload);
        List<String> mine = new ArrayList<>();
        for (RequisitionExport.Line l : payload.lines()) {
            mine.add(lineText(po[0], po[1], l.commitmentLineNumber(), l.amount(), l.description()));
        }
        List<String> theirs = new ArrayList<>();
        BigDecimal detailTotal = BigDecimal.ZERO;
        if (found.details() != null) {
            for (BillLine l : found.details()) {
                theirs.add(lineText(l.poOrderType(), l.poOrderNbr(), l.poLine(), l.amount(), l.description()));
                detailTotal = detailTotal.add(l.amount() == null ? BigDecimal.ZERO : l.amount());
            }
        }
        List<String> a = mine.stream().sorted().toList();
        List<String> b = theirs.stream().sorted().toList();
        if (!a.equals(b)) {
            List<String> missing = new ArrayList<>(a);
            b.forEach(missing::remove);
            List<String> extra = new ArrayList<>(b);
            a.forEach(extra::remove);
            for (int i = 0; i < Math.max(missing.size(), extra.size()); i++) {
                out.add(new Difference("bill line", i < missing.size() ? missing.get(i) : null,
                        i < extra.size() ? extra.get(i) : null));
            }
        }
        BigDecimal amount = found.amount();
        money(out, "amount (current payment due)", payload.amountDue(), amount);
        money(out, "retainage", payload.retainage(), amount == null ? null : detailTotal.subtract(amount));
        return out;
    }

    /**
     * Compared for a retainage release: per released bill, one retainage bill of the vendor carrying our key, whose
     * amount is what the invoice releases of that bill; and the total (the invoice's current payment due).
     */
    private static List<Difference> releaseDifferences(RequisitionExport payload, List<Bill> bills) {
        List<Difference> out = new ArrayList<>();
        List<String> mine = new ArrayList<>();
        for (RequisitionExport.Release r : payload.releases()) {
            mine.add("retainage of bill " + r.billKey() + ": " + r.amount().setScale(2, RoundingMode.HALF_UP).toPlainString());
        }
        List<String> theirs = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (Bill b : bills) {
            theirs.add("retainage of bill " + sourceOf(b) + ": " + (b.amount() == null ? "no amount"
                    : b.amount().setScale(2, RoundingMode.HALF_UP).toPlainString()));
            total = total.add(b.amount() == null ? BigDecimal.ZERO : b.amount());
            field(out, "vendor of retainage bill " + b.referenceNbr(), norm(payload.vendorKey()), norm(b.vendor()));
            field(out, "vendor reference (our key) of retainage bill " + b.referenceNbr(), payload.externalRef(), b.vendorRef());
        }
        List<String> a = mine.stream().sorted().toList();
        List<String> t = theirs.stream().sorted().toList();
        if (!a.equals(t)) {
            List<String> missing = new ArrayList<>(a);
            t.forEach(missing::remove);
            List<String> extra = new ArrayList<>(t);
            a.forEach(extra::remove);
            for (int i = 0; i < Math.max(missing.size(), extra.size()); i++) {
                out.add(new Difference("retainage bill", i < missing.size() ? missing.get(i) : null,
                        i < extra.size() ? extra.get(i) : null));
            }
        }
        money(out, "retainage released (current payment due)", payload.amountDue(), total);
        return out;
    }

    private static String lineText(String poType, String poNbr, Integer line, BigDecimal amount, String description) {
        return norm(poType) + " " + norm(poNbr) + " line " + line + ": "
                + (amount == null ? "no amount" : amount.setScale(2, RoundingMode.HALF_UP).toPlainString())
                + (description == null || description.isBlank() ? "" : " '" + description.strip() + "'");
    }

    private static void money(List<Difference> out, String name, BigDecimal ours, BigDecimal theirs) {
        if (ours == null && theirs == null) return;
        if (ours == null || theirs == null || ours.compareTo(theirs) != 0) {
            out.add(new Difference(name, ours == null ? null : ours.setScale(2, RoundingMode.HALF_UP).toPlainString(),
                    theirs == null ? null : theirs.setScale(2, RoundingMode.HALF_UP).toPlainString()));
        }
    }

    private static String norm(String s) {
        return s == null || s.isBlank() ? null : s.strip().toUpperCase(Locale.ROOT);
    }

    private static void field(List<Difference> out, String name, String ours, String theirs) {
        String a = ours == null || ours.isBlank() ? null : ours.strip();
        String b = theirs == null || theirs.isBlank() ? null : theirs.strip();
        if (!Objects.equals(a, b)) {
            out.add(new Difference(name, a, b));
        }
    }

    private static boolean reversedBy(Bill b, String docType) {
        return b.applications() != null && b.applications().stream().anyMatch(a -> docType.equals(a.docType()));
    }

    static ErpDocument document(Bill b) {
        ErpDocument.Stage stage;
        String status = b.status() == null ? Bill.STATUS_ON_HOLD : b.status();
        boolean retainageBill = b.description() != null && b.description().startsWith("Retainage of bill ");
        if (Bill.TYPE_DEBIT_ADJ.equals(b.type()) || reversedBy(b, Bill.TYPE_DEBIT_ADJ) || retainageBill) {
            stage = ErpDocument.Stage.VOID;
            if (!Bill.TYPE_DEBIT_ADJ.equals(b.type())) status = status + ", reversed";
        } else if (b.isReleased()) {
            stage = ErpDocument.Stage.RELEASED;
        } else {
            stage = ErpDocument.Stage.UNRELEASED;
        }
        String key = Bill.TYPE_DEBIT_ADJ.equals(b.type()) ? "debit adjustment " + b.referenceNbr() : b.referenceNbr();
        return new ErpDocument(key, b.id(), b.vendorRef(), stage, status, b);
    }

    // ---- presence and drift ----------------------------------------------------------------------------------

    @Override
    public int checkBatchSize() {
        return BATCH;
    }

    @Override
    public ErpFinding check(ErpRecordRef linked, RequisitionExport exported) {
        Map<ErpRecordRef, RequisitionExport> one = new LinkedHashMap<>();
        one.put(linked, exported);
        return check(one).get(linked);
    }

    /**
     * Per 50 bills one {@code GET Bill?$filter=VendorRef eq 'a' or …&$expand=Details,Applications}: the bills and the
     * debit adjustments reversing them (Reverse copies the Vendor Ref.) in one answer.
     */
    @Override
    public Map<ErpRecordRef, ErpFinding> check(Map<ErpRecordRef, RequisitionExport> linked) {
        return connector.call("bill", () -> {
            List<ErpRecordRef> refs = new ArrayList<>(linked.keySet());
            Map<String, Bill> bills = new HashMap<>();
            Map<String, List<Bill>> reversals = new HashMap<>();
            Map<String, List<Bill>> retainageBills = new HashMap<>();
            List<String> vendorRefs = new ArrayList<>(new LinkedHashSet<>(refs.stream()
                    .map(r -> r.externalRef() == null ? r.key() : r.externalRef()).toList()));
            for (int from = 0; from < vendorRefs.size(); from += BATCH) {
                for (Bill b : api().billsByVendorRef(vendorRefs.subList(from, Math.min(vendorRefs.size(), from + BATCH)))) {
                    if (Bill.TYPE_BILL.equals(b.type()) && !(b.description() != null && b.description().startsWith("Retainage of bill "))) {
                        bills.put(b.referenceNbr(), b);
                    } else if (b.description() != null && b.description().startsWith(REVERSAL_PREFIX)) {
                        reversals.computeIfAbsent(b.description().substring(REVERSAL_PREFIX.length()).strip(),
                                k -> new ArrayList<>()).add(b);
                    } else if (isRetainageBill(b)) {
                        retainageBills.computeIfAbsent(b.vendorRef(), k -> new ArrayList<>()).add(b);
                    }
                }
            }
            Map<ErpRecordRef, ErpFinding> out = new LinkedHashMap<>();
            for (ErpRecordRef ref : refs) {
                RequisitionExport exported = linked.get(ref);
                boolean release = exported != null ? exported.isRetainageRelease() : ref.key().contains("+")
                        || !bills.containsKey(ref.key()) && retainageBills.containsKey(ref.externalRef());
                if (release) {
                    String ours = ref.externalRef() == null ? ref.key() : ref.externalRef();
                    out.put(ref, releaseFinding(ours, retainageBills.getOrDefault(ours, List.of()), reversals, exported));
                } else {
                    out.put(ref, finding(bills.get(ref.key()), reversals.getOrDefault(ref.key(), List.of()), exported));
                }
            }
            return out;
        });
    }

    /**
     * A retainage release's retainage bills: gone when none is left (deleted before release) or each is reversed with
     * its reversal released; reversal pending while a reversal is unreleased; a paid one says so; else compared.
     */
    private ErpFinding releaseFinding(String ourKey, List<Bill> mine, Map<String, List<Bill>> reversals,
            RequisitionExport exported) {
        boolean pending = false;
        List<Bill> live = new ArrayList<>();
        for (Bill b : mine) {
            ErpFinding f = finding(b, reversals.getOrDefault(b.referenceNbr(), List.of()), null);
            if (f.presence() == ErpPresence.GONE) continue;
            if (f.presence() == ErpPresence.REVERSAL_PENDING) {
                pending = true;
                continue;
            }
            if (f.note() != null) return f;
            live.add(b);
        }
        if (live.isEmpty()) {
            return ErpFinding.of(pending ? ErpPresence.REVERSAL_PENDING : ErpPresence.GONE);
        }
        if (pending || exported == null) {
            return ErpFinding.of(ErpPresence.PRESENT);
        }
        List<Difference> diff = releaseDifferences(exported, live);
        return diff.isEmpty() ? ErpFinding.of(ErpPresence.PRESENT) : new ErpFinding(ErpPresence.CHANGED, diff);
    }

    private ErpFinding finding(Bill b, List<Bill> reversals, RequisitionExport exported) {
        if (b == null) {
            return ErpFinding.of(ErpPresence.GONE); // deleted (only possible before release)
        }
        BigDecimal reversed = BigDecimal.ZERO;
        List<String> checks = new ArrayList<>();
        if (b.applications() != null) {
            for (BillApplication a : b.applications()) {
                if (Bill.TYPE_DEBIT_ADJ.equals(a.docType())) reversed = reversed.add(a.amountPaid() == null ? BigDecimal.ZERO : a.amountPaid());
                if ("Check".equals(a.docType())) checks.add(a.referenceNbr());
            }
        }
        if (reversed.signum() != 0) {
            return b.amount() != null && reversed.compareTo(b.amount()) >= 0 ? ErpFinding.of(ErpPresence.GONE)
                    : new ErpFinding(ErpPresence.CHANGED, List.of(new Difference("amount after the released reversal",
                    "0.00 (reversed)", b.amount().subtract(reversed).toPlainString())));
        }
        if (!reversals.isEmpty()) {
            return ErpFinding.of(ErpPresence.REVERSAL_PENDING);
        }
        if (!checks.isEmpty()) {
            return ErpFinding.present("Bill " + b.referenceNbr() + " has been paid (check " + String.join(", ", checks)
                    + "). A paid bill cannot be reversed: the payment must be voided in " + connector.erpName()
                    + " first, then the bill reversed and the reversal released.");
        }
        if (exported == null) {
            return ErpFinding.of(ErpPresence.PRESENT);
        }
        List<Difference> diff = differences(exported, document(b));
        return diff.isEmpty() ? ErpFinding.of(ErpPresence.PRESENT) : new ErpFinding(ErpPresence.CHANGED, diff);
    }

    // ---- payments ------------------------------------------------------------------------------------------------

    /**
     * Payments applied to these bills: one {@code GET Bill?$filter=ReferenceNbr eq … or …&$expand=Applications} per 50
     * bills (Type Bill), then the dates and numbers of the checks applied, one {@code GET Check?$filter=…} per 50.
     */
    Map<String, BillPayments> payments(Collection<String> billKeys) {
        return connector.call("bill", () -> {
            Map<String, BillPayments> out = new LinkedHashMap<>();
            // a retainage release's key names its retainage bills joined by "+": asked one by one, added up
            List<String> keys = new ArrayList<>(new LinkedHashSet<>(billKeys.stream()
                    .flatMap(k -> java.util.Arrays.stream(k.split("\\+"))).toList()));
            Map<String, List<BillApplication>> applied = new LinkedHashMap<>();
            Map<String, BigDecimal> balances = new HashMap<>();
            for (int from = 0; from < keys.size(); from += BATCH) {
                for (Bill b : api().bills().list(Query.expand("Applications").where(Filter.eq("Type", Bill.TYPE_BILL)
                        .and(Filter.anyOf("ReferenceNbr", keys.subList(from, Math.min(keys.size(), from + BATCH))))))) {
                    balances.put(b.referenceNbr(), b.balance());
                    List<BillApplication> checks = b.applications() == null ? List.of()
                            : b.applications().stream().filter(a -> "Check".equals(a.docType())).toList();
                    if (!checks.isEmpty()) applied.put(b.referenceNbr(), checks);
                }
            }
            List<String> checkNbrs = applied.values().stream().flatMap(List::stream).map(BillApplication::referenceNbr)
                    .distinct().toList();
            Map<String, Check> checks = new HashMap<>();
            for (int from = 0; from < checkNbrs.size(); from += BATCH) {
                for (Check c : api().checks(Query.filter(Filter.eq("Type", "Check").and(Filter.anyOf("ReferenceNbr",
                        checkNbrs.subList(from, Math.min(checkNbrs.size(), from + BATCH))))))) {
                    checks.put(c.referenceNbr(), c);
                }
            }
            applied.forEach((bill, apps) -> {
                BigDecimal paid = BigDecimal.ZERO;
                LocalDate last = null;
                List<String> numbers = new ArrayList<>();
                for (BillApplication a : apps) {
                    paid = paid.add(a.amountPaid() == null ? BigDecimal.ZERO : a.amountPaid());
                    Check c = checks.get(a.referenceNbr());
                    String number = c == null || c.paymentRef() == null || c.paymentRef().isBlank() ? a.referenceNbr() : c.paymentRef();
                    numbers.add(number);
                    if (c != null && c.applicationDate() != null && (last == null || c.applicationDate().isAfter(last))) {
                        last = c.applicationDate();
                    }
                }
                out.put(bill, new BillPayments(paid, last, String.join(", ", numbers), balances.get(bill)));
            });
            for (String composite : billKeys) {
                if (!composite.contains("+")) continue;
                BigDecimal paid = BigDecimal.ZERO, balance = BigDecimal.ZERO;
                LocalDate last = null;
                List<String> numbers = new ArrayList<>();
                boolean any = false;
                for (String part : composite.split("\\+")) {
                    BigDecimal bal = balances.get(part);
                    if (bal != null) balance = balance.add(bal);
                    BillPayments p = out.get(part);
                    if (p == null) continue;
                    any = true;
                    paid = paid.add(p.amountPaid());
                    if (p.lastPaid() != null && (last == null || p.lastPaid().isAfter(last))) last = p.lastPaid();
                    numbers.add(p.checkNumbers());
                }
                if (any) out.put(composite, new BillPayments(paid, last, String.join(", ", numbers), balance));
            }
            return out;
        });
    }
}
