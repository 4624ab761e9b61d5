package com.crosswalk.acumatica.emulator.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;

/** The ERP side of the demo company (docs/demo-data.md), loaded through the same PUT/action paths as the API. */
public final class DemoData {
    private DemoData() {
    }

    public static void seed(Store s) {
        s.put("ChangeOrderClass", o("ClassID", "COMMITMENT", "Description", "Commitment change orders", "Active", true,
                "Commitments", true, "CostBudget", false, "RevenueBudget", false), Store.PutMode.INSERT, null, null);
        vendor(s, "APEXCON", "Apex Concrete Co.");
        vendor(s, "IRONCLAD", "Ironclad Steel Erectors");
        vendor(s, "BRIGHTLN", "Brightline Electric");
        project(s, "RIVERSIDE", "Riverside Medical Office Building");
        project(s, "HARBOR", "Harbor View Apartments");
        task(s, "RIVERSIDE", "01", "General", true);
        task(s, "RIVERSIDE", "02", "Site work", false);
        task(s, "HARBOR", "01", "General", true);
        for (String[] cc : List.of(new String[] {"01-100", "General Requirements"}, new String[] {"03-300", "Cast-in-Place Concrete"},
                new String[] {"05-120", "Structural Steel"}, new String[] {"09-250", "Gypsum Board"}, new String[] {"26-050", "Electrical"})) {
            s.put("CostCode", o("CostCodeID", cc[0], "Description", cc[1]), Store.PutMode.INSERT, null, null);
        }
        ObjectNode sc1 = o("SubcontractNbr", "SC0001", "VendorID", "APEXCON", "Description", "Riverside concrete", "Status", "Open",
                "Date", "2025-01-15", "CurrencyID", "USD", "ApplyRetainage", true, "RetainagePct", new BigDecimal("10"));
        ArrayNode d1 = sc1.putArray("Details");
        d1.add(scLine(1, "RIVERSIDE", "01", "03-300", "Foundations", "250000.00"));
        d1.add(scLine(2, "RIVERSIDE", "01", "03-300", "Slab on grade", "120000.00"));
        s.put("Subcontract", sc1, Store.PutMode.INSERT, null, null);
        ObjectNode po = o("Type", "Normal", "OrderNbr", "PO0001", "VendorID", "IRONCLAD", "Project", "RIVERSIDE",
                "Description", "Riverside structural steel", "Status", "Open", "Hold", false, "Date", "2025-01-20");
        ArrayNode pd = po.putArray("Details");
        ObjectNode pl = o("LineNbr", 1, "Project", "RIVERSIDE", "ProjectTask", "01", "CostCode", "05-120",
                "Description", "Structural steel package", "LineDescription", "Structural steel package", "LineType", "Non-Stock",
                "OrderQty", new BigDecimal("1"), "UOM", "EA", "UnitCost", new BigDecimal("480000.00"), "ExtendedCost", new BigDecimal("480000.00"));
        pd.add(pl);
        s.put("PurchaseOrder", po, Store.PutMode.INSERT, null, null);
        ObjectNode sc2 = o("SubcontractNbr", "SC0002", "VendorID", "APEXCON", "Description", "Harbor concrete", "Status", "Open",
                "Date", "2025-02-03", "CurrencyID", "USD", "ApplyRetainage", true, "RetainagePct", new BigDecimal("5"));
        ArrayNode d2 = sc2.putArray("Details");
        d2.add(scLine(1, "HARBOR", "01", "03-300", "Foundations and podium", "310000.00"));
        d2.add(scLine(2, "HARBOR", "01", "01-100", "General conditions", "40000.00"));
        s.put("Subcontract", sc2, Store.PutMode.INSERT, null, null);
        s.setNextNumber("Subcontract", 3);
        s.setNextNumber("PurchaseOrder", 2);

        releasedCo(s, "RIVERSIDE", "CW-DEMO-CCO-1", "Added rebar at footings", "SC0001", "12500.00");
        releasedCo(s, "HARBOR", "CW-DEMO-CCO-2", "Formwork rental extension", "SC0002", "4800.00");

        // subcontractor invoices synced from Crosswalk (docs/demo-data.md): SC0001 invoice #1 paid, #2 unpaid
        String b1 = releasedBill(s, "CW-DEMO-INV-1", "Invoice #1 of SC-001, 2026-01-01 – 2026-01-31", "2026-01-31",
                new Object[][] {{1, "Foundations — work completed", "50000.00"}, {2, "Slab on grade — work completed", "20000.00"}});
        s.payBill("APEXCON", b1, new BigDecimal("63000.00"), "CHK-1042", "2026-02-20");
        releasedBill(s, "CW-DEMO-INV-2", "Invoice #2 of SC-001, 2026-02-01 – 2026-02-28", "2026-02-28",
                new Object[][] {{1, "Foundations — work completed", "40000.00"}, {1, "Foundations — materials stored", "15000.00"}});

        // cost budgets (PM301000 Cost Budget tab) and job-to-date costs (PM304000), docs/demo-data.md: several cost codes,
        // concrete committed over budget on both projects, gypsum board over budget on actual cost
        s.put("ChangeOrderClass", o("ClassID", "BUDGET", "Description", "Budget and commitment change orders", "Active", true,
                "Commitments", true, "CostBudget", true, "RevenueBudget", false), Store.PutMode.INSERT, null, null);
        budget(s, "RIVERSIDE", "01", "LABOR", "01-100", "General Requirements", "150000.00", "55000.00");
        budget(s, "RIVERSIDE", "01", "SUBCON", "03-300", "Cast-in-Place Concrete", "360000.00", "150000.00");
        budget(s, "RIVERSIDE", "01", "MATERIAL", "05-120", "Structural Steel", "500000.00", "180000.00");
        budget(s, "RIVERSIDE", "01", "SUBCON", "09-250", "Gypsum Board", "85000.00", "12000.00");
        budget(s, "RIVERSIDE", "01", "SUBCON", "26-050", "Electrical", "240000.00", "180000.00");
        budget(s, "RIVERSIDE", "02", "LABOR", "01-100", "Site work labor", "40000.00", "28000.00");
        budget(s, "HARBOR", "01", "SUBCON", "03-300", "Cast-in-Place Concrete", "300000.00", "115000.00");
        budget(s, "HARBOR", "01", "LABOR", "01-100", "General Requirements", "45000.00", "23000.00");
        // a budget change synced from Crosswalk (docs/demo-data.md): Harbor labor raised by a released change order of the
        // cost budget only (PM308000 Cost Budget tab), 000003
        ObjectNode bc = o("ProjectID", "HARBOR", "Class", "BUDGET", "ExternalRefNbr", "CW-DEMO-BGT-1",
                "Description", "Budget change 001 Extended site supervision", "ChangeDate", "2025-03-15");
        bc.putArray("CostBudget").add(o("ProjectTaskID", "01", "AccountGroup", "LABOR", "CostCode", "01-100",
                "Description", "Extended site supervision", "Amount", new BigDecimal("6000.00")));
        String bcRef = s.put("ChangeOrder", bc, Store.PutMode.INSERT, null, null).path("RefNbr").path("value").asText();
        s.removeHold(bcRef);
        if (s.changeOrder(bcRef).map(c -> Store.PENDING_APPROVAL.equals(c.status())).orElse(false)) s.approve(bcRef);
        s.release(bcRef);
        String[] months = {"2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30", "2025-05-31", "2025-06-30"};
        String[] labor = {"15000.00", "15000.00", "16000.00", "16000.00", "16500.00", "16500.00"};
        for (int i = 0; i < months.length; i++) {
            cost(s, "PM", null, null, months[i], "RIVERSIDE", "01", "LABOR", "01-100", null, "Site supervision " + months[i].substring(0, 7), labor[i]);
        }
        cost(s, "PM", null, null, "2025-01-31", "RIVERSIDE", "02", "LABOR", "01-100", null, "Site clearing crew", "6000.00");
        cost(s, "PM", null, null, "2025-02-28", "RIVERSIDE", "02", "LABOR", "01-100", null, "Site clearing crew", "6000.00");
        cost(s, "AP", "Bill", "000101", "2025-02-28", "RIVERSIDE", "01", "SUBCON", "03-300", "APEXCON", "Foundations progress 1", "60000.00");
        cost(s, "AP", "Bill", "000107", "2025-03-31", "RIVERSIDE", "01", "SUBCON", "03-300", "APEXCON", "Foundations progress 2", "80000.00");
        cost(s, "AP", "Bill", "000113", "2025-04-30", "RIVERSIDE", "01", "SUBCON", "03-300", "APEXCON", "Slab on grade progress 1", "70000.00");
        cost(s, "AP", "Bill", "000108", "2025-03-31", "RIVERSIDE", "01", "MATERIAL", "05-120", "IRONCLAD", "Steel delivery 1", "120000.00");
        cost(s, "AP", "Bill", "000121", "2025-05-31", "RIVERSIDE", "01", "MATERIAL", "05-120", "IRONCLAD", "Steel delivery 2", "180000.00");
        cost(s, "AP", "Bill", "000115", "2025-04-30", "RIVERSIDE", "01", "SUBCON", "26-050", "BRIGHTLN", "Rough-in electrical", "25000.00");
        cost(s, "AP", "Bill", "000130", "2025-06-30", "RIVERSIDE", "01", "SUBCON", "26-050", "BRIGHTLN", "Panels and feeders", "35000.00");
        cost(s, "PM", null, null, "2025-05-31", "RIVERSIDE", "01", "SUBCON", "09-250", null, "Gypsum board, levels 1-2", "50000.00");
        cost(s, "PM", null, null, "2025-06-30", "RIVERSIDE", "01", "SUBCON", "09-250", null, "Gypsum board, levels 3-4", "41500.00");
        cost(s, "AP", "Bill", "000109", "2025-03-31", "HARBOR", "01", "SUBCON", "03-300", "APEXCON", "Podium foundations", "90000.00");
        cost(s, "AP", "Bill", "000122", "2025-05-31", "HARBOR", "01", "SUBCON", "03-300", "APEXCON", "Podium deck", "110000.00");
        cost(s, "PM", null, null, "2025-04-30", "HARBOR", "01", "LABOR", "01-100", null, "Site supervision 2025-04", "10000.00");
        cost(s, "PM", null, null, "2025-05-31", "HARBOR", "01", "LABOR", "01-100", null, "Site supervision 2025-05", "12000.00");
    }

    private static void budget(Store s, String project, String task, String group, String costCode, String desc, String amount,
            String costToComplete) {
        s.put("ProjectBudget", o("ProjectID", project, "ProjectTaskID", task, "AccountGroup", group, "CostCode", costCode,
                "Description", desc, "Type", "Expense", "UOM", "EA", "OriginalBudgetedQty", BigDecimal.ONE, "UnitRate", new BigDecimal(amount),
                "OriginalBudgetedAmount", new BigDecimal(amount), "CostToComplete", new BigDecimal(costToComplete)), Store.PutMode.INSERT, null, null);
    }

    /** One released project transaction with one line (an AP bill's or a manual PM one). */
    private static void cost(Store s, String module, String docType, String docNbr, String date, String project, String task, String group,
            String costCode, String vendor, String desc, String amount) {
        ObjectNode tx = o("Module", module, "Description", desc);
        if (docType != null) {
            tx.set("OriginalDocType", o("v", docType).get("v"));
            tx.set("OriginalDocNbr", o("v", docNbr).get("v"));
        }
        ObjectNode line = o("Project", project, "ProjectTask", task, "AccountGroup", group, "CostCode", costCode, "Date", date,
                "Description", desc, "Amount", new BigDecimal(amount), "Qty", BigDecimal.ONE, "UOM", "EA", "Billable", false);
        if (vendor != null) line.set("VendorOrCustomer", o("v", vendor).get("v"));
        tx.putArray("Details").add(line);
        String ref = s.put("ProjectTransaction", tx, Store.PutMode.INSERT, null, null).path("ReferenceNbr").path("value").asText();
        s.releaseTransaction(module, ref);
    }

    private static String releasedBill(Store s, String vendorRef, String description, String date, Object[][] lines) {
        ObjectNode bill = o("Vendor", "APEXCON", "VendorRef", vendorRef, "Description", description, "Date", date, "Hold", false);
        ArrayNode d = bill.putArray("Details");
        for (Object[] l : lines) {
            d.add(o("POOrderType", "Subcontract", "POOrderNbr", "SC0001", "POLine", l[0], "Description", l[1],
                    "Qty", BigDecimal.ONE, "UnitCost", new BigDecimal((String) l[2]), "Amount", new BigDecimal((String) l[2])));
        }
        String nbr = s.put("Bill", bill, Store.PutMode.INSERT, null, null).path("ReferenceNbr").path("value").asText();
        s.releaseBill("Bill", nbr);
        return nbr;
    }

    private static void releasedCo(Store s, String project, String ext, String desc, String sc, String amount) {
        ObjectNode co = o("ProjectID", project, "Class", "COMMITMENT", "ExternalRefNbr", ext, "Description", desc, "ChangeDate", "2025-03-01");
        co.putArray("Commitments").add(o("Status", "Update", "POType", "Subcontract", "PONbr", sc, "POLineNbr", 1,
                "Amount", new BigDecimal(amount), "Description", desc));
        String ref = s.put("ChangeOrder", co, Store.PutMode.INSERT, null, null).path("RefNbr").path("value").asText();
        s.removeHold(ref);
        // with --approval-required Remove Hold leads to Pending Approval: the demo's released change orders were approved
        if (s.changeOrder(ref).map(c -> Store.PENDING_APPROVAL.equals(c.status())).orElse(false)) s.approve(ref);
        s.release(ref);
    }

    private static ObjectNode scLine(int nbr, String project, String task, String costCode, String desc, String amount) {
        return o("LineNbr", nbr, "Project", project, "Task", task, "CostCode", costCode, "Description", desc, "LineDescription", desc,
                "OrderQty", BigDecimal.ONE, "UOM", "EA", "UnitCost", new BigDecimal(amount), "Amount", new BigDecimal(amount));
    }

    private static void vendor(Store s, String id, String name) {
        s.put("Vendor", o("VendorID", id, "VendorName", name, "LegalName", name, "Status", "Active", "CurrencyID", "USD"),
                Store.PutMode.INSERT, null, null);
    }

    private static void project(Store s, String id, String desc) {
        s.put("Project", o("ProjectID", id, "Description", desc, "Status", "Active", "Hold", false), Store.PutMode.INSERT, null, null);
    }

    private static void task(Store s, String project, String task, String desc, boolean dflt) {
        s.put("ProjectTask", o("ProjectID", project, "ProjectTaskID", task, "Description", desc, "Status", "Active", "Default", dflt),
                Store.PutMode.INSERT, null, null);
    }

    /** Builds {"Field":{"value":v},...} from name/value pairs. */
    public static ObjectNode o(Object... kv) {
        ObjectNode n = JsonCodec.F.objectNode();
        for (int i = 0; i < kv.length; i += 2) {
            ObjectNode w = n.putObject((String) kv[i]);
            Object v = kv[i + 1];
            if (v instanceof String str) w.put("value", str);
            else if (v instanceof Boolean b) w.put("value", b);
            else if (v instanceof Integer x) w.put("value", x);
            else if (v instanceof BigDecimal d) w.put("value", d);
            else if (v == null) w.putNull("value");
            else throw new IllegalArgumentException(String.valueOf(v));
        }
        return n;
    }
}
