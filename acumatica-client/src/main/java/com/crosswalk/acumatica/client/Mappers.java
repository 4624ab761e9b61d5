package com.crosswalk.acumatica.client;

import com.crosswalk.acumatica.client.model.ChangeOrder;
import com.crosswalk.acumatica.client.model.ChangeOrderClass;
import com.crosswalk.acumatica.client.model.ChangeOrderCommitmentLine;
import com.crosswalk.acumatica.client.model.ChangeOrderCostBudgetLine;
import com.crosswalk.acumatica.client.model.CostCode;
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
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import static com.crosswalk.acumatica.client.Json.bool;
import static com.crosswalk.acumatica.client.Json.date;
import static com.crosswalk.acumatica.client.Json.dec;
import static com.crosswalk.acumatica.client.Json.id;
import static com.crosswalk.acumatica.client.Json.integer;
import static com.crosswalk.acumatica.client.Json.put;
import static com.crosswalk.acumatica.client.Json.putId;
import static com.crosswalk.acumatica.client.Json.putList;
import static com.crosswalk.acumatica.client.Json.str;

/** Record ↔ JSON mappings for the entities Crosswalk uses (field names as in Default 24.200.001). */
final class Mappers {

    private Mappers() { }

    static <T> EntityMapper<T> of(String entity, String label, Function<T, ObjectNode> to, Function<JsonNode, T> from,
                                  Function<T, List<String>> keys) {
        return new EntityMapper<>() {
            @Override public String entity() { return entity; }
            @Override public String label() { return label; }
            @Override public ObjectNode toJson(T r) { return to.apply(r); }
            @Override public T fromJson(JsonNode n) { return from.apply(n); }
            @Override public List<String> keys(T r) { return keys.apply(r); }
        };
    }

    // ---- ChangeOrder --------------------------------------------------------------------------------------

    static final EntityMapper<ChangeOrder> CHANGE_ORDER = of("ChangeOrder", "change order", Mappers::changeOrderJson,
            Mappers::changeOrder, co -> Arrays.asList(co.refNbr()));

    static ObjectNode changeOrderJson(ChangeOrder co) {
        ObjectNode n = Json.object();
        putId(n, co.id());
        put(n, "RefNbr", co.refNbr());
        put(n, "ProjectID", co.projectId());
        put(n, "Class", co.classId());
        put(n, "ChangeDate", co.changeDate());
        put(n, "Description", co.description());
        put(n, "ExternalRefNbr", co.externalRefNbr());
        put(n, "Hold", co.hold());
        // Status, ReverseStatus, OriginalCORefNbr, CommitmentsChangeTotal are read-only: never sent.
        putList(n, "Commitments", co.commitments(), Mappers::commitmentJson);
        putList(n, "CostBudget", co.costBudget(), Mappers::costBudgetJson);
        return n;
    }

    static ChangeOrder changeOrder(JsonNode n) {
        return new ChangeOrder(id(n), str(n, "RefNbr"), str(n, "ProjectID"), str(n, "Class"), date(n, "ChangeDate"),
                str(n, "Description"), str(n, "ExternalRefNbr"), str(n, "Status"), bool(n, "Hold"),
                str(n, "ReverseStatus"), str(n, "OriginalCORefNbr"), dec(n, "CommitmentsChangeTotal"),
                Json.list(n, "Commitments", Mappers::commitment), Json.list(n, "CostBudget", Mappers::costBudget));
    }

    static ObjectNode costBudgetJson(ChangeOrderCostBudgetLine l) {
        ObjectNode n = Json.object();
        putId(n, l.id());
        put(n, "ProjectTaskID", l.projectTaskId());
        put(n, "AccountGroup", l.accountGroup());
        put(n, "InventoryID", l.inventoryId());
        put(n, "CostCode", l.costCode());
        put(n, "Description", l.description());
        put(n, "UOM", l.uom());
        put(n, "Qty", l.qty());
        put(n, "UnitRate", l.unitRate());
        put(n, "Amount", l.amount());
        return n;
    }

    static ChangeOrderCostBudgetLine costBudget(JsonNode n) {
        return new ChangeOrderCostBudgetLine(id(n), str(n, "ProjectTaskID"), str(n, "AccountGroup"), str(n, "InventoryID"),
                str(n, "CostCode"), str(n, "Description"), str(n, "UOM"), dec(n, "Qty"), dec(n, "UnitRate"), dec(n, "Amount"));
    }

    static ObjectNode commitmentJson(ChangeOrderCommitmentLine l) {
        ObjectNode n = Json.object();
        putId(n, l.id());
        put(n, "ProjectTaskID", l.projectTaskId());
        put(n, "CostCode", l.costCode());
        put(n, "Vendor", l.vendor());
        put(n, "POType", l.poType());
        put(n, "PONbr", l.poNbr());
        put(n, "POLineNbr", l.poLineNbr());
        put(n, "Status", l.lineType());
        put(n, "InventoryID", l.inventoryId());
        put(n, "UOM", l.uom());
        put(n, "Qty", l.qty());
        put(n, "UnitCost", l.unitCost());
        put(n, "Amount", l.amount());
        put(n, "Description", l.description());
        put(n, "Account", l.account());
        return n;
    }

    static ChangeOrderCommitmentLine commitment(JsonNode n) {
        return new ChangeOrderCommitmentLine(id(n), str(n, "ProjectTaskID"), str(n, "CostCode"), str(n, "Vendor"),
                str(n, "POType"), str(n, "PONbr"), integer(n, "POLineNbr"), str(n, "Status"), str(n, "InventoryID"),
                str(n, "UOM"), dec(n, "Qty"), dec(n, "UnitCost"), dec(n, "Amount"), str(n, "Description"),
                str(n, "Account"));
    }

    // ---- Vendor, Project, ProjectTask, CostCode, ChangeOrderClass -----------------------------------------

    static final EntityMapper<Vendor> VENDOR = of("Vendor", "vendor", v -> {
        ObjectNode n = Json.object();
        putId(n, v.id());
        put(n, "VendorID", v.vendorId());
        put(n, "VendorName", v.vendorName());
        put(n, "LegalName", v.legalName());
        put(n, "Status", v.status());
        put(n, "VendorClass", v.vendorClass());
        put(n, "Terms", v.terms());
        put(n, "CurrencyID", v.currencyId());
        return n;
    }, n -> new Vendor(id(n), str(n, "VendorID"), str(n, "VendorName"), str(n, "LegalName"), str(n, "Status"),
            str(n, "VendorClass"), str(n, "Terms"), str(n, "CurrencyID")), v -> Arrays.asList(v.vendorId()));

    static final EntityMapper<Project> PROJECT = of("Project", "project", p -> {
        ObjectNode n = Json.object();
        putId(n, p.id());
        put(n, "ProjectID", p.projectId());
        put(n, "Description", p.description());
        put(n, "Customer", p.customer());
        put(n, "Status", p.status());
        put(n, "Hold", p.hold());
        put(n, "ExternalRefNbr", p.externalRefNbr());
        put(n, "ProjectTemplateID", p.projectTemplateId());
        return n;
    }, n -> new Project(id(n), str(n, "ProjectID"), str(n, "Description"), str(n, "Customer"), str(n, "Status"),
            bool(n, "Hold"), str(n, "ExternalRefNbr"), str(n, "ProjectTemplateID")),
            p -> Arrays.asList(p.projectId()));

    static final EntityMapper<ProjectTask> PROJECT_TASK = of("ProjectTask", "project task", t -> {
        ObjectNode n = Json.object();
        putId(n, t.id());
        put(n, "ProjectID", t.projectId());
        put(n, "ProjectTaskID", t.projectTaskId());
        put(n, "Description", t.description());
        put(n, "Status", t.status());
        put(n, "Default", t.isDefault());
        put(n, "ExternalRefNbr", t.externalRefNbr());
        return n;
    }, n -> new ProjectTask(id(n), str(n, "ProjectID"), str(n, "ProjectTaskID"), str(n, "Description"),
            str(n, "Status"), bool(n, "Default"), str(n, "ExternalRefNbr")),
            t -> Arrays.asList(t.projectId(), t.projectTaskId()));

    static final EntityMapper<CostCode> COST_CODE = of("CostCode", "cost code", c -> {
        ObjectNode n = Json.object();
        putId(n, c.id());
        put(n, "CostCodeID", c.costCodeId());
        put(n, "Description", c.description());
        return n;
    }, n -> new CostCode(id(n), str(n, "CostCodeID"), str(n, "Description")), c -> Arrays.asList(c.costCodeId()));

    static final EntityMapper<ChangeOrderClass> CHANGE_ORDER_CLASS = of("ChangeOrderClass", "change order class", c -> {
        ObjectNode n = Json.object();
        putId(n, c.id());
        put(n, "ClassID", c.classId());
        put(n, "Description", c.description());
        put(n, "Active", c.active());
        put(n, "Commitments", c.commitments());
        put(n, "CostBudget", c.costBudget());
        put(n, "RevenueBudget", c.revenueBudget());
        return n;
    }, n -> new ChangeOrderClass(id(n), str(n, "ClassID"), str(n, "Description"), bool(n, "Active"),
            bool(n, "Commitments"), bool(n, "CostBudget"), bool(n, "RevenueBudget")),
            c -> Arrays.asList(c.classId()));

    static final EntityMapper<ProjectBudget> PROJECT_BUDGET = of("ProjectBudget", "project budget line", b -> {
        ObjectNode n = Json.object();
        putId(n, b.id());
        put(n, "ProjectID", b.projectId());
        put(n, "ProjectTaskID", b.projectTaskId());
        put(n, "AccountGroup", b.accountGroup());
        put(n, "InventoryID", b.inventoryId());
        put(n, "CostCode", b.costCode());
        put(n, "Description", b.description());
        put(n, "OriginalBudgetedAmount", b.originalBudgetedAmount());
        put(n, "CostToComplete", b.costToComplete());
        put(n, "CostAtCompletion", b.costAtCompletion());
        return n;
    }, n -> new ProjectBudget(id(n), str(n, "ProjectID"), str(n, "ProjectTaskID"), str(n, "AccountGroup"), str(n, "InventoryID"),
            str(n, "CostCode"), str(n, "Description"), str(n, "Type"), dec(n, "OriginalBudgetedAmount"), dec(n, "BudgetedCOAmount"),
            dec(n, "RevisedBudgetedAmount"), dec(n, "OriginalCommittedAmount"), dec(n, "CommittedCOAmount"), dec(n, "RevisedCommittedAmount"),
            dec(n, "CommittedOpenAmount"), dec(n, "CommittedInvoicedAmount"), dec(n, "ActualAmount"), dec(n, "CostToComplete"),
            dec(n, "CostAtCompletion"), dec(n, "VarianceAmount")),
            b -> Arrays.asList(b.projectId(), b.projectTaskId(), b.accountGroup(), b.inventoryId(), b.costCode()));

    static final EntityMapper<ProjectTransaction> PROJECT_TRANSACTION = of("ProjectTransaction", "project transaction", t -> {
        ObjectNode n = Json.object();
        putId(n, t.id());
        put(n, "Module", t.module());
        put(n, "ReferenceNbr", t.referenceNbr());
        put(n, "Description", t.description());
        put(n, "OriginalDocType", t.originalDocType());
        put(n, "OriginalDocNbr", t.originalDocNbr());
        putList(n, "Details", t.details(), l -> {
            ObjectNode d = Json.object();
            putId(d, l.id());
            put(d, "Project", l.project());
            put(d, "ProjectTask", l.projectTask());
            put(d, "AccountGroup", l.accountGroup());
            put(d, "CostCode", l.costCode());
            put(d, "Date", l.date());
            put(d, "Description", l.description());
            put(d, "VendorOrCustomer", l.vendorOrCustomer());
            put(d, "Qty", l.qty());
            put(d, "Amount", l.amount());
            return d;
        });
        return n;
    }, n -> new ProjectTransaction(id(n), str(n, "Module"), str(n, "ReferenceNbr"), str(n, "Status"), str(n, "Description"),
            str(n, "OriginalDocType"), str(n, "OriginalDocNbr"), dec(n, "TotalAmount"), Json.list(n, "Details", d ->
                    new ProjectTransactionLine(id(d), longValue(d, "TransactionID"), str(d, "Project"), str(d, "ProjectTask"),
                            str(d, "AccountGroup"), str(d, "CostCode"), date(d, "Date"), str(d, "Description"), str(d, "VendorOrCustomer"),
                            dec(d, "Qty"), dec(d, "Amount"), bool(d, "Released")))),
            t -> Arrays.asList(t.module(), t.referenceNbr()));

    private static Long longValue(JsonNode n, String field) {
        String s = str(n, field);
        return s == null || s.isBlank() ? null : Long.valueOf(s.trim());
    }

    // ---- Subcontract ----------------------------------------------------------------------------------------

    static final EntityMapper<Subcontract> SUBCONTRACT = of("Subcontract", "subcontract", s -> {
        ObjectNode n = Json.object();
        putId(n, s.id());
        put(n, "SubcontractNbr", s.subcontractNbr());
        put(n, "Status", s.status());
        put(n, "Date", s.date());
        put(n, "StartDate", s.startDate());
        put(n, "Description", s.description());
        put(n, "VendorID", s.vendorId());
        put(n, "Location", s.location());
        put(n, "CurrencyID", s.currencyId());
        put(n, "VendorRef", s.vendorRef());
        put(n, "ApplyRetainage", s.applyRetainage());
        put(n, "RetainagePct", s.retainagePct());
        // LineTotal, SubcontractTotal are computed: never sent.
        putList(n, "Details", s.details(), Mappers::subcontractLineJson);
        return n;
    }, n -> new Subcontract(id(n), str(n, "SubcontractNbr"), str(n, "Status"), date(n, "Date"), date(n, "StartDate"),
            str(n, "Description"), str(n, "VendorID"), str(n, "Location"), str(n, "CurrencyID"), str(n, "VendorRef"),
            dec(n, "LineTotal"), dec(n, "SubcontractTotal"), Json.list(n, "Details", Mappers::subcontractLine),
            bool(n, "ApplyRetainage"), dec(n, "RetainagePct")),
            s -> Arrays.asList(s.subcontractNbr()));

    static ObjectNode subcontractLineJson(SubcontractLine l) {
        ObjectNode n = Json.object();
        putId(n, l.id());
        put(n, "LineNbr", l.lineNbr());
        put(n, "Project", l.project());
        put(n, "Task", l.task());
        put(n, "CostCode", l.costCode());
        put(n, "InventoryID", l.inventoryId());
        put(n, "Description", l.description());
        put(n, "OrderQty", l.orderQty());
        put(n, "UOM", l.uom());
        put(n, "UnitCost", l.unitCost());
        put(n, "ExtendedCost", l.extendedCost());
        put(n, "Amount", l.amount());
        return n;
    }

    static SubcontractLine subcontractLine(JsonNode n) {
        return new SubcontractLine(id(n), integer(n, "LineNbr"), str(n, "Project"), str(n, "Task"),
                str(n, "CostCode"), str(n, "InventoryID"), str(n, "Description"), dec(n, "OrderQty"), str(n, "UOM"),
                dec(n, "UnitCost"), dec(n, "ExtendedCost"), dec(n, "Amount"));
    }

    // ---- Bill (AP301000) and Check (AP302000) -----------------------------------------------------------------

    static final EntityMapper<com.crosswalk.acumatica.client.model.Bill> BILL = of("Bill", "bill", b -> {
        ObjectNode n = Json.object();
        putId(n, b.id());
        put(n, "Type", b.type());
        put(n, "ReferenceNbr", b.referenceNbr());
        put(n, "Hold", b.hold());
        put(n, "Vendor", b.vendor());
        put(n, "VendorRef", b.vendorRef());
        put(n, "Description", b.description());
        put(n, "Date", b.date());
        // Status, Amount, Balance, Applications are Acumatica's: never sent
        putList(n, "Details", b.details(), l -> {
            ObjectNode d = Json.object();
            putId(d, l.id());
            put(d, "POOrderType", l.poOrderType());
            put(d, "POOrderNbr", l.poOrderNbr());
            put(d, "POLine", l.poLine());
            put(d, "Description", l.description());
            put(d, "Qty", l.qty());
            put(d, "UnitCost", l.unitCost());
            put(d, "Amount", l.amount());
            put(d, "Project", l.project());
            put(d, "ProjectTask", l.projectTask());
            put(d, "CostCode", l.costCode());
            return d;
        });
        return n;
    }, n -> new com.crosswalk.acumatica.client.model.Bill(id(n), str(n, "Type"), str(n, "ReferenceNbr"), str(n, "Status"),
            bool(n, "Hold"), str(n, "Vendor"), str(n, "VendorRef"), str(n, "Description"), date(n, "Date"), dec(n, "Amount"),
            dec(n, "Balance"),
            Json.list(n, "Details", d -> new com.crosswalk.acumatica.client.model.Bill.BillLine(id(d), str(d, "POOrderType"),
                    str(d, "POOrderNbr"), integer(d, "POLine"), str(d, "Description"), dec(d, "Qty"), dec(d, "UnitCost"),
                    dec(d, "Amount"), str(d, "Project"), str(d, "ProjectTask"), str(d, "CostCode"))),
            Json.list(n, "Applications", a -> new com.crosswalk.acumatica.client.model.Bill.BillApplication(str(a, "DocType"),
                    str(a, "ReferenceNbr"), dec(a, "AmountPaid"), dec(a, "Balance"), str(a, "Status")))),
            b -> Arrays.asList(b.type(), b.referenceNbr()));

    static final EntityMapper<com.crosswalk.acumatica.client.model.Check> CHECK = of("Check", "check", c -> {
        ObjectNode n = Json.object();
        putId(n, c.id());
        put(n, "Type", c.type());
        put(n, "ReferenceNbr", c.referenceNbr());
        put(n, "Hold", c.hold());
        put(n, "Vendor", c.vendor());
        put(n, "PaymentRef", c.paymentRef());
        put(n, "ApplicationDate", c.applicationDate());
        put(n, "PaymentAmount", c.paymentAmount());
        putList(n, "Details", c.details(), p -> {
            ObjectNode d = Json.object();
            put(d, "DocType", p.docType());
            put(d, "ReferenceNbr", p.referenceNbr());
            put(d, "AmountPaid", p.amountPaid());
            return d;
        });
        return n;
    }, n -> new com.crosswalk.acumatica.client.model.Check(id(n), str(n, "Type"), str(n, "ReferenceNbr"), str(n, "Status"),
            bool(n, "Hold"), str(n, "Vendor"), str(n, "PaymentRef"), date(n, "ApplicationDate"), dec(n, "PaymentAmount"),
            Json.list(n, "Details", d -> new com.crosswalk.acumatica.client.model.Check.Paid(str(d, "DocType"),
                    str(d, "ReferenceNbr"), dec(d, "AmountPaid")))),
            c -> Arrays.asList(c.type(), c.referenceNbr()));

    // ---- PurchaseOrder --------------------------------------------------------------------------------------

    static final EntityMapper<PurchaseOrder> PURCHASE_ORDER = of("PurchaseOrder", "purchase order", p -> {
        ObjectNode n = Json.object();
        putId(n, p.id());
        put(n, "Type", p.type());
        put(n, "OrderNbr", p.orderNbr());
        put(n, "Status", p.status());
        put(n, "Hold", p.hold());
        put(n, "Date", p.date());
        put(n, "Description", p.description());
        put(n, "VendorID", p.vendorId());
        put(n, "Project", p.project());
        put(n, "CurrencyID", p.currencyId());
        put(n, "VendorRef", p.vendorRef());
        putList(n, "Details", p.details(), Mappers::purchaseOrderLineJson);
        return n;
    }, n -> new PurchaseOrder(id(n), str(n, "Type"), str(n, "OrderNbr"), str(n, "Status"), bool(n, "Hold"),
            date(n, "Date"), str(n, "Description"), str(n, "VendorID"), str(n, "Project"), str(n, "CurrencyID"),
            str(n, "VendorRef"), dec(n, "LineTotal"), dec(n, "OrderTotal"),
            Json.list(n, "Details", Mappers::purchaseOrderLine)),
            p -> Arrays.asList(p.type(), p.orderNbr()));

    static ObjectNode purchaseOrderLineJson(PurchaseOrderLine l) {
        ObjectNode n = Json.object();
        putId(n, l.id());
        put(n, "LineNbr", l.lineNbr());
        put(n, "LineType", l.lineType());
        put(n, "InventoryID", l.inventoryId());
        put(n, "Description", l.description());
        put(n, "Project", l.project());
        put(n, "ProjectTask", l.projectTask());
        put(n, "CostCode", l.costCode());
        put(n, "OrderQty", l.orderQty());
        put(n, "UOM", l.uom());
        put(n, "UnitCost", l.unitCost());
        put(n, "ExtendedCost", l.extendedCost());
        return n;
    }

    static PurchaseOrderLine purchaseOrderLine(JsonNode n) {
        return new PurchaseOrderLine(id(n), integer(n, "LineNbr"), str(n, "LineType"), str(n, "InventoryID"),
                str(n, "Description"), str(n, "Project"), str(n, "ProjectTask"), str(n, "CostCode"),
                dec(n, "OrderQty"), str(n, "UOM"), dec(n, "UnitCost"), dec(n, "ExtendedCost"));
    }
}
