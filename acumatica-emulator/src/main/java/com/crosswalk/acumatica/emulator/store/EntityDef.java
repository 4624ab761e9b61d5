package com.crosswalk.acumatica.emulator.store;

import java.util.List;

/**
 * A top-level entity the emulator serves.
 *
 * @param name    entity name in the URL and schema name
 * @param keys    key fields in URL order
 * @param display name used in Acumatica's messages ("Change Order")
 * @param graph   graph type (for the files:put link)
 * @param view    primary view (for the files:put link)
 * @param autoKey key field numbered by the system, or null
 */
public record EntityDef(String name, List<String> keys, String display, String graph, String view, String autoKey) {
    public EntityType type() {
        return EntityType.of(name);
    }

    public static final List<EntityDef> ALL = List.of(
            new EntityDef("Vendor", List.of("VendorID"), "Vendor", "PX.Objects.AP.VendorMaint", "BAccount", null),
            new EntityDef("Project", List.of("ProjectID"), "Project", "PX.Objects.PM.ProjectEntry", "Project", null),
            new EntityDef("ProjectTask", List.of("ProjectID", "ProjectTaskID"), "Project Task", "PX.Objects.PM.ProjectTaskEntry", "Task", null),
            new EntityDef("CostCode", List.of("CostCodeID"), "Cost Code", "PX.Objects.PM.CostCodeMaint", "Items", null),
            new EntityDef("ChangeOrderClass", List.of("ClassID"), "Change Order Class", "PX.Objects.PM.ChangeOrderClassMaint", "Item", null),
            new EntityDef("Subcontract", List.of("SubcontractNbr"), "Subcontract", "PX.Objects.CN.Subcontracts.SC.Graphs.SubcontractEntry", "Document", "SubcontractNbr"),
            new EntityDef("PurchaseOrder", List.of("Type", "OrderNbr"), "Purchase Order", "PX.Objects.PO.POOrderEntry", "Document", "OrderNbr"),
            new EntityDef("ChangeOrder", List.of("RefNbr"), "Change Order", "PX.Objects.PM.ChangeOrderEntry", "Document", "RefNbr"),
            new EntityDef("Bill", List.of("Type", "ReferenceNbr"), "Bill", "PX.Objects.AP.APInvoiceEntry", "Document", "ReferenceNbr"),
            new EntityDef("Check", List.of("Type", "ReferenceNbr"), "Check", "PX.Objects.AP.APPaymentEntry", "Document", "ReferenceNbr"),
            // PM309000 Project Budget: one line per project budget key (UG Projects_Transactions_GeneralInfo: "the project
            // budget key is the combination of the project, project task, account group, inventory item, and cost code")
            new EntityDef("ProjectBudget", List.of("ProjectID", "ProjectTaskID", "AccountGroup", "InventoryID", "CostCode"), "Project Budget",
                    "PX.Objects.PM.BudgetMaint", "Items", null),
            // PM304000 Project Transactions: a group of transactions keyed by Source (Module) and Ref. Number
            new EntityDef("ProjectTransaction", List.of("Module", "ReferenceNbr"), "Project Transaction", "PX.Objects.PM.RegisterEntry",
                    "Document", "ReferenceNbr"));

    public static EntityDef byName(String name) {
        for (EntityDef d : ALL) if (d.name.equalsIgnoreCase(name)) return d;
        return null;
    }
}
