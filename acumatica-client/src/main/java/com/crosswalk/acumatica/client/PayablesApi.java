package com.crosswalk.acumatica.client;

import com.crosswalk.acumatica.client.model.Bill;
import com.crosswalk.acumatica.client.model.Check;
import com.crosswalk.acumatica.client.query.Filter;
import com.crosswalk.acumatica.client.query.Query;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * AP bills (AP301000) and checks (AP302000): the generic reads/writes plus the workflow: remove hold (a PUT of
 * {@code Hold} false), ReleaseBill, ReverseBill, ReleaseCheck, VoidCheck. Like {@link ChangeOrderApi}, an action whose
 * outcome is unknown is judged by reading the document again, never blindly re-sent.
 */
public final class PayablesApi {

    private static final Query WITH_DETAILS = Query.expand("Details");

    private final Transport transport;
    private final EntityApi<Bill> bills;
    private final EntityApi<Check> checks;

    PayablesApi(Transport transport) {
        this.transport = transport;
        this.bills = new EntityApi<>(transport, Mappers.BILL);
        this.checks = new EntityApi<>(transport, Mappers.CHECK);
    }

    public EntityApi<Bill> bills() { return bills; }

    public EntityApi<Check> checks() { return checks; }

    /** {@code GET /Bill/<type>/<nbr>?$expand=Details,Applications}, or empty. */
    public Optional<Bill> bill(String type, String referenceNbr) {
        return bills.get(Query.expand("Details,Applications"), type, referenceNbr);
    }

    /** Every bill and debit adjustment whose Vendor Ref. is one of these, with lines and applications (one request). */
    public List<Bill> billsByVendorRef(java.util.Collection<String> vendorRefs) {
        return bills.list(Query.expand("Details,Applications").where(Filter.anyOf("VendorRef", vendorRefs)));
    }

    /** Inserts a bill ({@code PUT If-None-Match:* ?$expand=Details}); it is On Hold when the draft says Hold. */
    public Bill insert(Bill draft) {
        return bills.insert(draft, WITH_DETAILS);
    }

    /** Remove Hold: {@code Hold} false (On Hold → Balanced). Repeats harmlessly. */
    public Bill removeHold(String type, String referenceNbr) {
        return bills.update(new Bill(null, type, referenceNbr, null, false, null, null, null, null, null, null, null, null));
    }

    /** Hold: {@code Hold} true (Balanced → On Hold). */
    public Bill hold(String type, String referenceNbr) {
        return bills.update(new Bill(null, type, referenceNbr, null, true, null, null, null, null, null, null, null, null));
    }

    /** ReleaseBill; done when the document is Open or Closed. */
    public void release(String type, String referenceNbr) {
        run("Bill", "ReleaseBill", type, referenceNbr,
                () -> bills.get(type, referenceNbr).map(Bill::isReleased).orElse(false));
    }

    /** ReverseBill: a debit adjustment On Hold; done when one reverses this bill (found by its Vendor Ref.). */
    public void reverse(String referenceNbr, String vendorRef) {
        run("Bill", "ReverseBill", Bill.TYPE_BILL, referenceNbr, () -> reversalsOf(referenceNbr, vendorRef).stream().findAny().isPresent());
    }

    /** The debit adjustments reversing bill {@code referenceNbr} (Description "Reversal of bill N", same Vendor Ref.). */
    public List<Bill> reversalsOf(String referenceNbr, String vendorRef) {
        return bills.list(Query.expand("Details").where(Filter.eq("Type", Bill.TYPE_DEBIT_ADJ).and(Filter.eq("VendorRef", vendorRef))))
                .stream().filter(b -> ("Reversal of bill " + referenceNbr).equals(b.description())).toList();
    }

    /**
     * ReleaseRetainage on a released bill with {@code AmtToRelease} (and {@code Date}): Acumatica creates a retainage
     * bill (AP301000 Release Retainage: "the retainage bill is created in the system"). Never re-sent blindly: when the
     * outcome is unknown, {@code done} (the caller reading the bills again) decides.
     */
    public void releaseRetainage(String referenceNbr, java.math.BigDecimal amount, java.time.LocalDate date,
            BooleanSupplier done) {
        ObjectNode p = Json.object();
        Json.put(p, "AmtToRelease", amount);
        if (date != null) Json.put(p, "Date", date);
        run("Bill", "ReleaseRetainage", Bill.TYPE_BILL, referenceNbr, p, done);
    }

    /** Sets an unreleased bill's Vendor Ref. (a PUT of {@code Type}, {@code ReferenceNbr}, {@code VendorRef}). */
    public Bill setVendorRef(String type, String referenceNbr, String vendorRef) {
        return bills.update(new Bill(null, type, referenceNbr, null, null, null, vendorRef, null, null, null, null, null, null));
    }

    /** DELETE /Bill/{type}/{nbr}: true if deleted. */
    public boolean delete(String type, String referenceNbr) {
        return bills.delete(type, referenceNbr);
    }

    /** Checks whose Details pay one of these bills (one request; {@code $expand=Details}). */
    public List<Check> checks(Query query) {
        return checks.list(query);
    }

    public Check insertCheck(Check draft) {
        return checks.insert(draft, WITH_DETAILS);
    }

    public void releaseCheck(String referenceNbr) {
        run("Check", "ReleaseCheck", "Check", referenceNbr, () -> checks.get("Check", referenceNbr)
                .map(c -> "Open".equals(c.status()) || "Closed".equals(c.status())).orElse(false));
    }

    public void voidCheck(String referenceNbr) {
        run("Check", "VoidCheck", "Check", referenceNbr, () -> checks.get("Check", referenceNbr)
                .map(c -> "Voided".equals(c.status())).orElse(false));
    }

    private void run(String entity, String action, String type, String referenceNbr, BooleanSupplier done) {
        run(entity, action, type, referenceNbr, Json.object(), done);
    }

    private void run(String entity, String action, String type, String referenceNbr, ObjectNode parameters,
            BooleanSupplier done) {
        ObjectNode e = Json.object();
        Json.put(e, "Type", type);
        Json.put(e, "ReferenceNbr", referenceNbr);
        ObjectNode body = Json.object();
        body.set("entity", e);
        body.set("parameters", parameters);
        Call call = new Call("POST", transport.config().endpointUrl() + "/" + entity + "/" + action, entity, action,
                entity.toLowerCase(java.util.Locale.ROOT), Json.write(body), Map.of(), true);
        try {
            transport.retrying(false, () -> transport.withSession(s -> transport.exchange(s, call)));
        } catch (AcumaticaException ex) {
            if (ex instanceof AcumaticaAuthenticationException || ex.httpStatus() == 404 || ex.httpStatus() == 422) throw ex;
            boolean isDone;
            try {
                isDone = done.getAsBoolean();
            } catch (AcumaticaException readFailure) {
                ex.addSuppressed(readFailure);
                throw ex;
            }
            if (!isDone) throw ex;
        }
    }
}
