package com.crosswalk.erp.acumatica;

import com.crosswalk.acumatica.client.AcumaticaAuthenticationException;
import com.crosswalk.acumatica.client.AcumaticaClient;
import com.crosswalk.acumatica.client.AcumaticaException;
import com.crosswalk.acumatica.client.AcumaticaValidationException;
import com.crosswalk.acumatica.client.EndpointInfo;
import com.crosswalk.acumatica.client.model.ChangeOrder;
import com.crosswalk.acumatica.client.model.ChangeOrderCommitmentLine;
import com.crosswalk.acumatica.client.model.Project;
import com.crosswalk.acumatica.client.model.ProjectTask;
import com.crosswalk.acumatica.client.model.PurchaseOrder;
import com.crosswalk.acumatica.client.model.PurchaseOrderLine;
import com.crosswalk.acumatica.client.model.Subcontract;
import com.crosswalk.acumatica.client.model.SubcontractLine;
import com.crosswalk.acumatica.client.model.Vendor;
import com.crosswalk.acumatica.client.query.Filter;
import com.crosswalk.acumatica.client.query.Query;
import com.crosswalk.erp.connector.ChangeOrderExport;
import com.crosswalk.erp.connector.CommitmentExport;
import com.crosswalk.erp.connector.ConnectionCheck;
import com.crosswalk.erp.connector.ErpConnectionSettings;
import com.crosswalk.erp.connector.ErpConnector;
import com.crosswalk.erp.connector.ErpPresence;
import com.crosswalk.erp.connector.ErpRecordRef;
import com.crosswalk.erp.connector.ErpReference;
import com.crosswalk.erp.connector.ErpRejectedException;
import com.crosswalk.erp.connector.ProjectExport;
import com.crosswalk.erp.connector.VendorExport;
import com.crosswalk.shared.ErpUnavailableException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Crosswalk's records as Acumatica (Construction Edition) entities, through acumatica-client.
 * <ul>
 * <li>CCO → {@code ChangeOrder} of the configured class, {@code ExternalRefNbr} = our key, one {@code Commitments}
 * line per line item: {@code Update} of the subcontract/PO line it changes (PONbr, POLineNbr, POType) or
 * {@code New Line}; inserted On Hold, taken off hold and released (Closed). Idempotent by ExternalRefNbr: an
 * existing, non-reversed change order with our key is adopted and carried on from its status.</li>
 * <li>Commitment → {@code Subcontract} / {@code PurchaseOrder} (Normal); vendor → {@code Vendor}; project →
 * {@code Project}.</li>
 * </ul>
 * Errors: unreachable / 429 / 5xx (after the client's retries) → {@link ErpUnavailableException}; refused data →
 * {@link ErpRejectedException} with Acumatica's message.
 */
public class AcumaticaConnector implements ErpConnector {

    static final String PO_TYPE_SUBCONTRACT = "Subcontract";
    static final String PO_TYPE_NORMAL = "Normal";

    private final AcumaticaClient client;
    private final ErpConnectionSettings settings;
    private final String name;

    AcumaticaConnector(AcumaticaClient client, ErpConnectionSettings settings) {
        this.client = client;
        this.settings = settings;
        this.name = settings.displayName() == null || settings.displayName().isBlank() ? "Acumatica"
                : settings.displayName();
    }

    @Override
    public String erpType() {
        return AcumaticaConnectorProvider.TYPE;
    }

    @Override
    public ConnectionCheck testConnection() {
        try {
            EndpointInfo info = client.testConnection();
            if (!info.configuredEndpointAvailable()) {
                return new ConnectionCheck(false, "Signed in to " + name + ", but it has no endpoint "
                        + settings.endpointName() + "/" + settings.endpointVersion() + " (it offers "
                        + String.join(", ", info.endpoints()) + ")");
            }
            boolean hasClass = client.changeOrderClasses().get(settings.changeOrderClass()).isPresent();
            if (!hasClass) {
                return new ConnectionCheck(false, "Connected to " + name + ", but it has no change order class '"
                        + settings.changeOrderClass() + "'");
            }
            return new ConnectionCheck(true, "Connected to " + name + " (endpoint " + settings.endpointName() + "/"
                    + settings.endpointVersion() + ", change order class " + settings.changeOrderClass() + ")");
        } catch (AcumaticaException e) {
            return new ConnectionCheck(false, words(e.userMessage()));
        } catch (RuntimeException e) {
            return new ConnectionCheck(false, name + " could not be reached: " + e.getMessage());
        }
    }

    @Override
    public List<ErpReference> listVendors() {
        return call("vendor list", () -> client.vendors().list(Query.select("VendorID", "VendorName")).stream()
                .map(v -> new ErpReference(v.vendorId(), v.vendorName()))
                .sorted(Comparator.comparing(ErpReference::key)).toList());
    }

    @Override
    public List<ErpReference> listProjects() {
        return call("project list", () -> client.projects().list(Query.select("ProjectID", "Description")).stream()
                .map(p -> new ErpReference(p.projectId(), p.description()))
                .sorted(Comparator.comparing(ErpReference::key)).toList());
    }

    @Override
    public List<ErpReference> listProjectTasks(String projectKey) {
        return call("project task list", () -> client.projectTasks()
                .list(Query.filter(Filter.eq("ProjectID", projectKey))).stream()
                .map(t -> new ErpReference(t.projectTaskId(), t.description()))
                .sorted(Comparator.comparing(ErpReference::key)).toList());
    }

    @Override
    public List<ErpReference> listCostCodes() {
        return call("cost code list", () -> client.costCodes().list(Query.select("CostCodeID", "Description"))
                .stream().map(c -> new ErpReference(c.costCodeId(), c.description()))
                .sorted(Comparator.comparing(ErpReference::key)).toList());
    }

    @Override
    public ErpRecordRef exportVendor(VendorExport vendor) {
        return call("vendor", () -> {
            var existing = client.vendors().get(vendor.key());
            Vendor v = existing.orElseGet(() -> client.vendors().insert(Vendor.of(vendor.key(), vendor.name())));
            return new ErpRecordRef(v.vendorId(), v.id(), null);
        });
    }

    @Override
    public ErpRecordRef exportProject(ProjectExport project) {
        return call("project", () -> {
            var existing = client.projects().get(project.key());
            Project p = existing.orElseGet(() -> client.projects()
                    .insert(new Project(null, project.key(), project.name(), null, null, null, project.externalRef(),
                            null)));
            return new ErpRecordRef(p.projectId(), p.id(), project.externalRef());
        });
    }

    @Override
    public ErpRecordRef exportCommitment(CommitmentExport c) {
        return call("commitment", () -> {
            // Subcontracts and purchase orders are numbered by Acumatica; our key travels in VendorRef, which makes the
            // export idempotent: an earlier attempt that saved the document is found and adopted.
            if ("purchase_order".equals(c.kind())) {
                var found = client.purchaseOrders().list(Query.filter(Filter.eq("VendorRef", c.externalRef())));
                PurchaseOrder po = found.isEmpty() ? client.purchaseOrders().insert(new PurchaseOrder(null,
                        PO_TYPE_NORMAL, null, null, null, c.date(), c.title(), c.vendorKey(), c.projectKey(), null,
                        c.externalRef(), null, null, c.lines().stream().map(l -> PurchaseOrderLine.of(c.projectKey(),
                                defaultTask(c.projectKey()), l.costCode(), l.description(), BigDecimal.ONE,
                                l.amount())).toList()), Query.expand("Details")) : found.get(0);
                String key = po.type() == null || PO_TYPE_NORMAL.equals(po.type()) ? po.orderNbr()
                        : po.type() + "/" + po.orderNbr();
                return new ErpRecordRef(key, po.id(), c.externalRef());
            }
            var found = client.subcontracts().list(Query.filter(Filter.eq("VendorRef", c.externalRef())));
            Subcontract sc = found.isEmpty() ? client.subcontracts().insert(new Subcontract(null, null, null, c.date(),
                    null, c.title(), c.vendorKey(), null, null, c.externalRef(), null, null,
                    c.lines().stream().map(l -> SubcontractLine.of(c.projectKey(), defaultTask(c.projectKey()),
                            l.costCode(), l.description(), l.amount())).toList()), Query.expand("Details"))
                    : found.get(0);
            return new ErpRecordRef(sc.subcontractNbr(), sc.id(), c.externalRef());
        });
    }

    @Override
    public ErpRecordRef exportChangeOrder(ChangeOrderExport co) {
        return call("change order", () -> {
            List<ChangeOrderCommitmentLine> lines = commitmentLines(co);
            ChangeOrder draft = ChangeOrder.draft(co.projectKey(), settings.changeOrderClass(), co.date(),
                    description(co), co.externalRef(), lines);
            ChangeOrder released = client.changeOrderExporter().export(draft);
            return new ErpRecordRef(released.refNbr(), released.id(), co.externalRef());
        });
    }

    /**
     * The Commitments lines: Update of the commitment's line, or New Line. An Update names only the commitment line:
     * Acumatica fills its project task (and cost code, when we send none) from that line, as its screen does, so
     * the usual export needs no read of the subcontract. Only a New Line needs a task, read from the commitment's
     * lines (or the project's default task).
     */
    private List<ChangeOrderCommitmentLine> commitmentLines(ChangeOrderExport co) {
        boolean po = "purchase_order".equals(co.commitmentKind());
        String poType = po ? PO_TYPE_NORMAL : PO_TYPE_SUBCONTRACT;
        String poNbr = co.commitmentKey();
        if (po && poNbr.contains("/")) {
            poType = poNbr.substring(0, poNbr.indexOf('/'));
            poNbr = poNbr.substring(poNbr.indexOf('/') + 1);
        }
        String newLineTask = null;
        if (co.lines().stream().anyMatch(l -> l.commitmentLineNumber() == null)) {
            newLineTask = erpLines(po, poType, poNbr).stream().map(ErpLine::task).filter(Objects::nonNull).findFirst()
                    .orElseGet(() -> defaultTask(co.projectKey()));
        }
        List<ChangeOrderCommitmentLine> out = new ArrayList<>();
        for (ChangeOrderExport.Line l : co.lines()) {
            String text = l.description() == null || l.description().isBlank() ? co.title() : l.description();
            if (l.commitmentLineNumber() != null) {
                out.add(ChangeOrderCommitmentLine.update(null, l.costCode(), co.vendorKey(), poType, poNbr,
                        l.commitmentLineNumber(), l.amount(), text));
            } else {
                BigDecimal qty = l.quantity() == null ? BigDecimal.ONE : l.quantity();
                BigDecimal unit = l.unitCost() == null ? l.amount() : l.unitCost();
                if (l.amount().signum() < 0) { // New Line cannot have a negative quantity (Acumatica rule)
                    qty = BigDecimal.ZERO;
                }
                out.add(ChangeOrderCommitmentLine.newLine(newLineTask, l.costCode(), co.vendorKey(), poType, poNbr,
                        qty, unit, l.amount(), text));
            }
        }
        return out;
    }

    private record ErpLine(int lineNbr, String task, String costCode) {
    }

    private List<ErpLine> erpLines(boolean po, String poType, String poNbr) {
        if (po) {
            return client.purchaseOrders().get(Query.expand("Details"), poType, poNbr)
                    .map(p -> p.details() == null ? List.<ErpLine>of() : p.details().stream()
                            .filter(d -> d.lineNbr() != null)
                            .map(d -> new ErpLine(d.lineNbr(), d.projectTask(), d.costCode())).toList())
                    .orElseThrow(() -> new ErpRejectedException(name + " has no purchase order " + poType + " "
                            + poNbr + ". Check the commitment's link."));
        }
        return client.subcontracts().get(Query.expand("Details"), poNbr)
                .map(s -> s.details() == null ? List.<ErpLine>of() : s.details().stream()
                        .filter(d -> d.lineNbr() != null)
                        .map(d -> new ErpLine(d.lineNbr(), d.task(), d.costCode())).toList())
                .orElseThrow(() -> new ErpRejectedException(name + " has no subcontract " + poNbr
                        + ". Check the commitment's link."));
    }

    private String defaultTask(String projectKey) {
        List<ProjectTask> tasks = client.projectTasks().list(Query.filter(Filter.eq("ProjectID", projectKey)));
        return tasks.stream().filter(t -> Boolean.TRUE.equals(t.isDefault())).map(ProjectTask::projectTaskId)
                .findFirst()
                .orElseGet(() -> tasks.stream().map(ProjectTask::projectTaskId).filter(Objects::nonNull).sorted()
                        .findFirst().orElseThrow(() -> new ErpRejectedException(name + " project " + projectKey
                                + " has no task to put the change on")));
    }

    private static String description(ChangeOrderExport co) {
        String d = co.number() + " " + co.title();
        return d.length() > 255 ? d.substring(0, 255) : d;
    }

    @Override
    public ErpPresence changeOrderPresence(ErpRecordRef linked) {
        return call("change order", () -> {
            List<ChangeOrder> found = client.changeOrders().list(Query.filter(Filter.eq("RefNbr", linked.key())));
            if (found.isEmpty()) {
                return ErpPresence.GONE;
            }
            ChangeOrder co = found.get(0);
            if (!co.isReversed()) {
                return ErpPresence.PRESENT;
            }
            boolean reversalReleased = client.changeOrders().findReversalsOf(linked.key()).stream()
                    .anyMatch(ChangeOrder::isReleased);
            return reversalReleased ? ErpPresence.GONE : ErpPresence.REVERSAL_PENDING;
        });
    }

    /** Change orders asked about per request: 50 RefNbrs of 6–15 characters keep the URL around 2 KB. */
    static final int PRESENCE_BATCH = 50;

    @Override
    public int presenceBatchSize() {
        return PRESENCE_BATCH;
    }

    /**
     * Per 50 change orders: one {@code GET ChangeOrder?$filter=RefNbr eq 'a' or RefNbr eq 'b' …} (RefNbr,
     * Status, ReverseStatus only), and, when some of them are reversed, one {@code OriginalCORefNbr eq … or …} for
     * their reversals. Same answers as {@link #changeOrderPresence(ErpRecordRef)}: not found → GONE; reversed with a
     * released reversal → GONE; reversed otherwise → REVERSAL_PENDING; else PRESENT.
     */
    @Override
    public Map<ErpRecordRef, ErpPresence> changeOrderPresence(List<ErpRecordRef> linked) {
        Map<ErpRecordRef, ErpPresence> out = new LinkedHashMap<>();
        for (int from = 0; from < linked.size(); from += PRESENCE_BATCH) {
            List<ErpRecordRef> batch = linked.subList(from, Math.min(linked.size(), from + PRESENCE_BATCH));
            out.putAll(call("change order", () -> presenceBatch(batch)));
        }
        return out;
    }

    private Map<ErpRecordRef, ErpPresence> presenceBatch(List<ErpRecordRef> batch) {
        Set<String> keys = new LinkedHashSet<>();
        batch.forEach(r -> keys.add(r.key()));
        Map<String, ChangeOrder> found = new HashMap<>();
        for (ChangeOrder co : client.changeOrders().list(Query.filter(Filter.anyOf("RefNbr", keys))
                .withSelect("RefNbr", "Status", "ReverseStatus"))) {
            found.put(co.refNbr(), co);
        }
        List<String> reversed = keys.stream().filter(k -> found.containsKey(k) && found.get(k).isReversed())
                .toList();
        Set<String> released = new HashSet<>();
        if (!reversed.isEmpty()) {
            for (ChangeOrder rev : client.changeOrders().list(Query.filter(Filter.anyOf("OriginalCORefNbr", reversed))
                    .withSelect("RefNbr", "Status", "OriginalCORefNbr"))) {
                if (rev.isReleased() && rev.originalCoRefNbr() != null) {
                    released.add(rev.originalCoRefNbr());
                }
            }
        }
        Map<ErpRecordRef, ErpPresence> out = new LinkedHashMap<>();
        for (ErpRecordRef ref : batch) {
            ChangeOrder co = found.get(ref.key());
            ErpPresence p = co == null ? ErpPresence.GONE
                    : !co.isReversed() ? ErpPresence.PRESENT
                    : released.contains(ref.key()) ? ErpPresence.GONE : ErpPresence.REVERSAL_PENDING;
            out.put(ref, p);
        }
        return out;
    }

    @Override
    public ErpPresence commitmentPresence(ErpRecordRef linked, String commitmentKind) {
        return call("commitment", () -> {
            if ("purchase_order".equals(commitmentKind)) {
                String key = linked.key();
                String type = PO_TYPE_NORMAL;
                if (key.contains("/")) {
                    type = key.substring(0, key.indexOf('/'));
                    key = key.substring(key.indexOf('/') + 1);
                }
                return client.purchaseOrders().get(type, key).isPresent() ? ErpPresence.PRESENT : ErpPresence.GONE;
            }
            return client.subcontracts().get(linked.key()).isPresent() ? ErpPresence.PRESENT : ErpPresence.GONE;
        });
    }

    @Override
    public void close() {
        client.close();
    }

    // ---- errors ---------------------------------------------------------------------------------------------

    private <T> T call(String what, Supplier<T> body) {
        try {
            return body.get();
        } catch (AcumaticaValidationException e) {
            throw new ErpRejectedException(words(e.userMessage()), e);
        } catch (AcumaticaAuthenticationException e) {
            throw new ErpUnavailableException(name + " could not be reached: " + words(e.userMessage())
                    + ". Check the ERP connection settings.", e);
        } catch (AcumaticaException e) {
            if (e.isRetryable()) {
                throw new ErpUnavailableException(name + " could not be reached: " + words(e.userMessage()), e);
            }
            throw new ErpRejectedException(words(e.userMessage()), e);
        }
    }

    /** The client speaks of "Acumatica"; the company may call its ERP otherwise. */
    private String words(String message) {
        if (message == null) {
            return name + " reported an error";
        }
        return "Acumatica".equals(name) ? message : message.replace("Acumatica", name);
    }
}
