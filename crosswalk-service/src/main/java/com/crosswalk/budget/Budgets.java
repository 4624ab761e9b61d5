package com.crosswalk.budget;

import com.crosswalk.budget.BudgetFigures.Amount;
import com.crosswalk.budget.BudgetFigures.ErpLine;
import com.crosswalk.budget.BudgetFigures.Key;
import com.crosswalk.budget.BudgetFigures.Row;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.shared.BadRequestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * A project's budget view (REST {@code /rest/v1.0/projects/{id}/budget}, its CSV and the page): the ERP's imported
 * budget and actuals beside Crosswalk's commitments and CCOs, one row per cost code and cost type ({@link BudgetFigures}
 * says how each figure is made), with totals; the job-to-date costs over time and line by line (drill-down); the imports
 * and what each changed. Commitments Read Only+ on the project (another company's project: 404).
 */
@Service
public class Budgets {

    private final JdbcClient jdbc;
    private final Permissions permissions;
    private final ErpConnectors connectors;

    Budgets(JdbcClient jdbc, Permissions permissions, ErpConnectors connectors) {
        this.jdbc = jdbc;
        this.permissions = permissions;
        this.connectors = connectors;
    }

    /** One row: a cost code and cost type with its figures. */
    public record BudgetRow(String costCode, String costCodeDescription, String costType, String costTypeName, BigDecimal originalBudget,
            BigDecimal approvedChanges, BigDecimal revisedBudget, BigDecimal commitments, BigDecimal approvedCcos, BigDecimal committed,
            BigDecimal pendingChanges, BigDecimal actual, BigDecimal projectedFinalCost, BigDecimal overUnder, boolean overBudget) {
    }

    /** The totals of the rows shown. */
    public record BudgetTotals(BigDecimal originalBudget, BigDecimal approvedChanges, BigDecimal revisedBudget, BigDecimal commitments,
            BigDecimal approvedCcos, BigDecimal committed, BigDecimal pendingChanges, BigDecimal actual, BigDecimal projectedFinalCost,
            BigDecimal overUnder) {
    }

    /** The latest import (null when never imported). */
    public record LastImport(long id, OffsetDateTime importedAt, int lines, int transactions, int changes, boolean first) {
    }

    /** The budget view of a project. */
    public record BudgetView(long projectId, String projectNumber, String projectName, String erpName, LastImport lastImport,
            List<BudgetRow> rows, BudgetTotals totals) {
    }

    /** The cost of a month and the job-to-date cost at its end. */
    public record CostPoint(String month, BigDecimal amount, BigDecimal cumulative) {
    }

    /** One job-to-date cost line (drill-down). */
    public record CostLine(LocalDate date, String document, String vendor, String description, BigDecimal amount, String costCode,
            String costType) {
    }

    /** One difference an import found. */
    public record ImportChange(String kind, String subject, String field, String oldValue, String newValue) {
    }

    /** One import with what it changed. */
    public record ImportRecord(long id, OffsetDateTime importedAt, Long jobId, int lines, int transactions, int changes,
            List<ImportChange> changeList) {
    }

    /** The filters of the view: cost code prefix, cost type code, only rows over budget. */
    public record Filter(String costCode, String costType, boolean overBudgetOnly) {

        public static final Filter NONE = new Filter(null, null, false);

        public Filter {
            if (costCode != null && costCode.length() > 30) {
                throw new BadRequestException("'cost_code' is at most 30 characters");
            }
            if (costType != null && costType.length() > 10) {
                throw new BadRequestException("'cost_type' is at most 10 characters");
            }
        }
    }

    public BudgetView view(SignedInUser user, long projectId, Filter filter) {
        long company = permissions.requireProjectRead(user, projectId);
        return viewOf(company, projectId, filter);
    }

    BudgetView viewOf(long company, long projectId, Filter filter) {
        Map<String, Object> project = jdbc.sql("select number, name from project where id = :p").param("p", projectId)
                .query((rs, n) -> Map.<String, Object>of("number", rs.getString(1), "name", rs.getString(2))).single();
        List<ErpLine> erp = jdbc.sql("""
                select coalesce(cc.code, nullif(bl.erp_cost_code, '')), coalesce(ct.code, bl.erp_account_group),
                       bl.original_amount, bl.approved_changes, bl.actual_amount, bl.cost_to_complete
                from budget_line bl
                left join cost_code cc on cc.id = bl.cost_code_id
                left join cost_type ct on ct.id = bl.cost_type_id
                where bl.company_id = :c and bl.project_id = :p""").param("c", company).param("p", projectId)
                .query((rs, n) -> new ErpLine(new Key(rs.getString(1), rs.getString(2)), rs.getBigDecimal(3), rs.getBigDecimal(4),
                        rs.getBigDecimal(5), rs.getBigDecimal(6))).list();
        erp = new ArrayList<>(erp);
        erp.addAll(approvedBudgetChanges(company, projectId));
        List<Amount> commitments = jdbc.sql("""
                select cc.code, ct.code, l.amount
                from commitment_line l
                join commitment c on c.id = l.commitment_id
                left join cost_code cc on cc.id = l.cost_code_id
                left join cost_type ct on ct.id = l.cost_type_id
                where c.company_id = :c and c.project_id = :p and c.status in ('approved', 'complete')""")
                .param("c", company).param("p", projectId).query(Budgets::amount).list();
        List<Amount> approved = ccoAmounts(company, projectId, "('approved')");
        List<Amount> pending = ccoAmounts(company, projectId, "('draft', 'pending')");
        BudgetFigures.Result r = BudgetFigures.compute(erp, commitments, approved, pending);
        List<Row> shown = r.rows().stream().filter(x -> BudgetFigures.matches(x, filter.costCode(), filter.costType(),
                filter.overBudgetOnly())).toList();
        Map<String, String> codeNames = new HashMap<>();
        jdbc.sql("select code, description from cost_code where company_id = :c").param("c", company)
                .query(rs -> {
                    codeNames.put(rs.getString(1), rs.getString(2));
                });
        Map<String, String> typeNames = new HashMap<>();
        jdbc.sql("select code, name from cost_type where company_id = :c").param("c", company)
                .query(rs -> {
                    typeNames.put(rs.getString(1), rs.getString(2));
                });
        List<BudgetRow> rows = new ArrayList<>();
        for (Row x : shown) {
            rows.add(new BudgetRow(x.key().costCode(), x.key().costCode() == null ? "(no cost code)" : codeNames.getOrDefault(
                    x.key().costCode(), "(not a cost code here)"), x.key().costType(), x.key().costType() == null ? "(no cost type)"
                    : typeNames.getOrDefault(x.key().costType(), "ERP account group " + x.key().costType()), x.originalBudget(),
                    x.approvedChanges(), x.revisedBudget(), x.commitments(), x.approvedCcos(), x.committed(), x.pendingChanges(),
                    x.actual(), x.projectedFinalCost(), x.overUnder(), x.overBudget()));
        }
        Row t = BudgetFigures.totalsOf(shown);
        LastImport last = jdbc.sql("""
                select i.id, i.imported_at, i.lines, i.transactions, i.changes,
                       not exists (select 1 from budget_import e where e.company_id = i.company_id and e.project_id = i.project_id
                                   and e.id < i.id)
                from budget_import i
                where i.company_id = :c and i.project_id = :p order by i.id desc limit 1""").param("c", company).param("p", projectId)
                .query((rs, n) -> new LastImport(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), rs.getInt(3), rs.getInt(4),
                        rs.getInt(5), rs.getBoolean(6))).optional().orElse(null);
        return new BudgetView(projectId, (String) project.get("number"), (String) project.get("name"), connectors.displayName(company),
                last, rows, new BudgetTotals(t.originalBudget(), t.approvedChanges(), t.revisedBudget(), t.commitments(), t.approvedCcos(),
                t.committed(), t.pendingChanges(), t.actual(), t.projectedFinalCost(), t.overUnder()));
    }

    /**
     * Our approved budget changes that the ERP's figures do not hold yet, as budget lines of approved changes only: a
     * change counts here until a budget import after its sync reads it back as the ERP's own approved change (its
     * released change order's cost budget line); so revised = original + approved changes holds before and after.
     */
    private List<ErpLine> approvedBudgetChanges(long company, long projectId) {
        return jdbc.sql("""
                select cc.code, ct.code, l.amount
                from budget_change_line l
                join budget_change b on b.id = l.budget_change_id
                join cost_code cc on cc.id = l.cost_code_id
                join cost_type ct on ct.id = l.cost_type_id
                where b.company_id = :c and b.project_id = :p and b.status = 'approved'
                  and not exists (select 1 from erp_link k where k.budget_change_id = b.id
                                  and k.linked_at <= (select max(i.imported_at) from budget_import i
                                                      where i.company_id = :c and i.project_id = :p))""")
                .param("c", company).param("p", projectId)
                .query((rs, n) -> new ErpLine(new Key(rs.getString(1), rs.getString(2)), BigDecimal.ZERO,
                        rs.getBigDecimal(3), BigDecimal.ZERO, null)).list();
    }

    private List<Amount> ccoAmounts(long company, long projectId, String statuses) {
        return jdbc.sql("""
                select cc.code, ct.code, li.amount
                from cco_line_item li
                join commitment_change_order co on co.id = li.cco_id
                left join cost_code cc on cc.id = li.cost_code_id
                left join cost_type ct on ct.id = li.cost_type_id
                where co.company_id = :c and co.project_id = :p and co.status in\s""" + statuses)
                .param("c", company).param("p", projectId).query(Budgets::amount).list();
    }

    private static Amount amount(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Amount(new Key(rs.getString(1), rs.getString(2)), rs.getBigDecimal(3));
    }

    /** Job-to-date cost per month (ERP actuals line by line), optionally of one cost code. */
    public List<CostPoint> costOverTime(SignedInUser user, long projectId, String costCode) {
        long company = permissions.requireProjectRead(user, projectId);
        TreeMap<String, BigDecimal> months = new TreeMap<>();
        for (CostLine l : lines(company, projectId, costCode)) {
            if (l.date() == null) {
                continue;
            }
            months.merge(l.date().toString().substring(0, 7), l.amount(), BigDecimal::add);
        }
        List<CostPoint> out = new ArrayList<>();
        BigDecimal sum = BigDecimal.ZERO.setScale(2);
        for (Map.Entry<String, BigDecimal> e : months.entrySet()) {
            sum = sum.add(e.getValue());
            out.add(new CostPoint(e.getKey(), e.getValue(), sum));
        }
        return out;
    }

    /** The job-to-date cost lines, newest first, optionally of one cost code. */
    public List<CostLine> costLines(SignedInUser user, long projectId, String costCode) {
        long company = permissions.requireProjectRead(user, projectId);
        List<CostLine> l = new ArrayList<>(lines(company, projectId, costCode));
        java.util.Collections.reverse(l);
        return l;
    }

    private List<CostLine> lines(long company, long projectId, String costCode) {
        if (costCode != null && costCode.length() > 30) {
            throw new BadRequestException("'cost_code' is at most 30 characters");
        }
        return jdbc.sql("""
                select t.txn_date, t.document, t.vendor, t.description, t.amount,
                       coalesce(cc.code, nullif(t.erp_cost_code, '')), coalesce(ct.code, nullif(t.erp_account_group, ''))
                from budget_transaction t
                left join cost_code cc on cc.id = t.cost_code_id
                left join cost_type ct on ct.id = t.cost_type_id
                where t.company_id = :c and t.project_id = :p
                  and (cast(:cc as varchar) is null or coalesce(cc.code, t.erp_cost_code) = :cc)
                order by t.txn_date, t.id""").param("c", company).param("p", projectId)
                .param("cc", costCode == null || costCode.isBlank() ? null : costCode.trim())
                .query((rs, n) -> new CostLine(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBigDecimal(5), rs.getString(6), rs.getString(7))).list();
    }

    /** The project's recent imports (newest first) with what each changed. */
    public List<ImportRecord> imports(SignedInUser user, long projectId, int limit) {
        long company = permissions.requireProjectRead(user, projectId);
        if (limit < 1 || limit > 100) {
            throw new BadRequestException("'limit' must be between 1 and 100");
        }
        List<ImportRecord> heads = jdbc.sql("""
                select id, imported_at, job_id, lines, transactions, changes from budget_import
                where company_id = :c and project_id = :p order by id desc limit :n""").param("c", company).param("p", projectId)
                .param("n", limit).query((rs, n) -> new ImportRecord(rs.getLong(1), rs.getObject(2, OffsetDateTime.class),
                        (Long) rs.getObject(3, Long.class), rs.getInt(4), rs.getInt(5), rs.getInt(6), List.of())).list();
        List<ImportRecord> out = new ArrayList<>();
        for (ImportRecord h : heads) {
            List<ImportChange> changes = jdbc.sql("""
                    select kind, subject, field, old_value, new_value from budget_import_change where import_id = :i order by id limit 500""")
                    .param("i", h.id()).query((rs, n) -> new ImportChange(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5))).list();
            out.add(new ImportRecord(h.id(), h.importedAt(), h.jobId(), h.lines(), h.transactions(), h.changes(), changes));
        }
        return out;
    }

    /** The CSV of a view: a header, one line per row, a Total line (Apache Commons CSV, RFC 4180 quoting). */
    public static String csv(BudgetView v) {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader("Cost code", "Cost code description", "Cost type",
                "Cost type name", "Original budget", "Approved budget changes", "Revised budget", "Commitments", "Approved CCOs",
                "Committed", "Pending changes", "Actual", "Projected final cost", "Over/under").get())) {
            for (BudgetRow r : v.rows()) {
                p.printRecord(r.costCode(), r.costCodeDescription(), r.costType(), r.costTypeName(), r.originalBudget(),
                        r.approvedChanges(), r.revisedBudget(), r.commitments(), r.approvedCcos(), r.committed(), r.pendingChanges(),
                        r.actual(), r.projectedFinalCost(), r.overUnder());
            }
            BudgetTotals t = v.totals();
            p.printRecord("Total", "", "", "", t.originalBudget(), t.approvedChanges(), t.revisedBudget(), t.commitments(),
                    t.approvedCcos(), t.committed(), t.pendingChanges(), t.actual(), t.projectedFinalCost(), t.overUnder());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
