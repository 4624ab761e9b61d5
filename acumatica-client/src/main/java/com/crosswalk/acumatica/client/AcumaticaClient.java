package com.crosswalk.acumatica.client;

import com.crosswalk.acumatica.client.model.ChangeOrderClass;
import com.crosswalk.acumatica.client.model.CostCode;
import com.crosswalk.acumatica.client.model.ProjectBudget;
import com.crosswalk.acumatica.client.model.ProjectTransaction;
import com.crosswalk.acumatica.client.model.Project;
import com.crosswalk.acumatica.client.model.ProjectTask;
import com.crosswalk.acumatica.client.model.PurchaseOrder;
import com.crosswalk.acumatica.client.model.Subcontract;
import com.crosswalk.acumatica.client.model.Vendor;
import com.crosswalk.acumatica.client.query.Query;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Client for Acumatica's contract-based REST API (one endpoint, one user). Thread-safe; create one per ERP
 * connection and share it. {@link #close()} signs every session out.
 *
 * <pre>
 * try (AcumaticaClient client = AcumaticaClient.create(cfg)) {
 *     client.testConnection();
 *     ChangeOrder released = client.changeOrderExporter().export(draft);
 * }
 * </pre>
 */
public final class AcumaticaClient implements AutoCloseable {

    private final Transport transport;
    private final EntityApi<Vendor> vendors;
    private final EntityApi<Project> projects;
    private final EntityApi<ProjectTask> projectTasks;
    private final EntityApi<CostCode> costCodes;
    private final EntityApi<ProjectBudget> projectBudgets;
    private final EntityApi<ProjectTransaction> projectTransactions;
    private final EntityApi<ChangeOrderClass> changeOrderClasses;
    private final EntityApi<Subcontract> subcontracts;
    private final EntityApi<PurchaseOrder> purchaseOrders;
    private final ChangeOrderApi changeOrders;
    private final PayablesApi payables;
    private final ChangeOrderExporter exporter;

    private AcumaticaClient(AcumaticaClientConfig cfg) {
        this.transport = new Transport(cfg);
        this.vendors = new EntityApi<>(transport, Mappers.VENDOR);
        this.projects = new EntityApi<>(transport, Mappers.PROJECT);
        this.projectTasks = new EntityApi<>(transport, Mappers.PROJECT_TASK);
        this.costCodes = new EntityApi<>(transport, Mappers.COST_CODE);
        this.projectBudgets = new EntityApi<>(transport, Mappers.PROJECT_BUDGET);
        this.projectTransactions = new EntityApi<>(transport, Mappers.PROJECT_TRANSACTION);
        this.changeOrderClasses = new EntityApi<>(transport, Mappers.CHANGE_ORDER_CLASS);
        this.subcontracts = new EntityApi<>(transport, Mappers.SUBCONTRACT);
        this.purchaseOrders = new EntityApi<>(transport, Mappers.PURCHASE_ORDER);
        this.changeOrders = new ChangeOrderApi(transport);
        this.payables = new PayablesApi(transport);
        this.exporter = new ChangeOrderExporter(changeOrders);
    }

    /** Creates a client; nothing is sent until the first call (sessions are signed in lazily). */
    public static AcumaticaClient create(AcumaticaClientConfig config) {
        return new AcumaticaClient(config);
    }

    public AcumaticaClientConfig config() { return transport.config(); }

    /**
     * Signs in (if no session is open yet) and reads {@code GET /entity}: the instance's build version and
     * endpoints. Throws {@link AcumaticaAuthenticationException} for bad credentials,
     * {@link AcumaticaUnreachableException} if the ERP cannot be reached.
     */
    public EndpointInfo testConnection() {
        AcumaticaClientConfig cfg = transport.config();
        Call call = Call.get(cfg.baseUrl() + "/entity", "entity", "endpoint list");
        JsonNode root;
        try {
            root = transport.executeSafe(call).json();
        } catch (AcumaticaNotFoundException e) {
            // no endpoint list: prove the endpoint works with the cheapest read
            changeOrderClasses.list(Query.select("ClassID").limit(1));
            return new EndpointInfo(null, List.of(cfg.endpointName() + "/" + cfg.endpointVersion()), true);
        }
        List<String> endpoints = new ArrayList<>();
        boolean found = false;
        for (JsonNode e : root.path("endpoints")) {
            String name = e.path("name").asText();
            String version = e.path("version").asText();
            endpoints.add(name + "/" + version);
            if (name.equals(cfg.endpointName()) && version.equals(cfg.endpointVersion())) found = true;
        }
        String build = root.path("version").path("acumaticaBuildVersion").asText(null);
        return new EndpointInfo(build, endpoints, found);
    }

    /** Vendors ({@code Vendor}, key VendorID). */
    public EntityApi<Vendor> vendors() { return vendors; }

    /** Projects ({@code Project}, key ProjectID). */
    public EntityApi<Project> projects() { return projects; }

    /** Project tasks ({@code ProjectTask}, keys ProjectID, ProjectTaskID). */
    public EntityApi<ProjectTask> projectTasks() { return projectTasks; }

    /** Cost codes ({@code CostCode}, key CostCodeID). */
    public EntityApi<CostCode> costCodes() { return costCodes; }

    /** Project budget lines ({@code ProjectBudget}, PM309000; keys ProjectID, ProjectTaskID, AccountGroup, InventoryID, CostCode). */
    public EntityApi<ProjectBudget> projectBudgets() { return projectBudgets; }

    /** Project transactions ({@code ProjectTransaction}, PM304000; keys Module, ReferenceNbr; lines in Details). */
    public EntityApi<ProjectTransaction> projectTransactions() { return projectTransactions; }

    /** Change order classes ({@code ChangeOrderClass}, key ClassID). */
    public EntityApi<ChangeOrderClass> changeOrderClasses() { return changeOrderClasses; }

    /** Subcontracts ({@code Subcontract}, key SubcontractNbr; expand {@code Details} for lines). */
    public EntityApi<Subcontract> subcontracts() { return subcontracts; }

    /** Purchase orders ({@code PurchaseOrder}, keys Type, OrderNbr; expand {@code Details} for lines). */
    public EntityApi<PurchaseOrder> purchaseOrders() { return purchaseOrders; }

    /** Change orders ({@code ChangeOrder}, key RefNbr) with lookups and workflow actions. */
    public ChangeOrderApi changeOrders() { return changeOrders; }

    /** AP bills and checks (AP301000, AP302000). */
    public PayablesApi payables() { return payables; }

    /** The whole idempotent CCO export (lookup, insert On Hold, remove hold, release). */
    public ChangeOrderExporter changeOrderExporter() { return exporter; }

    /**
     * Signs out a session another client left open (a process killed before {@link #close()}), from the credentials
     * its {@link AcumaticaSessionListener} was given. Returns true when Acumatica closed the session or had already
     * (401), false when it refused; throws {@link AcumaticaException} when it could not be asked (retried first).
     */
    public boolean signOutLeftoverSession(String credentials) {
        return transport.signOutLeftover(credentials);
    }

    /** Registers a JVM shutdown hook that calls {@link #close()}; returns this. */
    public AcumaticaClient closeOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "acumatica-client-logout"));
        return this;
    }

    /** True once {@link #close()} was called: every call fails from then on. */
    public boolean isClosed() {
        return transport.isClosed();
    }

    /** Signs every session out (waits up to 30 s for requests in flight). Idempotent; later calls fail. */
    @Override
    public void close() {
        transport.close();
    }
}
