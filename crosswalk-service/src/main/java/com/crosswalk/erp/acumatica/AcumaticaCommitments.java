package com.crosswalk.erp.acumatica;

import com.crosswalk.acumatica.client.AcumaticaClient;
import com.crosswalk.acumatica.client.model.PurchaseOrder;
import com.crosswalk.acumatica.client.model.PurchaseOrderLine;
import com.crosswalk.acumatica.client.model.Subcontract;
import com.crosswalk.acumatica.client.model.SubcontractLine;
import com.crosswalk.acumatica.client.query.Filter;
import com.crosswalk.acumatica.client.query.Query;
import com.crosswalk.erp.connector.CommitmentExport;
import com.crosswalk.erp.connector.Difference;
import com.crosswalk.erp.connector.ErpDocument;
import com.crosswalk.erp.connector.ErpDocuments;
import com.crosswalk.erp.connector.ErpFinding;
import com.crosswalk.erp.connector.ErpPresence;
import com.crosswalk.erp.connector.ErpRecordRef;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Our commitments as Acumatica {@code Subcontract}s and {@code PurchaseOrder}s (type Normal). Acumatica numbers them;
 * our key travels in {@code VendorRef}. We do not take them through an approval workflow: a document found is in the
 * books ({@link ErpDocument.Stage#RELEASED}) unless Canceled. Compared on export: title, vendor, the subcontract's
 * retainage percent and each line's description, cost code and amount. Later reconciliation asks for presence only: released change orders move the
 * line amounts, so the exported amounts are no longer what Acumatica shows, by design.
 */
final class AcumaticaCommitments implements ErpDocuments<CommitmentExport> {

    private static final Query WITH_LINES = Query.expand("Details");

    private final AcumaticaClient client;
    private final AcumaticaConnector connector;

    AcumaticaCommitments(AcumaticaClient client, AcumaticaConnector connector) {
        this.client = client;
        this.connector = connector;
    }

    @Override
    public String noun() {
        return "commitment";
    }

    /** Two requests: subcontracts and purchase orders with any of these VendorRefs. */
    @Override
    public List<ErpDocument> findByExternalRefs(List<String> externalRefs) {
        if (externalRefs.isEmpty()) {
            return List.of();
        }
        Filter filter = Filter.anyOf("VendorRef", new LinkedHashSet<>(externalRefs));
        return connector.call("commitment", () -> {
            List<ErpDocument> out = new ArrayList<>();
            client.subcontracts().list(WITH_LINES.where(filter)).forEach(s -> out.add(document(s)));
            client.purchaseOrders().list(WITH_LINES.where(filter)).forEach(p -> out.add(document(p)));
            return out;
        });
    }

    @Override
    public ErpDocument insert(CommitmentExport c) {
        return connector.call("commitment", () -> {
            String task = connector.defaultTask(c.projectKey());
            if ("purchase_order".equals(c.kind())) {
                return document(client.purchaseOrders().insert(new PurchaseOrder(null,
                        AcumaticaConnector.PO_TYPE_NORMAL, null, null, null, c.date(), c.title(), c.vendorKey(),
                        c.projectKey(), null, c.externalRef(), null, null, c.lines().stream()
                        .map(l -> PurchaseOrderLine.of(c.projectKey(), task, l.costCode(), l.description(),
                                BigDecimal.ONE, l.amount())).toList()), WITH_LINES));
            }
            // SC301000 Summary: Apply Retainage + Retainage Percent, the default retainage of the subcontract's lines,
            // which Acumatica applies to the bills linked to them (AP301000 Apply Retainage): the same % Crosswalk uses
            // for its requisitions. The Default endpoint's PurchaseOrder has no retainage fields: not sent for POs.
            return document(client.subcontracts().insert(new Subcontract(null, null, null, c.date(), null, c.title(),
                    c.vendorKey(), null, null, c.externalRef(), null, null, c.lines().stream()
                    .map(l -> SubcontractLine.of(c.projectKey(), task, l.costCode(), l.description(), l.amount()))
                    .toList(), null, null).withRetainage(c.retainagePercent()), WITH_LINES));
        });
    }

    @Override
    public ErpDocument release(ErpDocument document) {
        return document; // a subcontract or purchase order is in the books as inserted
    }

    @Override
    public ErpDocument park(ErpDocument document) {
        return document;
    }

    @Override
    public void remove(ErpDocument document) {
        connector.call("commitment", () -> {
            String key = document.key();
            if (document.content() instanceof PurchaseOrder po) {
                client.purchaseOrders().delete(po.type(), po.orderNbr());
            } else {
                client.subcontracts().delete(key);
            }
            return null;
        });
    }

    @Override
    public List<Difference> differences(CommitmentExport payload, ErpDocument document) {
        List<Difference> out = new ArrayList<>();
        List<String> theirs = new ArrayList<>();
        String title;
        String vendor;
        BigDecimal retainage = null;
        if (document.content() instanceof PurchaseOrder po) {
            title = po.description();
            vendor = po.vendorId();
            if (po.details() != null) {
                po.details().forEach(l -> theirs.add(line(l.description(), l.costCode(),
                        l.extendedCost() != null ? l.extendedCost() : mul(l.orderQty(), l.unitCost()))));
            }
        } else {
            Subcontract sc = (Subcontract) document.content();
            title = sc.description();
            vendor = sc.vendorId();
            retainage = Boolean.TRUE.equals(sc.applyRetainage()) && sc.retainagePct() != null ? sc.retainagePct()
                    : BigDecimal.ZERO;
            if (sc.details() != null) {
                sc.details().forEach(l -> theirs.add(line(l.description(), l.costCode(),
                        l.extendedCost() != null ? l.extendedCost() : l.amount() != null ? l.amount()
                                : mul(l.orderQty(), l.unitCost()))));
            }
        }
        if (!Objects.equals(strip(payload.title()), strip(title))) {
            out.add(new Difference("title", payload.title(), title));
        }
        if (!strip(payload.vendorKey()).equalsIgnoreCase(strip(vendor))) {
            out.add(new Difference("vendor", payload.vendorKey(), vendor));
        }
        // only subcontracts carry it, and only payloads stored since it is exported
        if (retainage != null && payload.retainagePercent() != null
                && payload.retainagePercent().compareTo(retainage) != 0) {
            out.add(new Difference("retainage percent", payload.retainagePercent().stripTrailingZeros().toPlainString(),
                    retainage.stripTrailingZeros().toPlainString()));
        }
        List<String> ours = payload.lines().stream().map(l -> line(l.description(), l.costCode(), l.amount()))
                .sorted().toList();
        List<String> sortedTheirs = theirs.stream().sorted().toList();
        if (!ours.equals(sortedTheirs)) {
            out.add(new Difference("lines", String.join("; ", ours), String.join("; ", sortedTheirs)));
        }
        return out;
    }

    private static BigDecimal mul(BigDecimal a, BigDecimal b) {
        return a == null || b == null ? null : a.multiply(b);
    }

    private static String line(String description, String costCode, BigDecimal amount) {
        return strip(description) + " [" + strip(costCode).toUpperCase(Locale.ROOT) + "] "
                + (amount == null ? "?" : amount.setScale(2, RoundingMode.HALF_UP).toPlainString());
    }

    private static String strip(String s) {
        return s == null ? "" : s.strip();
    }

    /**
     * Presence only (see the class comment). The kind comes from the exported payload; a commitment linked by hand has
     * none, so a key without a type prefix is looked for as a subcontract, then as a Normal purchase order.
     */
    @Override
    public ErpFinding check(ErpRecordRef linked, CommitmentExport exported) {
        return connector.call("commitment", () -> {
            String key = linked.key();
            boolean purchaseOrder = exported != null ? "purchase_order".equals(exported.kind()) : key.contains("/");
            boolean present;
            if (purchaseOrder) {
                present = purchaseOrderExists(key);
            } else {
                present = client.subcontracts().get(key).isPresent() || exported == null && purchaseOrderExists(key);
            }
            return ErpFinding.of(present ? ErpPresence.PRESENT : ErpPresence.GONE);
        });
    }

    private boolean purchaseOrderExists(String key) {
        String type = AcumaticaConnector.PO_TYPE_NORMAL;
        String nbr = key;
        if (key.contains("/")) {
            type = key.substring(0, key.indexOf('/'));
            nbr = key.substring(key.indexOf('/') + 1);
        }
        return client.purchaseOrders().get(type, nbr).isPresent();
    }

    private static ErpDocument document(Subcontract sc) {
        return new ErpDocument(sc.subcontractNbr(), sc.id(), sc.vendorRef(), stage(sc.status()), sc.status(), sc);
    }

    private static ErpDocument document(PurchaseOrder po) {
        String key = po.type() == null || AcumaticaConnector.PO_TYPE_NORMAL.equals(po.type()) ? po.orderNbr()
                : po.type() + "/" + po.orderNbr();
        return new ErpDocument(key, po.id(), po.vendorRef(), stage(po.status()), po.status(), po);
    }

    private static ErpDocument.Stage stage(String status) {
        return status != null && status.toLowerCase(Locale.ROOT).startsWith("cancel") ? ErpDocument.Stage.VOID
                : ErpDocument.Stage.RELEASED;
    }
}
