package com.crosswalk.acumatica.emulator.store;

import com.crosswalk.acumatica.emulator.contract.Swagger;
import com.crosswalk.acumatica.emulator.query.Filter;
import com.crosswalk.acumatica.emulator.store.EntityType.Prop;
import com.crosswalk.acumatica.emulator.store.JsonCodec.BadValue;
import com.crosswalk.acumatica.emulator.store.JsonCodec.Errors;
import com.crosswalk.acumatica.emulator.store.Snapshots.ChangeOrderSnapshot;
import com.crosswalk.acumatica.emulator.store.Snapshots.CommitmentLine;
import com.crosswalk.acumatica.emulator.store.Snapshots.DocumentLine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

/**
 * The emulated ERP database: the eight entities, Acumatica's PUT/GET/DELETE semantics and the change-order
 * workflow of screen PM308000 (hold, approval, release onto subcontract/PO lines, reverse, delete rules).
 * One read/write lock guards everything; writes replace records copy-on-write.
 */
public final class Store {
    public static final String ENTITY_BASE = "/entity/Default/24.200.001";

    public enum PutMode { ANY, INSERT, UPDATE }

    public static final String ON_HOLD = "On Hold", PENDING_APPROVAL = "Pending Approval", OPEN = "Open", CLOSED = "Closed",
            REJECTED = "Rejected", CANCELED = "Canceled";
    public static final String RS_NONE = "None", RS_REVERSED = "Reversed", RS_REVERSING = "Reversing";
    public static final String LINE_UPDATE = "Update", LINE_NEW_LINE = "New Line", LINE_NEW_DOCUMENT = "New Document", LINE_REOPEN = "Reopen";
    public static final String PO_SUBCONTRACT = "Subcontract", PO_NORMAL = "Normal", PO_DROPSHIP = "Project Drop-Ship";
    public static final Set<String> CO_ACTIONS = Set.of("RemoveChangeOrderFromHold", "HoldChangeOrder", "ApproveChangeOrder",
            "RejectChangeOrder", "ReleaseChangeOrder", "ReverseChangeOrder", "EmailChangeOrder");
    /**
     * Actions of ChangeOrderEntry (PM308000's graph) the Default endpoint does not declare, run as custom actions:
     * {@code coCancel} = the form's Cancel command (status Canceled); {@code Cancel} = every graph's standard
     * "cancel unsaved changes", which changes nothing on a saved record.
     */
    public static final Set<String> CO_CUSTOM_ACTIONS = Set.of("coCancel", "Cancel");
    /** Workflow actions listed by $adHocSchema (those the endpoint does not declare and the emulator runs). */
    public static final List<String> CO_WORKFLOW_ACTIONS = List.of("coCancel");

    /** ProjectBudget fields the system computes on every read (see {@link #budgetView}). */
    static final Set<String> BUDGET_COMPUTED = Set.of("ActualAmount", "ActualQty", "ActualPlusOpenCommittedAmount", "BudgetedCOAmount",
            "BudgetedCOQty", "CommittedCOAmount", "CommittedCOQty", "CommittedInvoicedAmount", "CommittedInvoicedQty", "CommittedOpenAmount",
            "CommittedOpenQty", "CommittedReceivedQty", "OriginalCommittedAmount", "OriginalCommittedQty", "RevisedBudgetedAmount",
            "RevisedBudgetedQty", "RevisedCommittedAmount", "RevisedCommittedQty", "VarianceAmount", "Performance", "LastCostToComplete",
            "LastCostAtCompletion", "LastPercentageOfCompletion", "DraftInvoicesAmount", "PendingInvoiceAmount", "Retainage");
    public static final String TX_BALANCED = "Balanced", TX_RELEASED = "Released";
    private static final Set<String> ALWAYS_READ_ONLY = Set.of("LastModifiedDateTime", "CreatedDateTime");
    private static final Map<String, Set<String>> READ_ONLY = Map.of(
            // Hold: the workflow moves a change order between statuses only by its actions (PM308000 Hold / Remove Hold)
            "ChangeOrder", Set.of("Status", "Hold", "ReverseStatus", "OriginalCORefNbr", "CommitmentsChangeTotal", "CostBudgetChangeTotal",
                    "RevenueBudgetChangeTotal", "GrossMargin", "GrossMarginAmount", "RevenueChangeNbr", "Customer"),
            "Subcontract", Set.of("LineTotal", "SubcontractTotal"),
            "PurchaseOrder", Set.of("LineTotal", "OrderTotal"),
            // AP301000: Status is assigned by the system; Amount is calculated (Validate Document Totals on Entry cleared),
            // Balance moves with applications; Applications lists the payments and adjustments applied
            "Bill", Set.of("Status", "Amount", "Balance", "Applications", "TaxTotal"),
            // AP302000: Status by the system; the unapplied balance is calculated
            "Check", Set.of("Status", "UnappliedBalance", "History"),
            // PM301000 Cost Budget tab / PM309000: with the Change Order Workflow the revised budget is Original + Budgeted
            // CO; committed, actual, variance and performance are the system's (read-only) sums; Last* are kept by the system
            "ProjectBudget", BUDGET_COMPUTED,
            // PM304000: Status, totals are the system's
            "ProjectTransaction", Set.of("Status", "TotalAmount", "TotalQty", "TotalBillableQty"));
    private static final Set<String> CO_LINE_READ_ONLY = Set.of("LineAmount", "PotentiallyRevisedAmount", "PotentiallyRevisedQty",
            "AmountinBaseCurrency", "OpenQty", "OrderQty", "OrderDate");

    private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final Map<String, Long> counters = new HashMap<>();
    private volatile Runnable changeListener = () -> { };
    private volatile boolean approvalRequired;
    /** Change orders (normalized RefNbr) under a long-running release. */
    private final Set<String> busy = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static final class Table {
        final EntityDef def;
        final LinkedHashMap<UUID, Rec> byId = new LinkedHashMap<>();
        final HashMap<String, Rec> byKey = new HashMap<>();

        Table(EntityDef def) {
            this.def = def;
        }
    }

    public Store() {
        for (EntityDef d : EntityDef.ALL) tables.put(d.name(), new Table(d));
    }

    public void setChangeListener(Runnable r) { this.changeListener = r == null ? () -> { } : r; }

    public void setApprovalRequired(boolean v) { this.approvalRequired = v; }

    private final List<Runnable> moreChangeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Another listener told after every committed change (push notifications), beside the data file's. */
    public void addChangeListener(Runnable r) { moreChangeListeners.add(r); }

    private void changed() {
        changeListener.run();
        for (Runnable r : moreChangeListeners) r.run();
    }

    public static EntityDef def(String entity) {
        EntityDef d = EntityDef.byName(entity);
        if (d == null) throw AcumaticaException.notFound("No HTTP resource was found that matches the request URI '" + ENTITY_BASE + "/" + entity + "'.");
        return d;
    }

    private Table table(EntityDef d) { return tables.get(d.name()); }

    private Table table(String name) { return tables.get(name); }

    // =====================================================================================  keys and lookup
    static String norm(Object o) {
        return o == null ? "" : o.toString().trim().toUpperCase(Locale.ROOT);
    }

    static String keyOf(EntityDef d, Rec r) {
        StringBuilder sb = new StringBuilder();
        for (String k : d.keys()) sb.append(norm(r.get(k))).append('\u0001');
        return sb.toString();
    }

    static String keyOf(List<String> values) {
        StringBuilder sb = new StringBuilder();
        for (String v : values) sb.append(norm(v)).append('\u0001');
        return sb.toString();
    }

    private Rec findByKeys(EntityDef d, List<String> keys) {
        if (keys.size() != d.keys().size()) return null;
        return table(d).byKey.get(keyOf(keys));
    }

    /** Locates the record a body refers to: by "id", else by all key fields (null if absent/new). */
    private Rec locate(EntityDef d, JsonNode body) {
        Table t = table(d);
        if (body.hasNonNull("id")) {
            try {
                Rec r = t.byId.get(UUID.fromString(body.get("id").asText()));
                if (r != null) return r;
            } catch (IllegalArgumentException e) {
                // not a guid: fall through to keys
            }
        }
        List<String> keys = new ArrayList<>();
        for (String k : d.keys()) {
            JsonNode w = body.get(k);
            if (w == null || !w.hasNonNull("value")) return null;
            String v = w.get("value").asText();
            if (v.isBlank() || v.equals("<NEW>")) return null;
            keys.add(v);
        }
        return t.byKey.get(keyOf(keys));
    }

    private void save(Table t, Rec old, Rec rec) {
        if (old != null) t.byKey.remove(keyOf(t.def, old));
        t.byId.put(rec.id, rec);
        t.byKey.put(keyOf(t.def, rec), rec);
    }

    private String nextNumber(String entity) {
        Table t = table(entity);
        while (true) {
            long n = counters.merge(entity, 1L, Long::sum);
            String nbr = switch (entity) {
                case "ChangeOrder", "Bill", "Check" -> String.format("%06d", n);
                case "Subcontract" -> String.format("SC%04d", n);
                case "ProjectTransaction" -> String.format("PM%06d", n);
                default -> String.format("PO%04d", n);
            };
            boolean taken = entity.equals("PurchaseOrder") || entity.equals("Bill") || entity.equals("Check")
                    || entity.equals("ProjectTransaction")
                    ? t.byId.values().stream().anyMatch(r -> nbr.equalsIgnoreCase(r.str(entity.equals("PurchaseOrder") ? "OrderNbr" : "ReferenceNbr")))
                    : t.byKey.containsKey(keyOf(List.of(nbr)));
            if (!taken) return nbr;
        }
    }

    // =====================================================================================  reads
    public ArrayNode list(String entity, String filter, String select, String expand, Integer top, Integer skip) {
        return list(entity, filter, select, expand, null, top, skip, ENTITY_BASE);
    }

    /**
     * GET /{entity}: the records matching {@code $filter}, shaped by {@code $select/$expand/$custom}, with
     * {@code _links} under {@code linkBase} (the endpoint version asked for).
     */
    public ArrayNode list(String entity, String filter, String select, String expand, String custom, Integer top,
            Integer skip, String linkBase) {
        EntityDef d = def(entity);
        Predicate<Rec> p = Filter.parse(filter, d.type());
        Projection proj = Projection.parse(select, expand);
        CustomFields cf = CustomFields.parse(d, custom);
        ArrayNode out = JsonCodec.F.arrayNode();
        rw.readLock().lock();
        try {
            int skipped = 0;
            int row = 1;
            Ledger ledger = d.name().equals("ProjectBudget") ? ledger() : null;
            for (Rec stored : table(d).byId.values()) {
                Rec r = ledger == null ? stored : budgetView(stored, ledger);
                if (!p.test(r)) continue;
                if (skip != null && skipped < skip) {
                    skipped++;
                    continue;
                }
                if (top != null && out.size() >= top) break;
                out.add(withCustom(JsonCodec.render(r, d, proj, row++, null, linkBase), r, cf));
            }
        } finally {
            rw.readLock().unlock();
        }
        return out;
    }

    public ObjectNode getByKeys(String entity, List<String> keys, String select, String expand) {
        return getByKeys(entity, keys, select, expand, null, ENTITY_BASE);
    }

    /** GET /{entity}/{keys} (or /{id}); 500 NoEntitySatisfiesTheCondition when absent. */
    public ObjectNode getByKeys(String entity, List<String> keys, String select, String expand, String custom,
            String linkBase) {
        EntityDef d = def(entity);
        Projection proj = Projection.parse(select, expand);
        CustomFields cf = CustomFields.parse(d, custom);
        rw.readLock().lock();
        try {
            Rec r = null;
            if (keys.size() == 1 && d.keys().size() > 1 || keys.size() == 1 && isGuid(keys.get(0)) && findByKeys(d, keys) == null) {
                r = isGuid(keys.get(0)) ? table(d).byId.get(UUID.fromString(keys.get(0))) : null;
            } else {
                r = findByKeys(d, keys);
            }
            if (r == null) throw AcumaticaException.noEntity();
            if (d.name().equals("ProjectBudget")) r = budgetView(r, ledger());
            return withCustom(JsonCodec.render(r, d, proj, 1, null, linkBase), r, cf);
        } finally {
            rw.readLock().unlock();
        }
    }

    /** Adds the {@code $custom} values asked for to a rendered record (under the read or write lock). */
    private ObjectNode withCustom(ObjectNode o, Rec r, CustomFields cf) {
        if (cf.isEmpty()) return o;
        ObjectNode custom = o.with("custom");
        for (CustomFields.Field f : cf.asked) {
            ObjectNode w = custom.with(f.view()).putObject(f.name());
            w.put("type", f.type());
            String v = customValue(r, f);
            if (v == null) w.putNull("value");
            else w.put("value", v);
        }
        return o;
    }

    private String customValue(Rec r, CustomFields.Field f) {
        if (f.name().equals("ReversingRefNbr")) {
            List<String> reversing = new ArrayList<>();
            for (Rec x : table("ChangeOrder").byId.values()) {
                if (RS_REVERSING.equals(x.str("ReverseStatus")) && norm(r.get("RefNbr")).equals(norm(x.get("OriginalCORefNbr")))) {
                    reversing.add(x.str("RefNbr"));
                }
            }
            return reversing.isEmpty() ? null : reversing.size() == 1 ? reversing.get(0) : "<LIST>";
        }
        return null;
    }

    /**
     * GET /{entity}/$adHocSchema: every field of the entity (empty), the custom fields the form offers with their
     * view and type, and — Integration Development Guide "Retrieve the Schema of Custom Fields and Workflow
     * Actions" — {@code _workflowActions}: the workflow actions the endpoint does not declare.
     */
    public ObjectNode adHocSchema(String entity, String linkBase) {
        EntityDef d = def(entity);
        ObjectNode o = JsonCodec.render(new Rec(d.type(), new UUID(0, 0)), d, Projection.DEFAULT, 1, null, linkBase);
        ObjectNode custom = o.with("custom");
        for (CustomFields.Field f : CustomFields.KNOWN.getOrDefault(d.name(), List.of())) {
            ObjectNode w = custom.with(f.view()).putObject(f.name());
            w.put("type", f.type());
            w.putNull("value");
        }
        if (d.name().equals("ChangeOrder")) {
            ArrayNode actions = o.putArray("_workflowActions");
            for (String a : CO_WORKFLOW_ACTIONS) actions.addObject().putObject(a).putObject("parameters").putObject("custom");
        }
        return o;
    }

    static boolean isGuid(String s) {
        return s.length() == 36 && s.charAt(8) == '-' && s.charAt(13) == '-';
    }

    // =====================================================================================  PUT
    public ObjectNode put(String entity, ObjectNode body, PutMode mode, String select, String expand) {
        return put(entity, body, mode, select, expand, null, ENTITY_BASE);
    }

    /** PUT /{entity}: create or update (by id or keys), {@code mode} from If-None-Match / If-Match. */
    public ObjectNode put(String entity, ObjectNode body, PutMode mode, String select, String expand, String custom,
            String linkBase) {
        EntityDef d = def(entity);
        Projection proj = Projection.parse(select, expand);
        CustomFields cf = CustomFields.parse(d, custom);
        ObjectNode result;
        rw.writeLock().lock();
        try {
            Table t = table(d);
            Rec existing = locate(d, body);
            if (mode == PutMode.INSERT && existing != null) {
                throw AcumaticaException.precondition("The entity cannot be inserted because an entity with the same keys already exists.");
            }
            if (mode == PutMode.UPDATE && existing == null) {
                throw AcumaticaException.precondition("The entity cannot be updated because no entity with these keys exists.");
            }
            boolean insert = existing == null;
            Rec rec = insert ? new Rec(d.type(), UUID.randomUUID()) : existing.copy();
            Errors errors = new Errors(new HashMap<>(), new HashMap<>());
            Set<String> ro = READ_ONLY.getOrDefault(d.name(), Set.of());
            if (!insert && d.name().equals("ChangeOrder")) refuseIfBusy(existing);
            if (!insert && (d.name().equals("Bill") || d.name().equals("Check"))) Payables.refuseEditOfReleased(d, existing);
            if (insert && (d.name().equals("Bill") || d.name().equals("Check")) && !body.has("Type")) {
                rec.set("Type", d.name().equals("Bill") ? Payables.BILL : Payables.CHECK);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = e.getKey();
                if (name.equals("note")) {
                    if (e.getValue().isObject() && e.getValue().has("value")) rec.note = noteText(e.getValue().get("value"));
                    else if (e.getValue().isTextual()) rec.note = noteText(e.getValue());
                    continue;
                }
                Prop prop = d.type().prop(name);
                if (prop == null) continue; // system fields (id, rowNumber, custom, _links, files) and unknown ones are ignored
                if (ALWAYS_READ_ONLY.contains(name) || ro.contains(name)) continue;
                if (!insert && d.keys().contains(name)) continue;
                if (insert && name.equals(d.autoKey()) && !d.name().equals("Subcontract") && !d.name().equals("PurchaseOrder")) continue;
                applyProp(rec, prop, e.getValue(), errors, d.name().equals("ChangeOrder"));
            }
            if (insert) defaults(d, rec);
            if (insert) {
                for (String k : d.keys()) {
                    if (k.equals(d.autoKey())) continue;
                    if (rec.get(k) == null || rec.str(k).isBlank()) fieldError(errors, rec, k, "'" + k + "' cannot be empty.");
                }
            }
            switch (d.name()) {
                case "ChangeOrder" -> validateChangeOrder(rec, existing, errors, insert);
                case "Subcontract", "PurchaseOrder" -> recalcDocument(d, rec, insert);
                case "Bill" -> payables.validateBill(rec, existing, body, errors, insert);
                case "Check" -> payables.validateCheck(rec, existing, body, errors, insert);
                case "ProjectBudget" -> validateBudgetLine(rec, existing, errors);
                case "ProjectTransaction" -> validateTransaction(rec, existing, errors, insert);
                case "ProjectTask" -> {
                    if (rec.get("ProjectID") != null && findByKeys(def("Project"), List.of(rec.str("ProjectID"))) == null) {
                        fieldError(errors, rec, "ProjectID", "Project '" + rec.str("ProjectID") + "' cannot be found in the system.");
                    }
                }
                default -> { }
            }
            if (insert) {
                if (rec.type.prop("Status") != null && rec.get("Status") == null) rec.set("Status", defaultStatus(d.name()));
                if (d.autoKey() != null && (rec.get(d.autoKey()) == null || rec.str(d.autoKey()).isBlank()
                        || rec.str(d.autoKey()).equals("<NEW>"))) {
                    if (errors.isEmpty()) rec.set(d.autoKey(), nextNumber(d.name()));
                    else rec.set(d.autoKey(), "<NEW>");
                }
                if (errors.isEmpty() && t.byKey.containsKey(keyOf(d, rec))) {
                    throw AcumaticaException.precondition("The entity cannot be inserted because an entity with the same keys already exists.");
                }
            }
            if (!errors.isEmpty()) {
                // 422 whether the errors are on the header or only on detail lines (Acumatica's client tests,
                // ErrorMessagesTests.DetailLevelErrorsAreReported): the fields sent are echoed, each failing field
                // (on the header or on a line) carries its "error", and the entity its summary
                String verb = insert ? "Inserting" : "Updating";
                errors.entity().putIfAbsent(rec, verb + " '" + d.display() + "' record raised at least one error. Please review the errors.");
                throw AcumaticaException.validation(JsonCodec.render(rec, d, echoOf(body, d, rec, errors), 1, errors, linkBase));
            }
            rec.set("LastModifiedDateTime", JsonCodec.now());
            if (rec.type.prop("CreatedDateTime") != null && insert) rec.set("CreatedDateTime", JsonCodec.now());
            save(t, existing, rec);
            Rec shown = d.name().equals("ProjectBudget") ? budgetView(rec, ledger()) : rec;
            result = withCustom(JsonCodec.render(shown, d, proj, 1, null, linkBase), shown, cf);
        } finally {
            rw.writeLock().unlock();
        }
        changed();
        return result;
    }

    /** Notes are kept as text or null; an empty note is no note. */
    private static String noteText(JsonNode v) {
        if (v == null || v.isNull()) return null;
        String t = v.asText();
        return t.isEmpty() ? null : t;
    }

    /**
     * What a 422 echoes: the fields the request sent (and the keys), each detail collection sent with the fields its
     * lines sent, plus every field that carries an error.
     */
    private static Projection echoOf(JsonNode body, EntityDef d, Rec rec, Errors errors) {
        Set<String> select = new java.util.LinkedHashSet<>(d.keys());
        List<String> expand = new ArrayList<>();
        for (Prop p : d.type().props()) {
            if (!body.has(p.name())) continue;
            if (!p.detail()) {
                select.add(p.name());
                continue;
            }
            expand.add(p.name());
            Set<String> lineFields = new java.util.LinkedHashSet<>();
            for (JsonNode item : body.get(p.name())) item.fieldNames().forEachRemaining(lineFields::add);
            List<Rec> lines = rec.detailsOrNull(p.name());
            if (lines != null) for (Rec l : lines) lineFields.addAll(errors.fields().getOrDefault(l, Map.of()).keySet());
            for (String f : lineFields) select.add(p.name() + "/" + f);
        }
        select.addAll(errors.fields().getOrDefault(rec, Map.of()).keySet());
        return Projection.parse(String.join(",", select), String.join(",", expand));
    }

    private static String defaultStatus(String entity) {
        return switch (entity) {
            case "ChangeOrder" -> ON_HOLD;
            case "Subcontract", "PurchaseOrder" -> OPEN;
            case "ProjectTransaction" -> TX_BALANCED;
            default -> "Active";
        };
    }

    private static void fieldError(Errors errors, Rec rec, String field, String message) {
        errors.fields().computeIfAbsent(rec, k -> new LinkedHashMap<>()).putIfAbsent(field, message);
    }

    private void applyProp(Rec rec, Prop prop, JsonNode value, Errors errors, boolean coLines) {
        if (prop.isValue()) {
            try {
                Object v = JsonCodec.parse(prop, value);
                if (v != JsonCodec.NO_VALUE) rec.v[prop.index()] = v;
            } catch (BadValue ex) {
                fieldError(errors, rec, prop.name(), ex.getMessage());
            }
        } else if (prop.linked()) {
            if (value.isObject()) rec.v[prop.index()] = value.deepCopy();
        } else if (prop.detail()) {
            if (!value.isArray()) {
                fieldError(errors, rec, prop.name(), "A detail collection must be a JSON array.");
                return;
            }
            EntityType lineType = EntityType.of(prop.refSchema());
            List<Rec> lines = rec.details(prop.name());
            Prop lineNbr = lineType.prop("LineNbr");
            for (JsonNode item : value) {
                if (!item.isObject()) continue;
                Rec target = null;
                if (item.hasNonNull("id")) {
                    for (Rec l : lines) if (l.id.toString().equalsIgnoreCase(item.get("id").asText())) target = l;
                } else if (lineNbr != null && item.path("LineNbr").hasNonNull("value")) {
                    int n = item.path("LineNbr").path("value").asInt();
                    for (Rec l : lines) if (Objects.equals(l.get("LineNbr"), n)) target = l;
                }
                if (item.path("delete").asBoolean(false)) {
                    if (target != null) lines.remove(target);
                    continue;
                }
                if (target == null) {
                    target = new Rec(lineType, UUID.randomUUID());
                    lines.add(target);
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    Prop lp = lineType.prop(e.getKey());
                    if (e.getKey().equals("note") && e.getValue().isObject()) {
                        target.note = noteText(e.getValue().path("value"));
                        continue;
                    }
                    if (lp == null || !lp.isValue()) continue;
                    if (coLines && CO_LINE_READ_ONLY.contains(lp.name())) continue;
                    applyProp(target, lp, e.getValue(), errors, false);
                }
            }
        }
    }

    // =====================================================================================  documents (subcontract, PO)
    private void recalcDocument(EntityDef d, Rec doc, boolean insert) {
        boolean sub = d.name().equals("Subcontract");
        String nbrField = sub ? "SubcontractNbr" : "OrderNbr";
        if (!sub && doc.get("Type") == null) doc.set("Type", PO_NORMAL);
        if (doc.get("Hold") == null && doc.type.prop("Hold") != null) doc.set("Hold", false);
        if (doc.get("CurrencyID") == null) doc.set("CurrencyID", "USD");
        List<Rec> lines = doc.details("Details");
        int max = 0;
        for (Rec l : lines) if (l.get("LineNbr") != null) max = Math.max(max, l.integer("LineNbr"));
        BigDecimal total = BigDecimal.ZERO;
        for (Rec l : lines) {
            if (l.get("LineNbr") == null) l.set("LineNbr", ++max);
            l.set("OrderNbr", doc.get(nbrField));
            l.set("OrderType", sub ? PO_SUBCONTRACT : doc.get("Type"));
            if (l.get("Amount") == null && l.type.prop("Amount") != null) {
                BigDecimal q = l.dec("OrderQty"), c = l.dec("UnitCost");
                l.set("Amount", q != null && c != null ? q.multiply(c) : l.dec("ExtendedCost") != null ? l.dec("ExtendedCost") : BigDecimal.ZERO);
            }
            BigDecimal amt = sub ? l.dec("Amount") : (l.dec("ExtendedCost") != null && l.type.prop("Amount") == null ? l.dec("ExtendedCost") : null);
            if (!sub) {
                // PurchaseOrderDetail has no Amount: ExtendedCost is the line amount
                if (l.dec("ExtendedCost") == null) {
                    BigDecimal q = l.dec("OrderQty"), c = l.dec("UnitCost");
                    l.set("ExtendedCost", q != null && c != null ? q.multiply(c) : BigDecimal.ZERO);
                }
                amt = l.dec("ExtendedCost");
                if (l.get("Project") == null) l.set("Project", doc.get("Project"));
            } else {
                l.set("ExtendedCost", amt);
            }
            total = total.add(amt);
        }
        doc.set("LineTotal", total);
        doc.set(sub ? "SubcontractTotal" : "OrderTotal", total);
    }

    /** Amount of a subcontract/PO line: Subcontract Details.Amount, PurchaseOrder Details.ExtendedCost. */
    private static BigDecimal lineAmount(Rec line) {
        if (line.type.prop("Amount") != null) return line.dec("Amount") == null ? BigDecimal.ZERO : line.dec("Amount");
        return line.dec("ExtendedCost") == null ? BigDecimal.ZERO : line.dec("ExtendedCost");
    }

    private static void setLineAmount(Rec line, BigDecimal amount) {
        if (line.type.prop("Amount") != null) line.set("Amount", amount);
        line.set("ExtendedCost", amount);
    }

    private static String lineTask(Rec line) {
        return line.type.prop("Task") != null ? line.str("Task") : line.str("ProjectTask");
    }

    /** The commitment document a change-order line points at, or null. */
    private Rec commitmentDoc(String poType, String poNbr) {
        if (poNbr == null) return null;
        if (PO_SUBCONTRACT.equals(poType)) return findByKeys(def("Subcontract"), List.of(poNbr));
        return findByKeys(def("PurchaseOrder"), List.of(poType == null ? PO_NORMAL : poType, poNbr));
    }

    private static Rec docLine(Rec doc, Integer lineNbr) {
        if (doc == null || lineNbr == null) return null;
        List<Rec> lines = doc.detailsOrNull("Details");
        if (lines == null) return null;
        for (Rec l : lines) if (Objects.equals(l.get("LineNbr"), lineNbr)) return l;
        return null;
    }

    // =====================================================================================  change orders
    private void validateChangeOrder(Rec co, Rec existing, Errors errors, boolean insert) {
        if (insert) {
            // created On Hold whatever Hold says; Status and Hold change only through the workflow's actions
            co.set("Status", ON_HOLD).set("Hold", true).set("ReverseStatus", RS_NONE);
            if (co.get("ChangeDate") == null) co.set("ChangeDate", JsonCodec.today());
            if (co.get("ContractTimeChangeDays") == null) co.set("ContractTimeChangeDays", 0);
        }
        String project = co.str("ProjectID");
        Rec proj = null;
        if (project == null || project.isBlank()) {
            fieldError(errors, co, "ProjectID", "'Project' cannot be empty.");
        } else {
            proj = findByKeys(def("Project"), List.of(project));
            if (proj == null) fieldError(errors, co, "ProjectID", "Project '" + project + "' cannot be found in the system.");
            else co.set("Customer", proj.get("Customer"));
        }
        String cls = co.str("Class");
        Rec coClass = null;
        if (cls == null || cls.isBlank()) {
            fieldError(errors, co, "Class", "'Class' cannot be empty.");
        } else if ((coClass = findByKeys(def("ChangeOrderClass"), List.of(cls))) == null) {
            fieldError(errors, co, "Class", "Change Order Class '" + cls + "' cannot be found in the system.");
        }
        if (insert && co.get("RevenueChangeNbr") == null) {
            // PM308000 Revenue Change Order Nbr.: N/A when the change order does not affect revenue, else the
            // project's next number from 0001
            boolean revenue = coClass != null && coClass.bool("RevenueBudget");
            co.set("RevenueChangeNbr", revenue && proj != null ? nextRevenueChangeNbr(co.str("ProjectID")) : "N/A");
        }
        String ext = co.str("ExternalRefNbr");
        if (ext != null && ext.length() > 30) {
            fieldError(errors, co, "ExternalRefNbr", "The length of the External Ref. Nbr. value exceeds the maximum length of 30 characters.");
        }
        String desc = co.str("Description");
        if (desc != null && desc.length() > 255) {
            fieldError(errors, co, "Description", "The length of the Description value exceeds the maximum length of 255 characters.");
        }
        BigDecimal total = BigDecimal.ZERO;
        List<Rec> lines = co.detailsOrNull("Commitments");
        if (lines != null) {
            for (Rec l : lines) {
                validateCommitmentLine(co, proj, l, errors);
                total = total.add(l.dec("Amount") == null ? BigDecimal.ZERO : l.dec("Amount"));
            }
        }
        co.set("CommitmentsChangeTotal", total);
        BigDecimal budgetTotal = BigDecimal.ZERO;
        List<Rec> budgetLines = co.detailsOrNull("CostBudget");
        if (budgetLines != null) {
            for (Rec l : budgetLines) {
                validateCostBudgetLine(co, coClass, l, errors);
                budgetTotal = budgetTotal.add(l.dec("Amount") == null ? BigDecimal.ZERO : l.dec("Amount"));
            }
        }
        co.set("CostBudgetChangeTotal", budgetTotal);
        if (co.get("RevenueBudgetChangeTotal") == null) co.set("RevenueBudgetChangeTotal", BigDecimal.ZERO);
        if (!insert) {
            // PM308000: only an On Hold change order can be edited (Open, Pending Approval, Rejected must be put on
            // hold first; Canceled and Closed cannot be edited)
            String status = existing.str("Status");
            boolean editable = ON_HOLD.equals(status);
            if (!editable && !sameContent(existing, co)) {
                errors.entity().put(co, "The change order " + existing.str("RefNbr") + " cannot be modified because it is not on hold (status: " + status + ").");
            }
        }
    }

    private String nextRevenueChangeNbr(String projectId) {
        int max = 0;
        for (Rec r : table("ChangeOrder").byId.values()) {
            if (!norm(projectId).equals(norm(r.get("ProjectID")))) continue;
            String n = r.str("RevenueChangeNbr");
            if (n != null && n.matches("\\d{1,9}")) max = Math.max(max, Integer.parseInt(n));
        }
        return String.format("%04d", max + 1);
    }

    private void validateCommitmentLine(Rec co, Rec proj, Rec l, Errors errors) {
        String status = l.str("Status");
        String poNbr = l.str("PONbr");
        Integer poLine = l.integer("POLineNbr");
        String poType = l.str("POType");
        if (poType == null && poNbr != null) {
            poType = findByKeys(def("Subcontract"), List.of(poNbr)) != null ? PO_SUBCONTRACT : PO_NORMAL;
            l.set("POType", poType);
        }
        if (poType != null && !Set.of(PO_SUBCONTRACT, PO_NORMAL, PO_DROPSHIP).contains(poType)) {
            fieldError(errors, l, "POType", "The value '" + poType + "' is not in the list of allowed values (Normal, Project Drop-Ship, Subcontract).");
            return;
        }
        if (status == null) {
            status = poNbr == null ? LINE_NEW_DOCUMENT : poLine != null ? LINE_UPDATE : LINE_NEW_LINE;
            l.set("Status", status);
        }
        if (!Set.of(LINE_UPDATE, LINE_NEW_LINE, LINE_NEW_DOCUMENT, LINE_REOPEN).contains(status)) {
            fieldError(errors, l, "Status", "The value '" + status + "' is not in the list of allowed values (Update, New Line, New Document, Reopen).");
            return;
        }
        if (!status.equals(LINE_UPDATE) && !status.equals(LINE_NEW_LINE)) {
            fieldError(errors, l, "Status", "The emulator supports only 'Update' and 'New Line' commitment lines.");
            return;
        }
        String display = PO_SUBCONTRACT.equals(poType) ? "Subcontract" : "Purchase Order";
        if (poNbr == null) {
            fieldError(errors, l, "PONbr", "'PO Nbr.' cannot be empty.");
            return;
        }
        Rec doc = commitmentDoc(poType, poNbr);
        if (doc == null) {
            fieldError(errors, l, "PONbr", display + " '" + poNbr + "' cannot be found in the system.");
            return;
        }
        String docProject = PO_SUBCONTRACT.equals(poType) ? firstLineProject(doc) : doc.str("Project");
        if (proj != null && docProject != null && !norm(docProject).equals(norm(co.str("ProjectID")))) {
            fieldError(errors, l, "PONbr", display + " '" + poNbr + "' belongs to project '" + docProject + "', not to project '" + co.str("ProjectID") + "'.");
            return;
        }
        if (l.get("Vendor") == null) l.set("Vendor", doc.get("VendorID"));
        else if (!norm(l.get("Vendor")).equals(norm(doc.get("VendorID")))) {
            fieldError(errors, l, "Vendor", "The vendor '" + l.str("Vendor") + "' differs from the vendor '" + doc.str("VendorID") + "' of " + display + " '" + poNbr + "'.");
        }
        Rec target = null;
        if (status.equals(LINE_UPDATE)) {
            if (poLine == null) {
                fieldError(errors, l, "POLineNbr", "'PO Line Nbr.' cannot be empty.");
                return;
            }
            target = docLine(doc, poLine);
            if (target == null) {
                fieldError(errors, l, "POLineNbr", "Line " + poLine + " of " + display + " '" + poNbr + "' cannot be found in the system.");
                return;
            }
            if (l.get("ProjectTaskID") == null) l.set("ProjectTaskID", lineTask(target));
            if (l.get("CostCode") == null) l.set("CostCode", target.get("CostCode"));
            if (l.get("Description") == null) l.set("Description", target.get("LineDescription") != null ? target.get("LineDescription") : target.get("Description"));
            if (l.get("UnitCost") == null) l.set("UnitCost", target.get("UnitCost"));
            if (l.get("UOM") == null) l.set("UOM", target.get("UOM"));
            if (l.get("Account") == null) l.set("Account", target.get("Account"));
        }
        if (l.get("ProjectTaskID") == null) {
            fieldError(errors, l, "ProjectTaskID", "'Project Task' cannot be empty.");
        } else if (findByKeys(def("ProjectTask"), List.of(String.valueOf(co.get("ProjectID")), l.str("ProjectTaskID"))) == null) {
            fieldError(errors, l, "ProjectTaskID", "Project Task '" + l.str("ProjectTaskID") + "' cannot be found in the system.");
        }
        if (l.get("CostCode") != null && findByKeys(def("CostCode"), List.of(l.str("CostCode"))) == null) {
            fieldError(errors, l, "CostCode", "Cost Code '" + l.str("CostCode") + "' cannot be found in the system.");
        }
        if (l.get("Amount") == null) {
            BigDecimal q = l.dec("Qty"), c = l.dec("UnitCost");
            l.set("Amount", q != null && c != null ? q.multiply(c) : BigDecimal.ZERO);
        }
        if (status.equals(LINE_NEW_LINE) && l.dec("Amount").signum() < 0) {
            fieldError(errors, l, "Amount", "A commitment line of the New Line type cannot have a negative amount.");
        }
        if (l.get("CurrencyID") == null) l.set("CurrencyID", "USD");
        l.set("AmountinBaseCurrency", l.get("Amount"));
        BigDecimal current = target == null ? BigDecimal.ZERO : lineAmount(target);
        l.set("LineAmount", current);
        l.set("PotentiallyRevisedAmount", current.add(l.dec("Amount")));
        if (target != null) {
            l.set("OrderQty", target.get("OrderQty"));
            BigDecimal q = l.dec("Qty");
            if (target.dec("OrderQty") != null) l.set("PotentiallyRevisedQty", target.dec("OrderQty").add(q == null ? BigDecimal.ZERO : q));
        }
    }

    private static String firstLineProject(Rec doc) {
        List<Rec> lines = doc.detailsOrNull("Details");
        if (lines != null) for (Rec l : lines) if (l.get("Project") != null) return l.str("Project");
        return null;
    }

    @SuppressWarnings("unchecked")
    private static boolean sameContent(Rec a, Rec b) {
        for (int i = 0; i < a.v.length; i++) {
            Prop p = a.type.props().get(i);
            if (p.name().equals("LastModifiedDateTime") || CO_LINE_READ_ONLY.contains(p.name())) continue;
            Object x = a.v[i], y = b.v[i];
            if (x instanceof List<?> lx || y instanceof List<?>) {
                List<Rec> l1 = x == null ? List.of() : (List<Rec>) x, l2 = y == null ? List.of() : (List<Rec>) y;
                if (l1.size() != l2.size()) return false;
                for (int j = 0; j < l1.size(); j++) if (!sameContent(l1.get(j), l2.get(j))) return false;
            } else if (x instanceof BigDecimal dx && y instanceof BigDecimal dy) {
                if (dx.compareTo(dy) != 0) return false;
            } else if (!Objects.equals(x, y)) {
                return false;
            }
        }
        return Objects.equals(a.note, b.note);
    }

    private Rec coByRef(String refNbr) {
        Rec r = findByKeys(def("ChangeOrder"), List.of(refNbr));
        if (r == null) throw AcumaticaException.noEntity();
        return r;
    }

    // =====================================================================================  bills and checks (AP)
    private final Payables payables = new Payables(this);

    Rec findRec(String entity, List<String> keys) {
        return findByKeys(def(entity), keys);
    }

    Iterable<Rec> records(String entity) {
        return table(entity).byId.values();
    }

    void saveRec(Rec old, Rec rec) {
        rec.set("LastModifiedDateTime", JsonCodec.now());
        save(table(rec.type.schema()), old, rec);
    }

    String newNumber(String entity) {
        return nextNumber(entity);
    }

    static void addFieldError(Errors errors, Rec rec, String field, String message) {
        fieldError(errors, rec, field, message);
    }

    Rec commitment(String poType, String poNbr) {
        return commitmentDoc(poType, poNbr);
    }

    static Rec commitmentLine(Rec doc, Integer lineNbr) {
        return docLine(doc, lineNbr);
    }

    static BigDecimal amountOfLine(Rec line) {
        return lineAmount(line);
    }

    /** Runs a Bill or Check action under the write lock, then notifies the snapshot writer. */
    private String payablesAction(EntityDef d, String ref, String action) {
        return payablesAction(d, ref, action, null);
    }

    private String payablesAction(EntityDef d, String ref, String action, JsonNode parameters) {
        String created;
        rw.writeLock().lock();
        try {
            List<String> keys = List.of(ref.split("/", 2));
            Rec r = findByKeys(d, keys);
            if (r == null) throw AcumaticaException.noEntity();
            created = payables.act(d.name(), r, action, parameters);
        } finally {
            rw.writeLock().unlock();
        }
        changed();
        return created;
    }

    /** Billed amount of a subcontract line: released bills linked to it less released debit adjustments. */
    public BigDecimal subcontractLineBilled(String subcontractNbr, int lineNbr) {
        rw.readLock().lock();
        try {
            return payables.billed(PO_SUBCONTRACT, subcontractNbr, lineNbr);
        } finally {
            rw.readLock().unlock();
        }
    }

    /** A bill (or debit adjustment) as stored, rendered with every detail, or empty. */
    public Optional<ObjectNode> bill(String type, String referenceNbr) {
        rw.readLock().lock();
        try {
            Rec r = findByKeys(def("Bill"), List.of(type, referenceNbr));
            return Optional.ofNullable(r == null ? null : JsonCodec.render(r, def("Bill"), Projection.ALL, 1, null, ENTITY_BASE));
        } finally {
            rw.readLock().unlock();
        }
    }

    /** ReverseBill on bill {@code referenceNbr}, as the API does; returns the new debit adjustment's ReferenceNbr. */
    public String reverseBill(String referenceNbr) {
        String path = payablesAction(def("Bill"), Payables.BILL + "/" + referenceNbr, "ReverseBill");
        return path.substring(path.indexOf('/') + 1);
    }

    /** ReleaseBill on a Balanced bill or debit adjustment. */
    public void releaseBill(String type, String referenceNbr) {
        payablesAction(def("Bill"), type + "/" + referenceNbr, "ReleaseBill");
    }

    /** ReleaseRetainage of {@code amount} (null = all unreleased) on a released bill; returns the retainage bill's number. */
    public String releaseRetainage(String referenceNbr, BigDecimal amount) {
        ObjectNode params = JsonCodec.F.objectNode();
        if (amount != null) params.putObject("AmtToRelease").put("value", amount);
        String path = payablesAction(def("Bill"), Payables.BILL + "/" + referenceNbr, "ReleaseRetainage", params);
        return path.substring(path.indexOf('/') + 1);
    }

    /** Unreleased retainage of a released bill: its retained amount less the retainage bills made from it. */
    public BigDecimal unreleasedRetainage(String referenceNbr) {
        rw.readLock().lock();
        try {
            Rec r = findByKeys(def("Bill"), List.of(Payables.BILL, referenceNbr));
            if (r == null) throw new NoSuchElementException("Bill " + referenceNbr);
            return payables.unreleasedRetainage(r);
        } finally {
            rw.readLock().unlock();
        }
    }

    /** Takes a debit adjustment off hold and releases it (applied to the bill it reverses). */
    public void releaseDebitAdjustment(String referenceNbr) {
        ObjectNode body = DemoData.o("Type", Payables.DEBIT_ADJ, "ReferenceNbr", referenceNbr, "Hold", false);
        put("Bill", body, PutMode.UPDATE, null, null);
        payablesAction(def("Bill"), Payables.DEBIT_ADJ + "/" + referenceNbr, "ReleaseBill");
    }

    /** Pays bill {@code billNbr} by a check of {@code amount} numbered {@code paymentRef}, released; returns its ReferenceNbr. */
    public String payBill(String vendor, String billNbr, BigDecimal amount, String paymentRef, String date) {
        ObjectNode body = DemoData.o("Vendor", vendor, "PaymentRef", paymentRef, "Hold", false, "PaymentAmount", amount,
                "ApplicationDate", date);
        body.putArray("Details").add(DemoData.o("DocType", Payables.BILL, "ReferenceNbr", billNbr, "AmountPaid", amount));
        String nbr = put("Check", body, PutMode.INSERT, null, null).path("ReferenceNbr").path("value").asText();
        payablesAction(def("Check"), Payables.CHECK + "/" + nbr, "ReleaseCheck");
        return nbr;
    }

    /** VoidCheck on a released check. */
    public void voidCheck(String referenceNbr) {
        payablesAction(def("Check"), Payables.CHECK + "/" + referenceNbr, "VoidCheck");
    }

    /** Every bill and debit adjustment with this Vendor Ref. (full JSON). */
    public List<ObjectNode> billsByVendorRef(String vendorRef) {
        rw.readLock().lock();
        try {
            List<ObjectNode> out = new ArrayList<>();
            for (Rec r : table("Bill").byId.values()) {
                if (Objects.equals(vendorRef, r.str("VendorRef"))) out.add(JsonCodec.render(r, def("Bill"), Projection.ALL, 1, null, ENTITY_BASE));
            }
            return out;
        } finally {
            rw.readLock().unlock();
        }
    }

    /** Retained amount of a bill (AP301000 Retained Amount: the sum of its lines' retained amounts). */
    public BigDecimal billRetainage(String type, String referenceNbr) {
        rw.readLock().lock();
        try {
            Rec r = findByKeys(def("Bill"), List.of(type, referenceNbr));
            if (r == null) throw new NoSuchElementException("Bill " + type + " " + referenceNbr);
            return payables.retainage(r);
        } finally {
            rw.readLock().unlock();
        }
    }

    /** Result of an action: the change order acted upon and, for Reverse, the reversing one. */
    public record ActionResult(String entity, String id, String keyPath, String createdRefNbr) {
    }

    /**
     * Whether the emulator runs {@code action} of {@code entity}: an action the endpoint declares
     * ({@code declared}: for ChangeOrder the PM308000 workflow, for other entities a no-op) or an action of the
     * form's graph that the endpoint does not declare, invoked as a custom action (Integration Development Guide,
     * "Execute a Custom Action"): for ChangeOrder {@code coCancel} and the standard {@code Cancel}.
     */
    public static boolean runsAction(String entity, String action, boolean declared) {
        EntityDef d = def(entity);
        if (d.name().equals("ChangeOrder")) return declared ? CO_ACTIONS.contains(action) : CO_CUSTOM_ACTIONS.contains(action);
        if (d.name().equals("Bill")) return declared && Payables.BILL_ACTIONS.contains(action);
        if (d.name().equals("Check")) return declared && Payables.CHECK_ACTIONS.contains(action);
        return declared;
    }

    /**
     * POST /{Entity}/{Action} on the record {@code entityBody} names (by id or keys). For ChangeOrder the workflow
     * actions of PM308000; other entities' declared actions are no-ops. The caller has checked
     * {@link #runsAction}.
     */
    public ActionResult invoke(String entity, String action, JsonNode entityBody) {
        return invoke(entity, action, entityBody, null);
    }

    /** {@link #invoke(String, String, JsonNode)} with the action's {@code parameters} (ReleaseRetainage's AmtToRelease). */
    public ActionResult invoke(String entity, String action, JsonNode entityBody, JsonNode parameters) {
        EntityDef d = def(entity);
        if (entityBody == null || !entityBody.isObject()) throw AcumaticaException.badRequest("The request body must contain the entity.");
        String ref;
        String id;
        rw.readLock().lock();
        try {
            Rec r = locate(d, entityBody);
            if (r == null) throw AcumaticaException.noEntity();
            ref = keyPath(d, r);
            id = r.id.toString();
        } finally {
            rw.readLock().unlock();
        }
        if (d.name().equals("Bill") || d.name().equals("Check")) {
            return new ActionResult(d.name(), id, ref, payablesAction(d, ref, action, parameters));
        }
        if (d.name().equals("ProjectTransaction") && action.equals("ReleaseTransactions")) {
            releaseTransaction(id);
            return new ActionResult(d.name(), id, ref, null);
        }
        if (!d.name().equals("ChangeOrder")) return new ActionResult(d.name(), id, ref, null);
        String created = switch (action) {
            case "RemoveChangeOrderFromHold" -> { removeHold(ref); yield null; }
            case "HoldChangeOrder" -> { hold(ref); yield null; }
            case "ApproveChangeOrder" -> { approve(ref); yield null; }
            case "RejectChangeOrder" -> { reject(ref); yield null; }
            case "ReleaseChangeOrder" -> { release(ref); yield null; }
            case "ReverseChangeOrder" -> reverse(ref);
            case "coCancel" -> { cancel(ref); yield null; }
            default -> null; // EmailChangeOrder; Cancel (the graph's standard "discard unsaved changes": nothing to discard)
        };
        return new ActionResult(d.name(), id, ref, created);
    }

    /** Locates the change order an action body names; throws NoEntitySatisfiesTheCondition. Returns its RefNbr. */
    public String locateChangeOrder(JsonNode entityBody) {
        rw.readLock().lock();
        try {
            Rec r = entityBody == null ? null : locate(def("ChangeOrder"), entityBody);
            if (r == null) throw AcumaticaException.noEntity();
            return r.str("RefNbr");
        } finally {
            rw.readLock().unlock();
        }
    }

    private static String keyPath(EntityDef d, Rec r) {
        List<String> parts = new ArrayList<>();
        for (String k : d.keys()) parts.add(r.str(k));
        return String.join("/", parts);
    }

    private static AcumaticaException disabled(String action, Rec co) {
        return AcumaticaException.px("Error: The " + action + " action cannot be performed for the change order " + co.str("RefNbr")
                + " because its status is " + co.str("Status") + ".");
    }

    private interface CoChange {
        void apply(Rec copy);
    }

    private void transition(String refNbr, CoChange change) {
        rw.writeLock().lock();
        try {
            Rec co = coByRef(refNbr);
            refuseIfBusy(co);
            Rec copy = co.copy();
            change.apply(copy);
            copy.set("LastModifiedDateTime", JsonCodec.now());
            save(table("ChangeOrder"), co, copy);
        } finally {
            rw.writeLock().unlock();
        }
        changed();
    }

    public void removeHold(String refNbr) {
        transition(refNbr, co -> {
            if (!ON_HOLD.equals(co.str("Status"))) throw disabled("Remove Hold", co);
            co.set("Hold", false).set("Status", approvalRequired ? PENDING_APPROVAL : OPEN);
        });
    }

    public void hold(String refNbr) {
        transition(refNbr, co -> {
            String s = co.str("Status");
            if (!(OPEN.equals(s) || PENDING_APPROVAL.equals(s) || REJECTED.equals(s) || CANCELED.equals(s))) throw disabled("Hold", co);
            co.set("Hold", true).set("Status", ON_HOLD);
        });
    }

    /**
     * PM308000 Cancel ({@code coCancel}): On Hold, Pending Approval, Rejected or Open → Canceled. A canceled change
     * order never affected the commitment; Hold puts it back On Hold.
     */
    public void cancel(String refNbr) {
        transition(refNbr, co -> {
            String s = co.str("Status");
            if (!(ON_HOLD.equals(s) || PENDING_APPROVAL.equals(s) || REJECTED.equals(s) || OPEN.equals(s))) throw disabled("Cancel", co);
            co.set("Status", CANCELED);
        });
    }

    public void approve(String refNbr) {
        transition(refNbr, co -> {
            if (!PENDING_APPROVAL.equals(co.str("Status"))) throw disabled("Approve", co);
            co.set("Status", OPEN);
        });
    }

    public void reject(String refNbr) {
        transition(refNbr, co -> {
            if (!PENDING_APPROVAL.equals(co.str("Status"))) throw disabled("Reject", co);
            co.set("Status", REJECTED);
        });
    }

    /**
     * Starts a long-running release of an Open change order (ReleaseChangeOrder answered 202): checks it may start,
     * then marks the change order busy until {@link #finishLongRelease} — other processes' actions, updates and
     * deletes of it are refused meanwhile. Returns its RefNbr.
     */
    public String startLongRelease(String refNbr) {
        rw.writeLock().lock();
        try {
            Rec co = coByRef(refNbr);
            refuseIfBusy(co);
            if (!OPEN.equals(co.str("Status"))) throw disabled("Release", co);
            planRelease(co);
            String ref = co.str("RefNbr");
            busy.add(norm(ref));
            return ref;
        } finally {
            rw.writeLock().unlock();
        }
    }

    /** Ends a long-running release started by {@link #startLongRelease}: releases it (or throws why not). */
    public void finishLongRelease(String refNbr) {
        try {
            releaseNow(refNbr);
        } finally {
            busy.remove(norm(refNbr));
        }
    }

    /** Whether a long-running operation holds this change order. */
    public boolean isBusy(String refNbr) {
        return busy.contains(norm(refNbr));
    }

    /** Another process's write to a change order under a long-running release (not documented: refused). */
    private void refuseIfBusy(Rec co) {
        if (busy.contains(norm(co.get("RefNbr")))) {
            throw AcumaticaException.px("Error: The change order " + co.str("RefNbr") + " is being released by another process.");
        }
    }

    /** Releases an Open change order: applies its Commitments lines to the subcontract/PO lines, status Closed. */
    public void release(String refNbr) {
        rw.readLock().lock();
        try {
            refuseIfBusy(coByRef(refNbr));
        } finally {
            rw.readLock().unlock();
        }
        releaseNow(refNbr);
    }

    private void releaseNow(String refNbr) {
        rw.writeLock().lock();
        try {
            Rec co = coByRef(refNbr);
            if (!OPEN.equals(co.str("Status"))) throw disabled("Release", co);
            Map<UUID, Rec> docs = planRelease(co);
            Rec copy = co.copy();
            for (Rec l : copy.details("Commitments")) {
                Rec doc = docs.get(commitmentDoc(l.str("POType"), l.str("PONbr")).id);
                BigDecimal amt = l.dec("Amount") == null ? BigDecimal.ZERO : l.dec("Amount");
                BigDecimal qty = l.dec("Qty");
                if (LINE_UPDATE.equals(l.str("Status"))) {
                    Rec target = docLine(doc, l.integer("POLineNbr"));
                    setLineAmount(target, lineAmount(target).add(amt));
                    if (qty != null && target.dec("OrderQty") != null) target.set("OrderQty", target.dec("OrderQty").add(qty));
                } else {
                    List<Rec> dl = doc.details("Details");
                    EntityType lt = dl.isEmpty() ? EntityType.of(doc.type.prop("Details").refSchema()) : dl.get(0).type;
                    Rec nl = new Rec(lt, UUID.randomUUID());
                    nl.set("Description", l.get("Description"));
                    if (lt.prop("LineDescription") != null) nl.set("LineDescription", l.get("Description"));
                    nl.set(lt.prop("Task") != null ? "Task" : "ProjectTask", l.get("ProjectTaskID"));
                    nl.set("Project", co.get("ProjectID"));
                    nl.set("CostCode", l.get("CostCode"));
                    nl.set("OrderQty", qty == null ? BigDecimal.ONE : qty);
                    nl.set("UnitCost", l.get("UnitCost") != null ? l.get("UnitCost") : amt);
                    nl.set("UOM", l.get("UOM"));
                    setLineAmount(nl, amt);
                    dl.add(nl);
                    recalcDocument(def(doc.type.schema()), doc, false);
                    l.set("POLineNbr", nl.integer("LineNbr"));
                    l.set("Status", LINE_UPDATE.equals(l.str("Status")) ? LINE_UPDATE : LINE_NEW_LINE);
                }
            }
            for (Rec doc : docs.values()) {
                recalcDocument(def(doc.type.schema()), doc, false);
                doc.set("LastModifiedDateTime", JsonCodec.now());
                Table t = table(doc.type.schema());
                save(t, t.byId.get(doc.id), doc);
            }
            List<Rec> budgetLines = copy.detailsOrNull("CostBudget");
            if (budgetLines != null) {
                for (Rec l : budgetLines) {
                    ensureBudgetLine(copy.str("ProjectID"), l.str("ProjectTaskID"), l.str("AccountGroup"), l.str("InventoryID"), l.str("CostCode"),
                            l.str("Description"));
                }
            }
            copy.set("Status", CLOSED).set("Hold", false).set("LastModifiedDateTime", JsonCodec.now());
            if (copy.get("CompletionDate") == null) copy.set("CompletionDate", JsonCodec.today());
            save(table("ChangeOrder"), co, copy);
        } finally {
            rw.writeLock().unlock();
        }
        changed();
    }

    /** Copies of the documents a release touches, with the checks Acumatica does (line exists, result not negative). */
    private Map<UUID, Rec> planRelease(Rec co) {
        Map<UUID, Rec> docs = new LinkedHashMap<>();
        Map<Rec, BigDecimal> resulting = new HashMap<>();
        List<Rec> lines = co.detailsOrNull("Commitments");
        if (lines == null) return docs;
        for (Rec l : lines) {
            Rec doc = commitmentDoc(l.str("POType"), l.str("PONbr"));
            if (doc == null) throw AcumaticaException.px("Error: The commitment " + l.str("POType") + " " + l.str("PONbr") + " cannot be found.");
            Rec copy = docs.computeIfAbsent(doc.id, k -> doc.copy());
            if (LINE_UPDATE.equals(l.str("Status"))) {
                Rec target = docLine(copy, l.integer("POLineNbr"));
                if (target == null) throw AcumaticaException.px("Error: Line " + l.str("POLineNbr") + " of " + l.str("PONbr") + " cannot be found.");
                BigDecimal after = resulting.getOrDefault(target, lineAmount(target)).add(l.dec("Amount") == null ? BigDecimal.ZERO : l.dec("Amount"));
                if (after.signum() < 0) {
                    throw AcumaticaException.px("Error: The change order cannot be released because the amount of line " + l.str("POLineNbr")
                            + " of " + l.str("PONbr") + " would become negative (" + after.toPlainString() + ").");
                }
                resulting.put(target, after);
            }
        }
        return docs;
    }

    /** Reverses a Closed change order: the original becomes Reversed, a new reversing CO is created On Hold. Returns its RefNbr. */
    public String reverse(String refNbr) {
        String newRef;
        rw.writeLock().lock();
        try {
            Rec co = coByRef(refNbr);
            refuseIfBusy(co);
            if (!CLOSED.equals(co.str("Status"))) throw disabled("Reverse", co);
            EntityDef d = def("ChangeOrder");
            Rec rev = new Rec(d.type(), UUID.randomUUID());
            for (String f : List.of("ProjectID", "Class", "Description", "DetailedDescription", "Customer")) rev.set(f, co.get(f));
            newRef = nextNumber("ChangeOrder");
            rev.set("RefNbr", newRef).set("ChangeDate", JsonCodec.today()).set("OriginalCORefNbr", co.get("RefNbr"))
                    .set("ReverseStatus", RS_REVERSING).set("Hold", true).set("Status", ON_HOLD).set("RevenueChangeNbr", "N/A")
                    .set("ContractTimeChangeDays", 0).set("CostBudgetChangeTotal", BigDecimal.ZERO).set("RevenueBudgetChangeTotal", BigDecimal.ZERO);
            BigDecimal total = BigDecimal.ZERO;
            List<Rec> src = co.detailsOrNull("Commitments");
            if (src != null) {
                List<Rec> dst = rev.details("Commitments");
                for (Rec l : src) {
                    Rec n = l.copy();
                    n.id = UUID.randomUUID();
                    n.set("Status", LINE_UPDATE);
                    if (n.dec("Amount") != null) n.set("Amount", n.dec("Amount").negate());
                    if (n.dec("AmountinBaseCurrency") != null) n.set("AmountinBaseCurrency", n.dec("AmountinBaseCurrency").negate());
                    if (n.dec("Qty") != null) n.set("Qty", n.dec("Qty").negate());
                    Rec target = docLine(commitmentDoc(n.str("POType"), n.str("PONbr")), n.integer("POLineNbr"));
                    BigDecimal current = target == null ? BigDecimal.ZERO : lineAmount(target);
                    n.set("LineAmount", current);
                    n.set("PotentiallyRevisedAmount", current.add(n.dec("Amount") == null ? BigDecimal.ZERO : n.dec("Amount")));
                    dst.add(n);
                    total = total.add(n.dec("Amount") == null ? BigDecimal.ZERO : n.dec("Amount"));
                }
            }
            rev.set("CommitmentsChangeTotal", total);
            // the reversing change order negates the cost budget lines as it does the commitment lines (UG PM_30_80_00
            // Reverse; the sign of cost budget lines is not spelled out there — the same rule as row 44 is taken)
            List<Rec> srcBudget = co.detailsOrNull("CostBudget");
            BigDecimal budgetTotal = BigDecimal.ZERO;
            if (srcBudget != null) {
                List<Rec> dst = rev.details("CostBudget");
                for (Rec l : srcBudget) {
                    Rec n = l.copy();
                    n.id = UUID.randomUUID();
                    if (n.dec("Amount") != null) n.set("Amount", n.dec("Amount").negate());
                    if (n.dec("Qty") != null) n.set("Qty", n.dec("Qty").negate());
                    dst.add(n);
                    budgetTotal = budgetTotal.add(n.dec("Amount") == null ? BigDecimal.ZERO : n.dec("Amount"));
                }
            }
            rev.set("CostBudgetChangeTotal", budgetTotal);
            rev.set("LastModifiedDateTime", JsonCodec.now());
            Rec orig = co.copy();
            if (!RS_REVERSING.equals(orig.str("ReverseStatus"))) orig.set("ReverseStatus", RS_REVERSED);
            orig.set("LastModifiedDateTime", JsonCodec.now());
            Table t = table(d);
            save(t, co, orig);
            save(t, null, rev);
        } finally {
            rw.writeLock().unlock();
        }
        changed();
        return newRef;
    }

    // =====================================================================================  DELETE
    public void delete(String entity, List<String> keys) {
        EntityDef d = def(entity);
        rw.writeLock().lock();
        try {
            Rec r = keys.size() == 1 && isGuid(keys.get(0)) && findByKeys(d, keys) == null
                    ? table(d).byId.get(UUID.fromString(keys.get(0))) : findByKeys(d, keys);
            if (r == null) throw AcumaticaException.noEntity();
            deleteRec(d, r);
        } finally {
            rw.writeLock().unlock();
        }
        changed();
    }

    /** Deletes a change order by RefNbr (what the emulator page's Delete button does). */
    public void delete(String refNbr) {
        delete("ChangeOrder", List.of(refNbr));
    }

    private void deleteRec(EntityDef d, Rec r) {
        Table t = table(d);
        if (d.name().equals("ChangeOrder")) {
            refuseIfBusy(r);
            if (CLOSED.equals(r.str("Status"))) {
                throw AcumaticaException.px("Error: The change order " + r.str("RefNbr")
                        + " has been released and cannot be deleted. A released change order can only be reversed.");
            }
            if (!ON_HOLD.equals(r.str("Status"))) {
                // PM308000: only On Hold — "the user can edit or delete the change order"; put it on hold first
                throw AcumaticaException.px("Error: The change order " + r.str("RefNbr") + " cannot be deleted because its status is "
                        + r.str("Status") + ". Only a change order with the On Hold status can be deleted.");
            }
            t.byId.remove(r.id);
            t.byKey.remove(keyOf(d, r));
            String orig = r.str("OriginalCORefNbr");
            if (RS_REVERSING.equals(r.str("ReverseStatus")) && orig != null) {
                Rec o = t.byKey.get(keyOf(List.of(orig)));
                if (o != null) {
                    boolean others = false;
                    for (Rec x : t.byId.values()) {
                        if (norm(orig).equals(norm(x.get("OriginalCORefNbr"))) && RS_REVERSING.equals(x.str("ReverseStatus"))) others = true;
                    }
                    Rec oc = o.copy();
                    String prior = o.get("OriginalCORefNbr") != null ? RS_REVERSING : RS_NONE;
                    oc.set("ReverseStatus", others ? RS_REVERSED : prior);
                    oc.set("LastModifiedDateTime", JsonCodec.now());
                    save(t, o, oc);
                }
            }
            return;
        }
        if (d.name().equals("Bill") || d.name().equals("Check")) payables.refuseDelete(d, r);
        if (d.name().equals("ProjectTransaction") && TX_RELEASED.equals(r.str("Status"))) {
            // PM304000: a released group of transactions can only be reversed (Reverse), not deleted — stricter reading
            throw AcumaticaException.px("Error: The project transaction " + r.str("ReferenceNbr") + " has been released and cannot be deleted.");
        }
        t.byId.remove(r.id);
        t.byKey.remove(keyOf(d, r));
    }

    // =====================================================================================  project budget (PM309000 / PM301000 Cost Budget)
    /** Defaults set on insert before the keys are checked. */
    private static void defaults(EntityDef d, Rec rec) {
        switch (d.name()) {
            // PM309000 Inventory ID: "By default, the system populates this box with the empty item code, which is N/A"
            case "ProjectBudget" -> {
                if (rec.get("InventoryID") == null || rec.str("InventoryID").isBlank()) rec.set("InventoryID", "N/A");
                if (rec.get("Type") == null) rec.set("Type", "Expense");
            }
            case "ProjectTransaction" -> {
                if (rec.get("Module") == null || rec.str("Module").isBlank()) rec.set("Module", "PM");
            }
            default -> { }
        }
    }

    private void validateBudgetLine(Rec b, Rec existing, Errors errors) {
        String project = b.str("ProjectID");
        if (project != null && findByKeys(def("Project"), List.of(project)) == null) {
            fieldError(errors, b, "ProjectID", "Project '" + project + "' cannot be found in the system.");
        } else if (project != null && b.get("ProjectTaskID") != null
                && findByKeys(def("ProjectTask"), List.of(project, b.str("ProjectTaskID"))) == null) {
            fieldError(errors, b, "ProjectTaskID", "Project Task '" + b.str("ProjectTaskID") + "' cannot be found in the system.");
        }
        if (b.get("CostCode") != null && findByKeys(def("CostCode"), List.of(b.str("CostCode"))) == null) {
            fieldError(errors, b, "CostCode", "Cost Code '" + b.str("CostCode") + "' cannot be found in the system.");
        }
        // PM309000 Original Budgeted Amount = Original Budgeted Quantity * Unit Rate (when both are given and no amount is)
        if (b.get("OriginalBudgetedAmount") == null) {
            BigDecimal q = b.dec("OriginalBudgetedQty"), r = b.dec("UnitRate");
            b.set("OriginalBudgetedAmount", q != null && r != null ? q.multiply(r) : BigDecimal.ZERO);
        }
        if (b.get("OriginalBudgetedQty") == null) b.set("OriginalBudgetedQty", BigDecimal.ZERO);
        // PM301000 Last Cost to Complete / Last Cost at Completion: the values before the most recent change of Cost to
        // Complete, Cost at Completion or Percentage of Completion
        if (existing != null && (!sameDec(existing.dec("CostToComplete"), b.dec("CostToComplete"))
                || !sameDec(existing.dec("CostAtCompletion"), b.dec("CostAtCompletion"))
                || !sameDec(existing.dec("PercentageOfCompletion"), b.dec("PercentageOfCompletion")))) {
            b.set("LastCostToComplete", existing.get("CostToComplete"));
            b.set("LastCostAtCompletion", existing.get("CostAtCompletion"));
            b.set("LastPercentageOfCompletion", existing.get("PercentageOfCompletion"));
        }
    }

    private static boolean sameDec(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    /**
     * A budget line for the key, inserted with a zero original budget when missing (UG Projects_Transactions_GeneralInfo:
     * "For a new project budget key that does not exist in the project budget, the system creates a new budget line").
     * Under the write lock.
     */
    private void ensureBudgetLine(String project, String task, String accountGroup, String inventory, String costCode, String desc) {
        if (project == null || task == null || accountGroup == null) return;
        String inv = inventory == null || inventory.isBlank() ? "N/A" : inventory;
        EntityDef d = def("ProjectBudget");
        Table t = table(d);
        if (t.byKey.containsKey(keyOf(java.util.Arrays.asList(project, task, accountGroup, inv, costCode)))) return;
        Rec b = new Rec(d.type(), UUID.randomUUID());
        b.set("ProjectID", project).set("ProjectTaskID", task).set("AccountGroup", accountGroup).set("InventoryID", inv)
                .set("CostCode", costCode).set("Description", desc).set("Type", "Expense").set("OriginalBudgetedAmount", BigDecimal.ZERO)
                .set("OriginalBudgetedQty", BigDecimal.ZERO).set("LastModifiedDateTime", JsonCodec.now());
        save(t, null, b);
    }

    /** The sums every budget line is computed from, gathered once per request (under a lock). */
    record Ledger(Map<String, BigDecimal> budgetedCo, Map<String, BigDecimal> committed, Map<String, BigDecimal> committedCo,
            Map<String, BigDecimal> invoiced, Map<String, BigDecimal> actual, Map<String, BigDecimal> actualQty) {
    }

    private static String budgetKey(Object project, Object task, Object accountGroup, Object costCode) {
        return norm(project) + '\u0001' + norm(task) + '\u0001' + norm(accountGroup) + '\u0001' + norm(costCode);
    }

    private static void add(Map<String, BigDecimal> m, String key, BigDecimal v) {
        if (v != null) m.merge(key, v, BigDecimal::add);
    }

    /**
     * Gathers, per budget key (project, task, account group, cost code): released change orders' cost budget lines
     * (Budgeted CO), the commitment lines of subcontracts and purchase orders (Revised Committed) and of released change
     * orders (Committed CO), released project transactions (Actual) and those from AP (Committed Invoiced). Commitment
     * lines carry no account group here: they count for the budget line of their project, task and cost code (the first
     * such line).
     */
    private Ledger ledger() {
        Map<String, String> groupOf = new HashMap<>();
        for (Rec b : table("ProjectBudget").byId.values()) {
            groupOf.putIfAbsent(norm(b.get("ProjectID")) + '\u0001' + norm(b.get("ProjectTaskID")) + '\u0001' + norm(b.get("CostCode")),
                    b.str("AccountGroup"));
        }
        java.util.function.BiFunction<Object[], Object, String> commitmentKey = (ptc, ag) -> {
            String g = ag != null ? ag.toString() : groupOf.get(norm(ptc[0]) + '\u0001' + norm(ptc[1]) + '\u0001' + norm(ptc[2]));
            return budgetKey(ptc[0], ptc[1], g, ptc[2]);
        };
        Ledger l = new Ledger(new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>());
        for (Rec co : table("ChangeOrder").byId.values()) {
            if (!CLOSED.equals(co.str("Status"))) continue;
            List<Rec> cb = co.detailsOrNull("CostBudget");
            if (cb != null) for (Rec x : cb) add(l.budgetedCo(), budgetKey(co.get("ProjectID"), x.get("ProjectTaskID"), x.get("AccountGroup"), x.get("CostCode")), x.dec("Amount"));
            List<Rec> cm = co.detailsOrNull("Commitments");
            if (cm != null) {
                for (Rec x : cm) add(l.committedCo(), commitmentKey.apply(new Object[] {co.get("ProjectID"), x.get("ProjectTaskID"), x.get("CostCode")}, null), x.dec("Amount"));
            }
        }
        for (String doc : List.of("Subcontract", "PurchaseOrder")) {
            for (Rec r : table(doc).byId.values()) {
                if (CANCELED.equals(r.str("Status"))) continue;
                List<Rec> lines = r.detailsOrNull("Details");
                if (lines == null) continue;
                for (Rec x : lines) {
                    Object project = x.get("Project") != null ? x.get("Project") : r.get("Project");
                    add(l.committed(), commitmentKey.apply(new Object[] {project, lineTask(x), x.get("CostCode")}, null), lineAmount(x));
                }
            }
        }
        for (Rec tx : table("ProjectTransaction").byId.values()) {
            if (!TX_RELEASED.equals(tx.str("Status"))) continue;
            boolean ap = "AP".equalsIgnoreCase(tx.str("Module"));
            List<Rec> lines = tx.detailsOrNull("Details");
            if (lines == null) continue;
            for (Rec x : lines) {
                String k = commitmentKey.apply(new Object[] {x.get("Project"), x.get("ProjectTask"), x.get("CostCode")}, x.get("AccountGroup"));
                add(l.actual(), k, x.dec("Amount"));
                add(l.actualQty(), k, x.dec("Qty"));
                if (ap) add(l.invoiced(), k, x.dec("Amount"));
            }
        }
        return l;
    }

    /**
     * A budget line as Acumatica shows it (PM301000 Cost Budget tab, PM309000): Budgeted CO = released change orders'
     * lines; Revised Budgeted = Original + Budgeted CO (Change Order Workflow); Revised Committed = the commitments;
     * Committed CO = released change orders' commitment lines, Original Committed = Revised − Committed CO; Committed
     * Invoiced = billed (AP) amounts; Committed Open = Revised Committed − Invoiced (not below zero); Actual = released
     * project transactions; Actual + Open Committed = Actual + Committed Open; Variance = Revised Budgeted − (Actual +
     * Committed Open); Performance = Actual / Revised Budgeted × 100. Cost to Complete, Cost at Completion and Percentage
     * of Completion are as entered ("as reported by the people at the work site").
     */
    private static Rec budgetView(Rec stored, Ledger l) {
        Rec b = stored.copy();
        String k = budgetKey(b.get("ProjectID"), b.get("ProjectTaskID"), b.get("AccountGroup"), b.get("CostCode"));
        BigDecimal zero = new BigDecimal("0.00");
        BigDecimal original = b.dec("OriginalBudgetedAmount") == null ? zero : b.dec("OriginalBudgetedAmount");
        BigDecimal budgetedCo = l.budgetedCo().getOrDefault(k, zero);
        BigDecimal revised = original.add(budgetedCo);
        BigDecimal committed = l.committed().getOrDefault(k, zero);
        BigDecimal committedCo = l.committedCo().getOrDefault(k, zero);
        BigDecimal invoiced = l.invoiced().getOrDefault(k, zero);
        BigDecimal open = committed.subtract(invoiced).max(BigDecimal.ZERO);
        BigDecimal actual = l.actual().getOrDefault(k, zero);
        b.set("BudgetedCOAmount", budgetedCo).set("BudgetedCOQty", BigDecimal.ZERO)
                .set("RevisedBudgetedAmount", revised).set("RevisedBudgetedQty", b.dec("OriginalBudgetedQty"))
                .set("RevisedCommittedAmount", committed).set("CommittedCOAmount", committedCo)
                .set("OriginalCommittedAmount", committed.subtract(committedCo))
                .set("CommittedInvoicedAmount", invoiced).set("CommittedOpenAmount", open)
                .set("ActualAmount", actual).set("ActualQty", l.actualQty().getOrDefault(k, BigDecimal.ZERO))
                .set("ActualPlusOpenCommittedAmount", actual.add(open))
                .set("VarianceAmount", revised.subtract(actual.add(open)))
                .set("Performance", revised.signum() == 0 ? BigDecimal.ZERO
                        : actual.multiply(BigDecimal.valueOf(100)).divide(revised, 2, java.math.RoundingMode.HALF_UP));
        for (String f : List.of("OriginalCommittedQty", "CommittedCOQty", "RevisedCommittedQty", "CommittedInvoicedQty", "CommittedOpenQty",
                "CommittedReceivedQty", "DraftInvoicesAmount", "PendingInvoiceAmount", "Retainage")) {
            if (b.get(f) == null) b.set(f, BigDecimal.ZERO);
        }
        return b;
    }

    // =====================================================================================  project transactions (PM304000)
    private void validateTransaction(Rec tx, Rec existing, Errors errors, boolean insert) {
        if (!insert && TX_RELEASED.equals(existing.str("Status"))) {
            // a released group of transactions is not edited: it is reversed (PM304000 Reverse) — stricter reading
            errors.entity().put(tx, "The project transaction " + existing.str("ReferenceNbr") + " has been released and cannot be modified.");
            return;
        }
        BigDecimal total = BigDecimal.ZERO, qty = BigDecimal.ZERO, billable = BigDecimal.ZERO;
        List<Rec> lines = tx.details("Details");
        long nextId = 1;
        for (Rec r : table("ProjectTransaction").byId.values()) {
            List<Rec> ls = r.detailsOrNull("Details");
            if (ls != null) for (Rec x : ls) if (x.get("TransactionID") != null) nextId = Math.max(nextId, ((Number) x.get("TransactionID")).longValue() + 1);
        }
        for (Rec l : lines) {
            String project = l.str("Project");
            if (project == null || project.isBlank()) {
                fieldError(errors, l, "Project", "'Project' cannot be empty.");
            } else if (findByKeys(def("Project"), List.of(project)) == null) {
                fieldError(errors, l, "Project", "Project '" + project + "' cannot be found in the system.");
            } else {
                if (l.get("ProjectTask") == null) {
                    // PM304000 Project Task: "If you select a project that has a default project task, this task is automatically populated"
                    for (Rec t : table("ProjectTask").byId.values()) {
                        if (norm(project).equals(norm(t.get("ProjectID"))) && t.bool("Default")) l.set("ProjectTask", t.get("ProjectTaskID"));
                    }
                }
                if (l.get("ProjectTask") == null) fieldError(errors, l, "ProjectTask", "'Project Task' cannot be empty.");
                else if (findByKeys(def("ProjectTask"), List.of(project, l.str("ProjectTask"))) == null) {
                    fieldError(errors, l, "ProjectTask", "Project Task '" + l.str("ProjectTask") + "' cannot be found in the system.");
                }
            }
            if (l.get("CostCode") != null && findByKeys(def("CostCode"), List.of(l.str("CostCode"))) == null) {
                fieldError(errors, l, "CostCode", "Cost Code '" + l.str("CostCode") + "' cannot be found in the system.");
            }
            if (l.get("AccountGroup") == null || l.str("AccountGroup").isBlank()) {
                fieldError(errors, l, "AccountGroup", "'Account Group' cannot be empty.");
            }
            if (l.get("Amount") == null) {
                BigDecimal q = l.dec("Qty"), r = l.dec("UnitRate");
                l.set("Amount", q != null && r != null ? q.multiply(r) : BigDecimal.ZERO);
            }
            if (l.get("Date") == null) l.set("Date", JsonCodec.today());
            if (l.get("TransactionID") == null) l.set("TransactionID", nextId++);
            l.set("Released", false);
            total = total.add(l.dec("Amount"));
            if (l.dec("Qty") != null) qty = qty.add(l.dec("Qty"));
            if (l.dec("BillableQty") != null) billable = billable.add(l.dec("BillableQty"));
        }
        tx.set("TotalAmount", total).set("TotalQty", qty).set("TotalBillableQty", billable);
        if (insert) tx.set("Status", TX_BALANCED);
    }

    /**
     * PM304000 Release: Balanced → Released; every line Released. Releasing updates the project budget (its actuals are
     * computed on read) and adds a budget line for a key the budget does not have yet.
     */
    public void releaseTransaction(String id) {
        rw.writeLock().lock();
        try {
            Table t = table("ProjectTransaction");
            Rec tx = t.byId.get(UUID.fromString(id));
            if (tx == null) throw AcumaticaException.noEntity();
            if (!TX_BALANCED.equals(tx.str("Status"))) {
                throw AcumaticaException.px("Error: The project transaction " + tx.str("ReferenceNbr") + " cannot be released because its status is "
                        + tx.str("Status") + ".");
            }
            Rec copy = tx.copy();
            for (Rec l : copy.details("Details")) {
                l.set("Released", true);
                ensureBudgetLine(l.str("Project"), l.str("ProjectTask"), l.str("AccountGroup"), l.str("InventoryID"), l.str("CostCode"), l.str("Description"));
            }
            copy.set("Status", TX_RELEASED).set("LastModifiedDateTime", JsonCodec.now());
            save(t, tx, copy);
        } finally {
            rw.writeLock().unlock();
        }
        changed();
    }

    /** Releases a project transaction named by its keys (Module, ReferenceNbr): for the demo data and tests. */
    public void releaseTransaction(String module, String referenceNbr) {
        String id;
        rw.readLock().lock();
        try {
            Rec r = findByKeys(def("ProjectTransaction"), List.of(module, referenceNbr));
            if (r == null) throw AcumaticaException.noEntity();
            id = r.id.toString();
        } finally {
            rw.readLock().unlock();
        }
        releaseTransaction(id);
    }

    /**
     * A change order's cost budget line (PM308000 Cost Budget tab): only when the class has Cost Budget selected (the tab
     * is not there otherwise — a line sent anyway is refused, the stricter reading), an existing task and cost code, an
     * account group.
     */
    private void validateCostBudgetLine(Rec co, Rec coClass, Rec l, Errors errors) {
        if (coClass != null && !coClass.bool("CostBudget")) {
            fieldError(errors, l, "AccountGroup", "The change order class '" + coClass.str("ClassID") + "' does not allow changes to the cost budget.");
            return;
        }
        if (l.get("ProjectTaskID") == null) {
            fieldError(errors, l, "ProjectTaskID", "'Project Task' cannot be empty.");
        } else if (co.get("ProjectID") != null && findByKeys(def("ProjectTask"), List.of(co.str("ProjectID"), l.str("ProjectTaskID"))) == null) {
            fieldError(errors, l, "ProjectTaskID", "Project Task '" + l.str("ProjectTaskID") + "' cannot be found in the system.");
        }
        if (l.get("AccountGroup") == null || l.str("AccountGroup").isBlank()) fieldError(errors, l, "AccountGroup", "'Account Group' cannot be empty.");
        if (l.get("CostCode") != null && findByKeys(def("CostCode"), List.of(l.str("CostCode"))) == null) {
            fieldError(errors, l, "CostCode", "Cost Code '" + l.str("CostCode") + "' cannot be found in the system.");
        }
        if (l.get("InventoryID") == null) l.set("InventoryID", "N/A");
        if (l.get("Amount") == null) {
            BigDecimal q = l.dec("Qty"), r = l.dec("UnitRate");
            l.set("Amount", q != null && r != null ? q.multiply(r) : BigDecimal.ZERO);
        }
    }

    // =====================================================================================  read API for tests
    public List<ChangeOrderSnapshot> changeOrders() {
        rw.readLock().lock();
        try {
            List<ChangeOrderSnapshot> out = new ArrayList<>();
            for (Rec r : table("ChangeOrder").byId.values()) out.add(snapshot(r));
            return out;
        } finally {
            rw.readLock().unlock();
        }
    }

    public Optional<ChangeOrderSnapshot> changeOrder(String refNbr) {
        rw.readLock().lock();
        try {
            Rec r = findByKeys(def("ChangeOrder"), List.of(refNbr));
            return Optional.ofNullable(r == null ? null : snapshot(r));
        } finally {
            rw.readLock().unlock();
        }
    }

    public List<ChangeOrderSnapshot> changeOrdersByExternalRef(String externalRefNbr) {
        return changeOrders().stream().filter(c -> Objects.equals(c.externalRefNbr(), externalRefNbr)).toList();
    }

    public List<ChangeOrderSnapshot> reversingChangeOrders(String originalRefNbr) {
        return changeOrders().stream().filter(c -> Objects.equals(c.originalCORefNbr(), originalRefNbr)).toList();
    }

    private static ChangeOrderSnapshot snapshot(Rec r) {
        List<CommitmentLine> lines = new ArrayList<>();
        List<Rec> ls = r.detailsOrNull("Commitments");
        if (ls != null) {
            for (Rec l : ls) {
                lines.add(new CommitmentLine(l.id.toString(), l.str("Status"), l.str("POType"), l.str("PONbr"), l.integer("POLineNbr"),
                        l.str("ProjectTaskID"), l.str("CostCode"), l.str("Vendor"), l.dec("Qty"), l.dec("UnitCost"), l.dec("Amount"), l.str("Description")));
            }
        }
        return new ChangeOrderSnapshot(r.id.toString(), r.str("RefNbr"), r.str("ProjectID"), r.str("Class"), r.str("Status"), r.bool("Hold"),
                r.str("ReverseStatus"), r.str("ExternalRefNbr"), r.str("OriginalCORefNbr"), r.str("Description"),
                r.dec("CommitmentsChangeTotal"), List.copyOf(lines), costBudget(r));
    }

    private static List<Snapshots.CostBudgetLine> costBudget(Rec r) {
        List<Snapshots.CostBudgetLine> out = new ArrayList<>();
        List<Rec> ls = r.detailsOrNull("CostBudget");
        if (ls != null) {
            for (Rec l : ls) {
                out.add(new Snapshots.CostBudgetLine(l.str("ProjectTaskID"), l.str("AccountGroup"), l.str("InventoryID"), l.str("CostCode"),
                        l.str("Description"), l.dec("Amount")));
            }
        }
        return List.copyOf(out);
    }

    /** Amount of subcontract line {@code lineNbr}; NoSuchElementException if absent. */
    public BigDecimal subcontractLine(String subcontractNbr, int lineNbr) {
        return documentLine("Subcontract", List.of(subcontractNbr), lineNbr).amount();
    }

    /** Amount (extended cost) of purchase-order line {@code lineNbr}; NoSuchElementException if absent. */
    public BigDecimal purchaseOrderLine(String type, String orderNbr, int lineNbr) {
        return documentLine("PurchaseOrder", List.of(type, orderNbr), lineNbr).amount();
    }

    public List<DocumentLine> subcontractLines(String subcontractNbr) {
        return documentLines("Subcontract", List.of(subcontractNbr));
    }

    public List<DocumentLine> purchaseOrderLines(String type, String orderNbr) {
        return documentLines("PurchaseOrder", List.of(type, orderNbr));
    }

    private DocumentLine documentLine(String entity, List<String> keys, int lineNbr) {
        return documentLines(entity, keys).stream().filter(l -> l.lineNbr() == lineNbr).findFirst()
                .orElseThrow(() -> new NoSuchElementException(entity + " " + keys + " line " + lineNbr));
    }

    private List<DocumentLine> documentLines(String entity, List<String> keys) {
        rw.readLock().lock();
        try {
            Rec doc = findByKeys(def(entity), keys);
            if (doc == null) throw new NoSuchElementException(entity + " " + keys);
            List<DocumentLine> out = new ArrayList<>();
            List<Rec> ls = doc.detailsOrNull("Details");
            if (ls != null) {
                for (Rec l : ls) {
                    out.add(new DocumentLine(l.integer("LineNbr"), l.str("LineDescription") != null ? l.str("LineDescription") : l.str("Description"),
                            lineTask(l), l.str("CostCode"), l.dec("OrderQty"), l.dec("UnitCost"), lineAmount(l)));
                }
            }
            return out;
        } finally {
            rw.readLock().unlock();
        }
    }

    public int count(String entity) {
        rw.readLock().lock();
        try {
            return table(def(entity).name()).byId.size();
        } finally {
            rw.readLock().unlock();
        }
    }

    /** Full JSON of every record of an entity (all fields, details, linked), for the HTML page. */
    public ArrayNode all(String entity) {
        EntityDef d = def(entity);
        rw.readLock().lock();
        try {
            ArrayNode out = JsonCodec.F.arrayNode();
            int row = 1;
            Ledger ledger = d.name().equals("ProjectBudget") ? ledger() : null;
            for (Rec r : table(d).byId.values()) {
                out.add(JsonCodec.render(ledger == null ? r : budgetView(r, ledger), d, Projection.ALL, row++, null, ENTITY_BASE));
            }
            return out;
        } finally {
            rw.readLock().unlock();
        }
    }

    // =====================================================================================  snapshot file
    public ObjectNode exportState() {
        rw.readLock().lock();
        try {
            ObjectNode root = JsonCodec.F.objectNode();
            root.put("format", "crosswalk-acumatica-emulator/1");
            ObjectNode c = root.putObject("counters");
            counters.forEach(c::put);
            ObjectNode ents = root.putObject("entities");
            for (Table t : tables.values()) {
                ArrayNode arr = ents.putArray(t.def.name());
                for (Rec r : t.byId.values()) {
                    ObjectNode o = JsonCodec.render(r, t.def, Projection.ALL, 0, null, null);
                    o.remove("rowNumber");
                    o.remove("custom");
                    arr.add(o);
                }
            }
            return root;
        } finally {
            rw.readLock().unlock();
        }
    }

    public void importState(JsonNode root) {
        rw.writeLock().lock();
        try {
            clearLocked();
            root.path("counters").fields().forEachRemaining(e -> counters.put(e.getKey(), e.getValue().asLong()));
            for (Table t : tables.values()) {
                for (JsonNode o : root.path("entities").path(t.def.name())) {
                    Rec r = new Rec(t.def.type(), UUID.fromString(o.get("id").asText()));
                    Errors ignored = new Errors(new HashMap<>(), new HashMap<>());
                    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        if (e.getKey().equals("note")) {
                            r.note = noteText(e.getValue().path("value"));
                            continue;
                        }
                        Prop p = t.def.type().prop(e.getKey());
                        if (p != null) applyProp(r, p, e.getValue(), ignored, false);
                    }
                    // detail line ids survive too
                    for (Prop p : t.def.type().props()) {
                        if (!p.detail() || !o.has(p.name())) continue;
                        List<Rec> lines = r.detailsOrNull(p.name());
                        JsonNode arr = o.get(p.name());
                        for (int i = 0; lines != null && i < lines.size() && i < arr.size(); i++) {
                            lines.get(i).id = UUID.fromString(arr.get(i).get("id").asText());
                            lines.get(i).note = noteText(arr.get(i).path("note").path("value"));
                        }
                    }
                    t.byId.put(r.id, r);
                    t.byKey.put(keyOf(t.def, r), r);
                }
            }
        } finally {
            rw.writeLock().unlock();
        }
    }

    public void clear() {
        rw.writeLock().lock();
        try {
            clearLocked();
        } finally {
            rw.writeLock().unlock();
        }
        changed();
    }

    private void clearLocked() {
        for (Table t : tables.values()) {
            t.byId.clear();
            t.byKey.clear();
        }
        counters.clear();
    }

    /** Sets the next number the system will use for an auto-numbered entity (e.g. ChangeOrder → 3 = "000003"). */
    public void setNextNumber(String entity, long next) {
        rw.writeLock().lock();
        try {
            counters.put(def(entity).name(), next - 1);
        } finally {
            rw.writeLock().unlock();
        }
    }

    /** True when the store holds no record at all. */
    public boolean isEmpty() {
        rw.readLock().lock();
        try {
            for (Table t : tables.values()) if (!t.byId.isEmpty()) return false;
            return true;
        } finally {
            rw.readLock().unlock();
        }
    }
}
