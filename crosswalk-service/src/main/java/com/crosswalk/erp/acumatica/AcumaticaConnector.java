package com.crosswalk.erp.acumatica;

import com.crosswalk.acumatica.client.AcumaticaAuthenticationException;
import com.crosswalk.acumatica.client.AcumaticaClient;
import com.crosswalk.acumatica.client.AcumaticaException;
import com.crosswalk.acumatica.client.AcumaticaValidationException;
import com.crosswalk.acumatica.client.EndpointInfo;
import com.crosswalk.acumatica.client.model.ChangeOrder;
import com.crosswalk.acumatica.client.model.ChangeOrderCommitmentLine;
import com.crosswalk.acumatica.client.model.Project;
import com.crosswalk.acumatica.client.model.ProjectBudget;
import com.crosswalk.acumatica.client.model.ProjectTask;
import com.crosswalk.acumatica.client.model.ProjectTransaction;
import com.crosswalk.acumatica.client.model.ProjectTransactionLine;
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
import com.crosswalk.erp.connector.ErpBudgetLine;
import com.crosswalk.erp.connector.ErpConnector;
import com.crosswalk.erp.connector.ErpCostTransaction;
import com.crosswalk.erp.connector.ErpDocuments;
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

    private final AcumaticaChangeOrders changeOrders;
    private final AcumaticaBudgetChanges budgetChanges;

    private final AcumaticaBills bills;
    private final AcumaticaCommitments commitments;

    AcumaticaConnector(AcumaticaClient client, ErpConnectionSettings settings) {
        this.client = client;
        this.settings = settings;
        this.name = settings.displayName() == null || settings.displayName().isBlank() ? "Acumatica"
                : settings.displayName();
        this.changeOrders = new AcumaticaChangeOrders(client, this);
        this.budgetChanges = new AcumaticaBudgetChanges(client, this);
        this.bills = new AcumaticaBills(client, this);
        this.commitments = new AcumaticaCommitments(client, this);
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

    /** Page size of the budget and transaction reads ($top/$skip). */
    static final int PAGE = 500;

    /**
     * {@code GET ProjectBudget?$filter=ProjectID eq '…' and Type eq 'Expense'&$select=…}, 500 lines a request: the cost
     * budget lines (PM301000 Cost Budget tab) with the figures Acumatica computes.
     */
    @Override
    public List<ErpBudgetLine> listCostBudget(String projectKey) {
        return call("project budget", () -> {
            List<ErpBudgetLine> out = new ArrayList<>();
            for (int skip = 0; ; skip += PAGE) {
                List<ProjectBudget> page = client.projectBudgets().list(Query.filter(Filter.eq("ProjectID", projectKey)
                        .and(Filter.eq("Type", "Expense"))).withSelect(ProjectBudget.FIELDS).limit(PAGE).offset(skip));
                for (ProjectBudget b : page) {
                    out.add(new ErpBudgetLine(b.projectTaskId(), b.accountGroup(), b.inventoryId(), b.costCode(), b.description(),
                            nz(b.originalBudgetedAmount()), nz(b.budgetedCoAmount()), nz(b.revisedBudgetedAmount()),
                            nz(b.revisedCommittedAmount()), nz(b.committedCoAmount()), nz(b.committedOpenAmount()),
                            nz(b.actualAmount()), b.costToComplete()));
                }
                if (page.size() < PAGE) {
                    return out;
                }
            }
        });
    }

    /**
     * {@code GET ProjectTransaction?$filter=Status eq 'Released'&$expand=Details}, 500 groups a request; only the
     * lines of this project. Acumatica cannot filter on a detail field (the project is on the lines), so every
     * released group is read.
     */
    @Override
    public List<ErpCostTransaction> listCostTransactions(String projectKey) {
        return call("project transactions", () -> {
            List<ErpCostTransaction> out = new ArrayList<>();
            for (int skip = 0; ; skip += PAGE) {
                List<ProjectTransaction> page = client.projectTransactions().list(Query.filter(Filter.eq("Status", "Released"))
                        .withExpand("Details").limit(PAGE).offset(skip));
                for (ProjectTransaction t : page) {
                    if (t.details() == null) {
                        continue;
                    }
                    String doc = t.originalDocNbr() == null || t.originalDocNbr().isBlank() ? t.module() + " " + t.referenceNbr()
                            : (t.originalDocType() == null ? "" : t.originalDocType() + " ") + t.originalDocNbr();
                    for (ProjectTransactionLine l : t.details()) {
                        if (l.project() == null || !l.project().trim().equalsIgnoreCase(projectKey.trim())) {
                            continue;
                        }
                        out.add(new ErpCostTransaction(t.module(), t.referenceNbr(), l.transactionId() == null ? 0 : l.transactionId(),
                                l.date(), doc, l.vendorOrCustomer(), l.description() != null ? l.description() : t.description(),
                                nz(l.amount()), l.projectTask(), l.accountGroup(), l.costCode()));
                    }
                }
                if (page.size() < PAGE) {
                    return out;
                }
            }
        });
    }

    private static BigDecimal nz(BigDecimal v) {
        return v == null ? BigDecimal.ZERO : v;
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
    public ErpDocuments<ChangeOrderExport> changeOrders() {
        return changeOrders;
    }

    @Override
    public ErpDocuments<com.crosswalk.erp.connector.BudgetChangeExport> budgetChanges() {
        return budgetChanges;
    }

    @Override
    public ErpDocuments<CommitmentExport> commitments() {
        return commitments;
    }

    @Override
    public ErpDocuments<com.crosswalk.erp.connector.RequisitionExport> bills() {
        return bills;
    }

    @Override
    public java.util.Map<String, BillPayments> billPayments(java.util.Collection<String> billKeys) {
        return bills.payments(billKeys);
    }

    String erpName() {
        return name;
    }

    String changeOrderClass() {
        return settings.changeOrderClass();
    }

    /**
     * The Commitments lines: Update of the commitment's line, or New Line. An Update names only the commitment line:
     * Acumatica fills its project task (and cost code, when we send none) from that line, as its screen does, so
     * the usual export needs no read of the subcontract. Only a New Line needs a task, read from the commitment's
     * lines (or the project's default task).
     */
    List<ChangeOrderCommitmentLine> commitmentLines(ChangeOrderExport co) {
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

    String defaultTask(String projectKey) {
        List<ProjectTask> tasks = client.projectTasks().list(Query.filter(Filter.eq("ProjectID", projectKey)));
        return tasks.stream().filter(t -> Boolean.TRUE.equals(t.isDefault())).map(ProjectTask::projectTaskId)
                .findFirst()
                .orElseGet(() -> tasks.stream().map(ProjectTask::projectTaskId).filter(Objects::nonNull).sorted()
                        .findFirst().orElseThrow(() -> new ErpRejectedException(name + " project " + projectKey
                                + " has no task to put the change on")));
    }

    @Override
    public boolean signOutLeftoverSession(String credentials) {
        try {
            return client.signOutLeftoverSession(credentials);
        } catch (IllegalArgumentException e) { // not credentials this client wrote
            return false;
        } catch (AcumaticaException e) {
            if (e.isRetryable()) {
                throw new ErpUnavailableException(name + " could not be reached: " + words(e.userMessage()), e);
            }
            return false;
        }
    }

    @Override
    public void close() {
        client.close();
    }

    // ---- errors ---------------------------------------------------------------------------------------------

    <T> T call(String what, Supplier<T> body) {
        try {
            return body.get();
        } catch (IllegalStateException e) {
            if (client.isClosed()) {
                // replaced while this call ran (settings saved, instances changed): an outage of a moment, not a bug
                throw new ErpUnavailableException(name + " could not be reached: the connection was replaced while "
                        + "asking (its settings changed). Please try again.", e);
            }
            throw e;
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
