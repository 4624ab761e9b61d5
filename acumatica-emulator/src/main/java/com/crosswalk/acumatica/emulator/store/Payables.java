package com.crosswalk.acumatica.emulator.store;

import com.crosswalk.acumatica.emulator.store.JsonCodec.Errors;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Accounts payable: the Bill entity (form Bills and Adjustments, AP301000) and the Check entity (Checks and Payments,
 * AP302000). Called by {@link Store} under its write lock. Sources (Acumatica Help, repository
 * Acumatica/Acumatica-AI-Resources, Documentation/UserGuide): {@code AP_30_10_00.md} (AP301000) and
 * {@code AP_30_20_00.md} (AP302000); each rule below names the passage it follows, or says it is undocumented and
 * takes the stricter reading.
 */
final class Payables {
    static final String BILL = "Bill", DEBIT_ADJ = "Debit Adj.", CHECK = "Check";
    static final String ON_HOLD = "On Hold", BALANCED = "Balanced", OPEN = "Open", CLOSED = "Closed", VOIDED = "Voided";
    /** Bill actions of the Default endpoint the emulator runs (ReleaseRetainage is declared but not emulated). */
    static final Set<String> BILL_ACTIONS = Set.of("ReleaseBill", "ReverseBill", "ReleaseRetainage");
    static final String RETAINAGE_PREFIX = "Retainage of bill ";
    static final Set<String> CHECK_ACTIONS = Set.of("ReleaseCheck", "VoidCheck");

    private final Store store;

    Payables(Store store) {
        this.store = store;
    }

    private static BigDecimal nz(BigDecimal b) {
        return b == null ? BigDecimal.ZERO : b;
    }

    private static boolean released(Rec r) {
        String s = r.str("Status");
        return OPEN.equals(s) || CLOSED.equals(s) || VOIDED.equals(s);
    }

    /** AP301000: "You can edit bills, adjustments, and prepayments until they have been released." */
    static void refuseEditOfReleased(EntityDef d, Rec existing) {
        if (released(existing)) {
            throw AcumaticaException.px("Error: The " + d.display().toLowerCase() + " " + existing.str("ReferenceNbr")
                    + " has been released (status " + existing.str("Status") + ") and cannot be edited.");
        }
    }

    /**
     * Only an unreleased document can be deleted (AP301000: edited until released; a released bill is undone by
     * Reverse). The exact refusal text is not documented: the emulator's own words.
     */
    void refuseDelete(EntityDef d, Rec r) {
        if (released(r)) {
            throw AcumaticaException.px("Error: The " + d.display().toLowerCase() + " " + r.str("ReferenceNbr")
                    + " cannot be deleted because it has been released (status " + r.str("Status") + ")."
                    + (d.name().equals("Bill") ? " A released bill can only be reversed." : ""));
        }
    }

    /** Hold on a PUT: AP301000 Remove Hold "changes the status … from On Hold to Balanced"; Hold puts it back. */
    private static void applyHold(Rec rec, JsonNode body, boolean insert) {
        JsonNode h = body.path("Hold").path("value");
        if (insert) {
            // "Hold Documents on Entry" (AP101000) is taken as selected: a new document is On Hold unless the
            // request itself says Hold = false (then Balanced, as with the setting cleared) — stricter default
            boolean hold = !(h.isBoolean() && !h.asBoolean());
            rec.set("Hold", hold).set("Status", hold ? ON_HOLD : BALANCED);
        } else if (h.isBoolean()) {
            rec.set("Hold", h.asBoolean()).set("Status", h.asBoolean() ? ON_HOLD : BALANCED);
        }
    }

    // ============================================================================================ bills
    /**
     * A bill's lines linked to subcontract (or purchase order) lines through POOrderType / POOrderNbr / POLine
     * (AP301000 Details tab: Add Subcontract / Add Subcontract Line — the vendor's open subcontracts). Each linked line
     * takes the project, task and cost code of the subcontract line; the retained amount of a line is its amount
     * times the subcontract's retainage percent (AP301000 "Retained Amount: the sum of the retained amounts of all
     * document lines"; the percent comes from the subcontract — SC301000 Retainage, applied to bills entered from
     * it; rounding to cents per line is not documented: half-up). Amount = Detail Total − Retained Amount
     * (AP301000 Amount: calculated by the system when "Validate Document Totals on Entry" is cleared; an original
     * bill with retainage is payable without its retained amount, which a retainage bill later releases).
     */
    void validateBill(Rec rec, Rec existing, JsonNode body, Errors errors, boolean insert) {
        String type = rec.str("Type");
        if (insert && !BILL.equals(type)) {
            // debit adjustments are made by ReverseBill here; credit adjustments and prepayments are not emulated
            Store.addFieldError(errors, rec, "Type", "The emulator creates only documents of the Bill type through PUT.");
        }
        applyHold(rec, body, insert);
        if (insert) {
            if (rec.get("Date") == null) rec.set("Date", JsonCodec.today());
            if (rec.get("CurrencyID") == null) rec.set("CurrencyID", "USD");
            if (rec.get("ApprovedForPayment") == null) rec.set("ApprovedForPayment", false);
        }
        String vendor = rec.str("Vendor");
        if (vendor == null || vendor.isBlank()) {
            Store.addFieldError(errors, rec, "Vendor", "'Vendor' cannot be empty.");
        } else if (store.findRec("Vendor", List.of(vendor)) == null) {
            Store.addFieldError(errors, rec, "Vendor", "Vendor '" + vendor + "' cannot be found in the system.");
        }
        // VendorRef: AP301000 — required when "Require Vendor Reference" is selected (stricter: always required for bills)
        if (BILL.equals(type) && (rec.str("VendorRef") == null || rec.str("VendorRef").isBlank())) {
            Store.addFieldError(errors, rec, "VendorRef", "'Vendor Ref.' cannot be empty.");
        }
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal retained = BigDecimal.ZERO;
        String project = null;
        boolean multiple = false;
        for (Rec l : rec.details("Details")) {
            if (l.dec("Amount") == null) {
                BigDecimal q = l.dec("Qty"), c = l.dec("UnitCost");
                l.set("Amount", q != null && c != null ? q.multiply(c) : nz(l.dec("ExtendedCost")));
            }
            if (l.dec("Qty") == null) l.set("Qty", BigDecimal.ONE);
            if (l.dec("UnitCost") == null) l.set("UnitCost", l.dec("Amount"));
            l.set("ExtendedCost", l.dec("Amount"));
            if (l.str("POOrderNbr") != null) {
                Rec doc = store.commitment(l.str("POOrderType"), l.str("POOrderNbr"));
                Rec scLine = Store.commitmentLine(doc, l.integer("POLine"));
                if (doc == null) {
                    Store.addFieldError(errors, l, "POOrderNbr", "'" + l.str("POOrderType") + " " + l.str("POOrderNbr") + "' cannot be found in the system.");
                    continue;
                }
                String docVendor = doc.str("VendorID");
                if (vendor != null && docVendor != null && !Store.norm(vendor).equals(Store.norm(docVendor))) {
                    // AP301000 Add Subcontract: only subcontracts "of the selected vendor"
                    Store.addFieldError(errors, l, "POOrderNbr", "The " + l.str("POOrderNbr") + " document belongs to vendor " + docVendor + ", not " + vendor + ".");
                    continue;
                }
                if (scLine == null) {
                    Store.addFieldError(errors, l, "POLine", "Line " + l.str("POLine") + " of " + l.str("POOrderNbr") + " cannot be found.");
                    continue;
                }
                if (l.get("Project") == null) l.set("Project", scLine.get("Project"));
                if (l.get("ProjectTask") == null) l.set("ProjectTask", scLine.type.prop("Task") != null ? scLine.get("Task") : scLine.get("ProjectTask"));
                if (l.get("CostCode") == null) l.set("CostCode", scLine.get("CostCode"));
                if (l.get("Description") == null) l.set("Description", scLine.get("Description"));
            }
            total = total.add(l.dec("Amount"));
            if (!holdsNoRetainage(rec)) retained = retained.add(lineRetainage(l));
            if (l.str("Project") != null) {
                if (project != null && !project.equals(l.str("Project"))) multiple = true;
                project = l.str("Project");
            }
        }
        // AP301000 Project: "<Multiple projects>" when the lines name several
        if (project != null) rec.set("Project", multiple ? "<Multiple projects>" : project);
        BigDecimal amount = total.subtract(retained);
        rec.set("Amount", amount).set("Balance", amount).set("TaxTotal", BigDecimal.ZERO);
    }

    /**
     * Retainage percent of the subcontract/PO line a bill line is linked to: the line's own, else the document's.
     * None when the subcontract's Apply Retainage is cleared: UG {@code SC_30_10_00} (Financial tab: Retainage Percent
     * is "the retainage percent to be specified by default in subcontract lines", editable only with Apply Retainage;
     * the lines' Retainage Percent "appears ... only if ... the Apply Retainage check box is selected"). Whether
     * Acumatica ignores a line percent sent with Apply Retainage cleared is undocumented: the stricter reading (no
     * retainage) is taken.
     */
    private BigDecimal retainagePct(Rec billLine) {
        if (billLine.str("POOrderNbr") == null) return BigDecimal.ZERO;
        Rec doc = store.commitment(billLine.str("POOrderType"), billLine.str("POOrderNbr"));
        if (doc != null && Boolean.FALSE.equals(doc.get("ApplyRetainage"))) return BigDecimal.ZERO;
        Rec line = Store.commitmentLine(doc, billLine.integer("POLine"));
        if (line != null && line.dec("RetainagePct") != null) return line.dec("RetainagePct");
        if (doc != null && doc.dec("RetainagePct") != null && !Boolean.FALSE.equals(doc.get("ApplyRetainage"))) return doc.dec("RetainagePct");
        return BigDecimal.ZERO;
    }

    private static boolean isRetainageBill(Rec bill) {
        String d = bill.str("Description");
        return d != null && d.startsWith(RETAINAGE_PREFIX);
    }

    /**
     * A retainage bill, or the debit adjustment reversing one: a retainage document, which is the withheld amount itself
     * and withholds nothing again. AP301000 (Reverse): "original and retainage debit adjustments that have been
     * created automatically when an original bill or a retainage bill was reversed"; Retainage Document: "the system
     * automatically selects this check box if the document is a bill or debit adjustment created after the retainage
     * is released". Fidelity row 80.
     */
    private boolean holdsNoRetainage(Rec doc) {
        if (isRetainageBill(doc)) return true;
        if (!DEBIT_ADJ.equals(doc.str("Type"))) return false;
        Rec orig = originalOf(doc);
        return orig != null && isRetainageBill(orig);
    }

    /** Retained amount of a released bill not yet released by retainage bills made from it. */
    BigDecimal unreleasedRetainage(Rec bill) {
        BigDecimal released = BigDecimal.ZERO;
        for (Rec other : store.records("Bill")) {
            if (BILL.equals(other.str("Type")) && (RETAINAGE_PREFIX + bill.str("ReferenceNbr")).equals(other.str("Description"))) {
                released = released.add(nz(other.dec("Amount")));
            }
        }
        return retainage(bill).subtract(released);
    }

    /**
     * AP301000 Release Retainage: "Percent to Release … Retainage to Release: the amount of the unreleased retainage
     * to be released … (As a result, the retainage bill is created in the system.)" — the action's parameters
     * {@code AmtToRelease} (default: all that is unreleased), {@code Date}. Only a released original bill (Open or
     * Closed) with unreleased retainage; more than is unreleased is refused. The retainage bill (Type Bill, Retainage
     * Document — marked here by its Description "Retainage of bill N") holds the released amount on the original's
     * lines in proportion to their retained amounts (the last line takes the rounding), same vendor and Vendor Ref.,
     * created Balanced (the dialog opens it on the form; it is released like any bill). Undocumented details (line
     * split, status on creation) follow the stricter reading.
     */
    private String releaseRetainage(Rec bill, JsonNode parameters) {
        if (!BILL.equals(bill.str("Type")) || isRetainageBill(bill) || !released(bill) || VOIDED.equals(bill.str("Status"))) {
            throw disabled("Release Retainage", bill);
        }
        BigDecimal unreleased = unreleasedRetainage(bill);
        JsonNode amt = parameters == null ? null : parameters.path("AmtToRelease").path("value");
        BigDecimal amount = amt == null || amt.isMissingNode() || amt.isNull() ? unreleased : amt.decimalValue().setScale(2, RoundingMode.HALF_UP);
        if (unreleased.signum() <= 0) {
            throw AcumaticaException.px("Error: The bill " + bill.str("ReferenceNbr") + " has no unreleased retainage.");
        }
        if (amount.signum() <= 0 || amount.compareTo(unreleased) > 0) {
            throw AcumaticaException.px("Error: The retainage to release (" + amount.toPlainString() + ") must be greater than 0 and "
                    + "not greater than the unreleased retainage (" + unreleased.toPlainString() + ").");
        }
        Rec rb = new Rec(bill.type, UUID.randomUUID());
        rb.set("Type", BILL).set("ReferenceNbr", store.newNumber("Bill")).set("Status", BALANCED).set("Hold", false)
                .set("Vendor", bill.get("Vendor")).set("VendorRef", bill.get("VendorRef")).set("CurrencyID", bill.get("CurrencyID"))
                .set("Description", RETAINAGE_PREFIX + bill.str("ReferenceNbr")).set("Project", bill.get("Project"))
                .set("ApprovedForPayment", false).set("TaxTotal", BigDecimal.ZERO)
                .set("Date", parameters != null && parameters.path("Date").hasNonNull("value") ? parameters.path("Date").path("value").asText()
                        : JsonCodec.today())
                .set("CreatedDateTime", JsonCodec.now());
        BigDecimal total = retainage(bill);
        List<Rec> src = bill.detailsOrNull("Details");
        List<Rec> dst = rb.details("Details");
        BigDecimal left = amount;
        List<Rec> retained = new ArrayList<>();
        if (src != null) for (Rec l : src) if (lineRetainage(l).signum() != 0) retained.add(l);
        for (int i = 0; i < retained.size(); i++) {
            Rec l = retained.get(i);
            BigDecimal share = i == retained.size() - 1 ? left
                    : amount.multiply(lineRetainage(l)).divide(total, 2, RoundingMode.HALF_UP);
            left = left.subtract(share);
            Rec n = new Rec(l.type, UUID.randomUUID());
            for (String f : List.of("POOrderType", "POOrderNbr", "POLine", "Project", "ProjectTask", "CostCode", "Branch", "Account")) {
                n.set(f, l.get(f));
            }
            n.set("Description", "Retainage: " + (l.str("Description") == null ? "" : l.str("Description")))
                    .set("Qty", BigDecimal.ONE).set("UnitCost", share).set("Amount", share).set("ExtendedCost", share);
            dst.add(n);
        }
        rb.set("Amount", amount).set("Balance", amount);
        store.saveRec(null, rb);
        return BILL + "/" + rb.str("ReferenceNbr");
    }

    private BigDecimal lineRetainage(Rec billLine) {
        return nz(billLine.dec("Amount")).multiply(retainagePct(billLine)).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
    }

    BigDecimal retainage(Rec bill) {
        if (holdsNoRetainage(bill)) return BigDecimal.ZERO; // a retainage document is the withheld amount itself
        BigDecimal r = BigDecimal.ZERO;
        List<Rec> ls = bill.detailsOrNull("Details");
        if (ls != null) for (Rec l : ls) r = r.add(lineRetainage(l));
        return r;
    }

    /** Billed amount of a commitment line: released bills' linked lines less released debit adjustments'. */
    BigDecimal billed(String poType, String poNbr, int line) {
        BigDecimal b = BigDecimal.ZERO;
        for (Rec bill : store.records("Bill")) {
            if (!released(bill) || holdsNoRetainage(bill)) continue; // the original bill counted the gross amount
            List<Rec> ls = bill.detailsOrNull("Details");
            if (ls == null) continue;
            for (Rec l : ls) {
                if (Store.norm(poType).equals(Store.norm(l.get("POOrderType"))) && Store.norm(poNbr).equals(Store.norm(l.get("POOrderNbr")))
                        && Objects.equals(l.integer("POLine"), line)) {
                    b = DEBIT_ADJ.equals(bill.str("Type")) ? b.subtract(nz(l.dec("Amount"))) : b.add(nz(l.dec("Amount")));
                }
            }
        }
        return b;
    }

    /** Runs a Bill or Check action on {@code r}; returns the key path of a document it created, or null. */
    String act(String entity, Rec r, String action, JsonNode parameters) {
        return switch (action) {
            case "ReleaseRetainage" -> releaseRetainage(r, parameters);
            case "ReleaseBill" -> { releaseBill(r); yield null; }
            case "ReverseBill" -> reverseBill(r);
            case "ReleaseCheck" -> { releaseCheck(r); yield null; }
            case "VoidCheck" -> { voidCheck(r); yield null; }
            default -> throw AcumaticaException.notFound("No action " + action + " on " + entity + ".");
        };
    }

    private static AcumaticaException disabled(String action, Rec r) {
        return AcumaticaException.px("Error: The " + action + " action cannot be performed for the document " + r.str("Type") + " "
                + r.str("ReferenceNbr") + " because its status is " + r.str("Status") + ".");
    }

    /**
     * AP301000 Release: "available if the document has the Balanced … status"; afterwards Open ("released and cannot be
     * edited. As payments are applied to the document, its balance decreases"). A released debit adjustment made by
     * Reverse is applied to the bill it reverses: both balances drop by its amount and a balance of 0 is Closed
     * (AP301000 Closed: "The document has a balance of 0"; the automatic application of the reversing adjustment is
     * not spelled out on the form page — inference). Subcontract lines' billed amounts follow from the released
     * bills ({@link #billed}).
     */
    private void releaseBill(Rec bill) {
        if (!BALANCED.equals(bill.str("Status"))) throw disabled("Release", bill);
        Rec copy = bill.copy();
        copy.set("Status", OPEN).set("Hold", false).set("Balance", copy.dec("Amount"));
        if (copy.dec("Amount").signum() == 0) copy.set("Status", CLOSED);
        if (DEBIT_ADJ.equals(copy.str("Type"))) {
            Rec orig = originalOf(copy);
            if (orig != null && released(orig)) {
                BigDecimal applied = nz(copy.dec("Amount")).min(nz(orig.dec("Balance")));
                Rec oc = orig.copy();
                oc.set("Balance", nz(oc.dec("Balance")).subtract(applied));
                if (oc.dec("Balance").signum() == 0) oc.set("Status", CLOSED);
                addApplication(oc, DEBIT_ADJ, copy.str("ReferenceNbr"), applied, oc.dec("Balance"), CLOSED);
                store.saveRec(orig, oc);
                copy.set("Balance", nz(copy.dec("Amount")).subtract(applied));
                if (copy.dec("Balance").signum() == 0) copy.set("Status", CLOSED);
                addApplication(copy, BILL, orig.str("ReferenceNbr"), applied, copy.dec("Balance"), oc.str("Status"));
            }
        }
        store.saveRec(bill, copy);
    }

    /** The bill a reversing debit adjustment reverses: kept in its Description ("Reversal of bill 000001"). */
    private Rec originalOf(Rec debitAdj) {
        String d = debitAdj.str("Description");
        String prefix = "Reversal of bill ";
        if (d == null || !d.startsWith(prefix)) return null;
        return store.findRec("Bill", List.of(BILL, d.substring(prefix.length()).trim()));
    }

    private static void addApplication(Rec doc, String docType, String ref, BigDecimal amountPaid, BigDecimal balance, String status) {
        EntityType lt = EntityType.of(doc.type.prop("Applications").refSchema());
        Rec a = new Rec(lt, UUID.randomUUID());
        a.set("DocType", docType).set("ReferenceNbr", ref).set("AmountPaid", amountPaid).set("Balance", balance).set("Status", status);
        doc.details("Applications").add(a);
    }

    /**
     * AP301000 Reverse: "Creates a debit adjustment with the same details as are in the selected document to reverse it."
     * Only a released bill (Open) is reversed here; a bill with a payment applied is refused until the payment is
     * voided (the Help does not say what Reverse does with applied payments — stricter reading). The debit adjustment
     * is saved On Hold (Hold Documents on Entry), with the bill's vendor, Vendor Ref. and lines.
     */
    private String reverseBill(Rec bill) {
        if (!BILL.equals(bill.str("Type"))) {
            // AP301000: "not available for … debit adjustments that have been created automatically when an original bill … was reversed"
            throw disabled("Reverse", bill);
        }
        List<String> checks = new ArrayList<>();
        List<Rec> apps = bill.detailsOrNull("Applications");
        if (apps != null) for (Rec a : apps) if (CHECK.equals(a.str("DocType"))) checks.add(a.str("ReferenceNbr"));
        if (!checks.isEmpty()) {
            throw AcumaticaException.px("Error: The bill " + bill.str("ReferenceNbr") + " has been paid by check "
                    + String.join(", ", checks) + ". Void the payment before you reverse the bill.");
        }
        if (!OPEN.equals(bill.str("Status"))) throw disabled("Reverse", bill);
        for (Rec other : store.records("Bill")) {
            if (DEBIT_ADJ.equals(other.str("Type")) && ("Reversal of bill " + bill.str("ReferenceNbr")).equals(other.str("Description"))
                    && !VOIDED.equals(other.str("Status")) && !CLOSED.equals(other.str("Status"))) {
                throw AcumaticaException.px("Error: The bill " + bill.str("ReferenceNbr") + " already has the reversing debit adjustment "
                        + other.str("ReferenceNbr") + ".");
            }
        }
        Rec adj = bill.copy();
        adj.id = UUID.randomUUID();
        adj.set("Type", DEBIT_ADJ).set("ReferenceNbr", store.newNumber("Bill")).set("Status", ON_HOLD).set("Hold", true)
                .set("Date", JsonCodec.today()).set("Description", "Reversal of bill " + bill.str("ReferenceNbr"))
                .set("Balance", bill.dec("Amount")).set("CreatedDateTime", JsonCodec.now());
        adj.set("Applications", null);
        List<Rec> ls = adj.detailsOrNull("Details");
        if (ls != null) for (Rec l : ls) l.id = UUID.randomUUID();
        store.saveRec(null, adj);
        return DEBIT_ADJ + "/" + adj.str("ReferenceNbr");
    }

    // ============================================================================================ checks
    /**
     * AP302000: a check to a vendor, with the documents it pays on the Documents to Apply tab (Details: DocType,
     * ReferenceNbr, AmountPaid). Each must be an Open bill of the same vendor and AmountPaid at most its balance
     * (AP302000 Documents to Apply: released documents with open balances of the vendor); the applied total at most
     * the payment amount; Unapplied Balance = Payment Amount − applied.
     */
    void validateCheck(Rec rec, Rec existing, JsonNode body, Errors errors, boolean insert) {
        if (insert && !CHECK.equals(rec.str("Type"))) {
            Store.addFieldError(errors, rec, "Type", "The emulator creates only documents of the Check type through PUT.");
        }
        applyHold(rec, body, insert);
        if (insert) {
            if (rec.get("ApplicationDate") == null) rec.set("ApplicationDate", JsonCodec.today());
            if (rec.get("CurrencyID") == null) rec.set("CurrencyID", "USD");
            if (rec.get("PaymentMethod") == null) rec.set("PaymentMethod", "CHECK");
        }
        String vendor = rec.str("Vendor");
        if (vendor == null || store.findRec("Vendor", List.of(vendor)) == null) {
            Store.addFieldError(errors, rec, "Vendor", vendor == null ? "'Vendor' cannot be empty." : "Vendor '" + vendor + "' cannot be found in the system.");
        }
        BigDecimal applied = BigDecimal.ZERO;
        for (Rec l : rec.details("Details")) {
            if (l.get("DocType") == null) l.set("DocType", BILL);
            Rec bill = store.findRec("Bill", List.of(l.str("DocType"), String.valueOf(l.get("ReferenceNbr"))));
            if (bill == null || !OPEN.equals(bill.str("Status"))) {
                Store.addFieldError(errors, l, "ReferenceNbr", "'" + l.str("ReferenceNbr") + "' is not an open document of the vendor that can be paid.");
                continue;
            }
            if (vendor != null && !Store.norm(vendor).equals(Store.norm(bill.get("Vendor")))) {
                Store.addFieldError(errors, l, "ReferenceNbr", "The document " + l.str("ReferenceNbr") + " belongs to another vendor.");
                continue;
            }
            if (l.dec("AmountPaid") == null) l.set("AmountPaid", bill.dec("Balance"));
            if (l.dec("AmountPaid").compareTo(nz(bill.dec("Balance"))) > 0 || l.dec("AmountPaid").signum() < 0) {
                Store.addFieldError(errors, l, "AmountPaid", "The amount paid cannot exceed the document balance (" + bill.dec("Balance").toPlainString() + ").");
            }
            l.set("Balance", nz(bill.dec("Balance")).subtract(l.dec("AmountPaid")));
            applied = applied.add(l.dec("AmountPaid"));
        }
        if (rec.dec("PaymentAmount") == null) rec.set("PaymentAmount", applied);
        if (applied.compareTo(rec.dec("PaymentAmount")) > 0) {
            Store.addFieldError(errors, rec, "PaymentAmount", "The applied amount (" + applied.toPlainString() + ") exceeds the payment amount.");
        }
        rec.set("UnappliedBalance", rec.dec("PaymentAmount").subtract(applied));
    }

    /**
     * AP302000 Release (Balanced → Open, or Closed when nothing is left unapplied): every applied bill's balance drops
     * by the amount paid and the check is listed on its Applications tab; a bill whose balance reaches 0 is Closed
     * (AP301000 Open / Closed).
     */
    private void releaseCheck(Rec check) {
        if (!BALANCED.equals(check.str("Status"))) throw disabled("Release", check);
        List<Rec> ls = check.detailsOrNull("Details");
        List<Rec[]> changes = new ArrayList<>();
        if (ls != null) {
            for (Rec l : ls) {
                Rec bill = store.findRec("Bill", List.of(l.str("DocType"), l.str("ReferenceNbr")));
                if (bill == null || !OPEN.equals(bill.str("Status")) || l.dec("AmountPaid").compareTo(nz(bill.dec("Balance"))) > 0) {
                    throw AcumaticaException.px("Error: The document " + l.str("ReferenceNbr") + " cannot be paid: it is not open or its balance is lower than the amount paid.");
                }
                Rec bc = bill.copy();
                bc.set("Balance", bill.dec("Balance").subtract(l.dec("AmountPaid")));
                if (bc.dec("Balance").signum() == 0) bc.set("Status", CLOSED);
                addApplication(bc, CHECK, check.str("ReferenceNbr"), l.dec("AmountPaid"), bc.dec("Balance"), OPEN);
                changes.add(new Rec[] {bill, bc});
            }
        }
        for (Rec[] c : changes) store.saveRec(c[0], c[1]);
        Rec copy = check.copy();
        copy.set("Status", copy.dec("UnappliedBalance").signum() == 0 ? CLOSED : OPEN).set("Hold", false);
        store.saveRec(check, copy);
    }

    /**
     * AP302000 Void: a released check is voided; the bills it paid get their balances back (Open again) and lose the
     * application. (The Help makes Void produce a Voided Check document; the emulator marks the check Voided instead —
     * a known difference.)
     */
    private void voidCheck(Rec check) {
        if (!(OPEN.equals(check.str("Status")) || CLOSED.equals(check.str("Status")))) throw disabled("Void", check);
        List<Rec> ls = check.detailsOrNull("Details");
        if (ls != null) {
            for (Rec l : ls) {
                Rec bill = store.findRec("Bill", List.of(l.str("DocType"), l.str("ReferenceNbr")));
                if (bill == null) continue;
                Rec bc = bill.copy();
                bc.set("Balance", nz(bill.dec("Balance")).add(l.dec("AmountPaid"))).set("Status", OPEN);
                List<Rec> apps = bc.detailsOrNull("Applications");
                if (apps != null) apps.removeIf(a -> CHECK.equals(a.str("DocType")) && Objects.equals(a.str("ReferenceNbr"), check.str("ReferenceNbr")));
                store.saveRec(bill, bc);
            }
        }
        Rec copy = check.copy();
        copy.set("Status", VOIDED);
        store.saveRec(check, copy);
    }
}
