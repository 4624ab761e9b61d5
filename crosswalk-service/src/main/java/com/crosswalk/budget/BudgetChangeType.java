package com.crosswalk.budget;

import com.crosswalk.budget.BudgetChanges.ExportLine;
import com.crosswalk.budget.BudgetChanges.ExportView;
import com.crosswalk.erp.connector.BudgetChangeExport;
import com.crosswalk.erp.connector.ErpConnector;
import com.crosswalk.erp.connector.ErpDocuments;
import com.crosswalk.erp.sync.RecordType;
import com.crosswalk.erp.sync.SyncRecords;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Budget changes in the sync lifecycle: exported as the ERP's change orders of the cost budget (Acumatica: a
 * {@code ChangeOrder} with {@code CostBudget} lines only). Prerequisites: the change Approved, its project linked, at
 * least one line, and every line's cost code in the ERP, its cost type mapped to an ERP account group and a project
 * task (given, or the one of the imported budget line of that cost code).
 */
@Component
class BudgetChangeType implements RecordType<BudgetChangeExport> {

    private final BudgetChanges changes;
    private final SyncRecords sync;

    BudgetChangeType(BudgetChanges changes, SyncRecords sync) {
        this.changes = changes;
        this.sync = sync;
    }

    @Override public String recordType() { return BudgetChanges.RECORD_TYPE; }
    @Override public String column() { return "budget_change_id"; }
    @Override public String table() { return "budget_change"; }
    @Override public String noun() { return "budget change"; }
    @Override public String prefix() { return "budget_change"; }
    @Override public String refTag() { return "BGT"; }
    @Override public String restPath() { return "budget_changes"; }
    @Override public String pagePath() { return "budget-changes"; }
    @Override public String erpNoun() { return "change order"; }
    @Override public Class<BudgetChangeExport> payloadType() { return BudgetChangeExport.class; }

    @Override
    public String listTotalSql() {
        return "(select coalesce(sum(bl.amount), 0) from budget_change_line bl where bl.budget_change_id = r.id)";
    }

    @Override
    public boolean ofCommitment() {
        return false;
    }

    @Override
    public Optional<RecordInfo> info(long id) {
        return changes.forExport(id).map(b -> new RecordInfo(b.id(), b.companyId(), b.projectId(), b.number(),
                "budget change " + b.number() + " " + b.title()));
    }

    @Override
    public Prepared<BudgetChangeExport> prepare(long id, String externalRef, LocalDate today, String erpName) {
        ExportView b = changes.forExport(id)
                .orElseThrow(() -> new com.crosswalk.shared.NotFoundException("Budget change " + id + " not found"));
        String projectKey = sync.erpKey("project_id", b.projectId()).orElse(null);
        List<String> problems = new ArrayList<>();
        if (!"approved".equals(b.status())) {
            problems.add("its status is Draft, not Approved");
        }
        if (projectKey == null) {
            problems.add("its project " + b.projectNumber() + " is not linked to " + erpName);
        }
        if (b.lines().isEmpty()) {
            problems.add("it has no lines");
        }
        for (ExportLine l : b.lines()) {
            if (l.costCodeErp() == null) {
                problems.add("line " + l.lineNumber() + " has cost code " + l.costCode() + ", which " + erpName
                        + " does not have");
            }
            if (l.accountGroup() == null) {
                problems.add("line " + l.lineNumber() + " has cost type " + l.costType() + ", which names no account group of "
                        + erpName);
            }
            if (l.projectTask() == null) {
                problems.add("line " + l.lineNumber() + " names no project task (and the imported budget has none for cost code "
                        + l.costCode() + ")");
            }
        }
        if (!problems.isEmpty()) {
            return new Prepared<>(b.companyId(), b.projectId(), problems, null);
        }
        BudgetChangeExport payload = new BudgetChangeExport(externalRef, projectKey, b.number(), b.title(), b.description(),
                b.changeDate() == null ? today : b.changeDate(),
                b.lines().stream().map(l -> new BudgetChangeExport.Line(l.lineNumber(), l.projectTask(), l.accountGroup(),
                        l.costCodeErp(), l.description(), l.amount())).toList());
        return new Prepared<>(b.companyId(), b.projectId(), List.of(), payload);
    }

    @Override
    public ErpDocuments<BudgetChangeExport> documents(ErpConnector connector) {
        return connector.budgetChanges();
    }
}
