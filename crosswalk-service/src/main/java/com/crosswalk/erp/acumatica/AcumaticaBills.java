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
 */
final class AcumaticaBills implements ErpDocuments<RequisitionExport> {

    static final int BATCH = 50;
    private static final String REVERSAL_PREFIX = "Reversal of bill ";

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
        return connector.call("bill", () -> api().billsByVendorRef(new LinkedHashSet<>(externalRefs)).stream()
                .map(AcumaticaBills::document).toList());
    }

    @Override
    public ErpDocument insert(RequisitionExport payload) {
        return connector.call("bill", () -> document(api().insert(draft(payload))));
    }

    @Override
    public ErpDocument release(ErpDocument document) {
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
            List<String> vendorRefs = new ArrayList<>(new LinkedHashSet<>(refs.stream()
                    .map(r -> r.externalRef() == null ? r.key() : r.externalRef()).toList()));
            for (int from = 0; from < vendorRefs.size(); from += BATCH) {
                for (Bill b : api().billsByVendorRef(vendorRefs.subList(from, Math.min(vendorRefs.size(), from + BATCH)))) {
                    if (Bill.TYPE_BILL.equals(b.type()) && !(b.description() != null && b.description().startsWith("Retainage of bill "))) {
                        bills.put(b.referenceNbr(), b);
                    } else if (b.description() != null && b.description().startsWith(REVERSAL_PREFIX)) {
                        reversals.computeIfAbsent(b.description().substring(REVERSAL_PREFIX.length()).strip(),
                                k -> new ArrayList<>()).add(b);
                    }
                }
            }
            Map<ErpRecordRef, ErpFinding> out = new LinkedHashMap<>();
            for (ErpRecordRef ref : refs) {
                out.put(ref, finding(bills.get(ref.key()), reversals.getOrDefault(ref.key(), List.of()), linked.get(ref)));
            }
            return out;
        });
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
            List<String> keys = new ArrayList<>(new LinkedHashSet<>(billKeys));
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
            return out;
        });
    }
}
