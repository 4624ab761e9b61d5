package com.crosswalk.budget;

import com.crosswalk.audit.AuditLog;
import com.crosswalk.directory.PermissionLevel;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.erp.connector.ErpBudgetLine;
import com.crosswalk.erp.connector.ErpConnector;
import com.crosswalk.erp.connector.ErpCostTransaction;
import com.crosswalk.jobs.JobStart;
import com.crosswalk.jobs.Jobs;
import com.crosswalk.shared.BadRequestException;
import com.crosswalk.shared.ConflictException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Importing a project's cost budget and job-to-date costs from the ERP, on demand (a job per project, ERP Integrations
 * Standard+) and on the company's schedule ({@link BudgetScheduleTask}: every linked project). The ERP is read on the
 * job's thread holding no transaction; then, in one transaction, the project's imported lines and costs are made equal
 * to the ERP's and every difference is recorded ({@code budget_import}, {@code budget_import_change}): importing again
 * with nothing changed in the ERP records an import with no change.
 */
@Service
public class BudgetImports {

    static final String KIND = "budget_import";
    static final String ALL_KIND = "budget_import_all";

    private final JdbcClient jdbc;
    private final Permissions permissions;
    private final ErpConnectors connectors;
    private final Jobs jobs;
    private final TransactionTemplate tx;
    private final AuditLog audit;

    BudgetImports(JdbcClient jdbc, Permissions permissions, ErpConnectors connectors, Jobs jobs, TransactionTemplate tx, AuditLog audit) {
        this.jdbc = jdbc;
        this.permissions = permissions;
        this.connectors = connectors;
        this.jobs = jobs;
        this.tx = tx;
        this.audit = audit;
    }

    /** A project import job's input. */
    record Input(long projectId) {
    }

    /** What one import did. */
    public record Outcome(long importId, String projectNumber, int lines, int transactions, int changes, boolean first) {
    }

    /** The company's import schedule. */
    public record Schedule(int intervalMinutes, boolean enabled, OffsetDateTime lastRoundAt) {
    }

    /** Starts importing the project's budget and costs (202 + the job; the running one when already started). */
    public JobStart start(SignedInUser user, long projectId) {
        long company = permissions.requireProjectRead(user, projectId);
        permissions.requireErpIntegrations(user, company, PermissionLevel.STANDARD);
        erpKey(company, projectId);
        return jobs.start(user, company, KIND, "project:" + projectId, new Input(projectId));
    }

    /** The ERP key of a linked project; a project not linked to the ERP cannot be imported (409). */
    String erpKey(long companyId, long projectId) {
        return jdbc.sql("select erp_key from erp_link where company_id = :c and project_id = :p")
                .param("c", companyId).param("p", projectId).query(String.class).optional()
                .orElseThrow(() -> new ConflictException("The project is not linked to " + connectors.displayName(companyId)
                        + ": link it under ERP Integrations → Projects first"));
    }

    /** The company's projects linked to the ERP (what a scheduled round imports). */
    List<Long> linkedProjects(long companyId) {
        return jdbc.sql("select project_id from erp_link where company_id = :c and record_type = 'project' order by project_id")
                .param("c", companyId).query(Long.class).list();
    }

    /**
     * The import (a job's work): reads the ERP (no transaction held), then writes in one transaction. {@code user}
     * is empty for a scheduled import.
     */
    Outcome importProject(long companyId, long projectId, Optional<SignedInUser> user, Long jobId) {
        user.ifPresent(u -> permissions.requireErpIntegrations(u, companyId, PermissionLevel.STANDARD));
        String key = erpKey(companyId, projectId);
        ErpConnector erp = connectors.forCompany(companyId);
        List<ErpBudgetLine> lines = erp.listCostBudget(key);
        List<ErpCostTransaction> costs = erp.listCostTransactions(key);
        return apply(companyId, projectId, lines, costs, user, jobId);
    }

    /** Writes what was read from the ERP, in one transaction (opened here and nothing else: the ERP was asked before). */
    private Outcome apply(long companyId, long projectId, List<ErpBudgetLine> lines, List<ErpCostTransaction> costs,
            Optional<SignedInUser> user, Long jobId) {
        String erpName = connectors.displayName(companyId);
        return tx.execute(s -> {
            Outcome o = write(companyId, projectId, lines, costs, jobId);
            if (o.changes() > 0) {
                audit.record(companyId, user.orElse(null), "budget.imported", "project", projectId,
                        "Imported the budget of project " + o.projectNumber() + " from " + erpName, null,
                        Map.of("lines", o.lines(), "transactions", o.transactions(), "changes", o.changes()));
            }
            return o;
        });
    }

    private record Change(String kind, String subject, String field, String oldValue, String newValue) {
    }

    private record LineRow(long id, Long costCodeId, Long costTypeId, String description, BigDecimal original, BigDecimal approved,
            BigDecimal revised, BigDecimal committed, BigDecimal committedOpen, BigDecimal actual, BigDecimal costToComplete) {
    }

    private record TxnRow(long id, LocalDate date, String document, String vendor, String description, BigDecimal amount, String task,
            String accountGroup, String costCode) {
    }

    private Outcome write(long companyId, long projectId, List<ErpBudgetLine> lines, List<ErpCostTransaction> costs, Long jobId) {
        // one import of a project at a time (a scheduled round and a click may meet)
        String number = jdbc.sql("select number from project where company_id = :c and id = :p for update").param("c", companyId)
                .param("p", projectId).query(String.class).single();
        boolean first = !jdbc.sql("select exists(select 1 from budget_import where company_id = :c and project_id = :p)")
                .param("c", companyId).param("p", projectId).query(Boolean.class).single();
        Map<String, Long> costCodes = new HashMap<>();
        jdbc.sql("select coalesce(erp_code, code), id from cost_code where company_id = :c").param("c", companyId)
                .query(rs -> {
                    costCodes.put(rs.getString(1).toUpperCase(), rs.getLong(2));
                });
        Map<String, Long> costTypes = new HashMap<>();
        jdbc.sql("select erp_account_group, id from cost_type where company_id = :c and erp_account_group is not null")
                .param("c", companyId).query(rs -> {
                    costTypes.put(rs.getString(1).toUpperCase(), rs.getLong(2));
                });
        List<Change> changes = new ArrayList<>();

        Map<String, LineRow> existing = new LinkedHashMap<>();
        jdbc.sql("""
                select id, erp_task, erp_account_group, erp_inventory, erp_cost_code, cost_code_id, cost_type_id, description,
                       original_amount, approved_changes, revised_amount, erp_committed, erp_committed_open, actual_amount, cost_to_complete
                from budget_line where company_id = :c and project_id = :p""").param("c", companyId).param("p", projectId)
                .query(rs -> {
                    existing.put(lineKey(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)),
                            new LineRow(rs.getLong(1), (Long) rs.getObject(6, Long.class), (Long) rs.getObject(7, Long.class),
                                    rs.getString(8), rs.getBigDecimal(9), rs.getBigDecimal(10), rs.getBigDecimal(11), rs.getBigDecimal(12),
                                    rs.getBigDecimal(13), rs.getBigDecimal(14), rs.getBigDecimal(15)));
                });
        for (ErpBudgetLine l : lines) {
            String k = lineKey(l.task(), l.accountGroup(), l.inventory(), l.costCode());
            String subject = "Budget " + subject(l.task(), l.costCode(), l.accountGroup());
            Long cc = l.costCode() == null ? null : costCodes.get(l.costCode().trim().toUpperCase());
            Long ct = l.accountGroup() == null ? null : costTypes.get(l.accountGroup().trim().toUpperCase());
            LineRow old = existing.remove(k);
            if (old == null) {
                jdbc.sql("""
                        insert into budget_line (company_id, project_id, erp_task, erp_account_group, erp_inventory, erp_cost_code,
                            cost_code_id, cost_type_id, description, original_amount, approved_changes, revised_amount, erp_committed,
                            erp_committed_open, actual_amount, cost_to_complete)
                        values (:c, :p, :task, :ag, :inv, :cc, :ccid, :ctid, :d, :o, :a, :r, :cm, :co, :act, :ctc)""")
                        .param("c", companyId).param("p", projectId).param("task", nn(l.task())).param("ag", nn(l.accountGroup()))
                        .param("inv", nn(l.inventory())).param("cc", nn(l.costCode())).param("ccid", cc).param("ctid", ct)
                        .param("d", trim(l.description(), 255)).param("o", l.original()).param("a", l.approvedChanges())
                        .param("r", l.revised()).param("cm", l.committed()).param("co", l.committedOpen()).param("act", l.actual())
                        .param("ctc", l.costToComplete()).update();
                changes.add(new Change("added", subject, null, null, money(l.revised())));
                continue;
            }
            int before = changes.size();
            diff(changes, subject, "original budget", old.original(), l.original());
            diff(changes, subject, "approved changes", old.approved(), l.approvedChanges());
            diff(changes, subject, "revised budget", old.revised(), l.revised());
            diff(changes, subject, "committed (ERP)", old.committed(), l.committed());
            diff(changes, subject, "committed open (ERP)", old.committedOpen(), l.committedOpen());
            diff(changes, subject, "actual", old.actual(), l.actual());
            diff(changes, subject, "cost to complete", old.costToComplete(), l.costToComplete());
            if (!Objects.equals(old.description(), trim(l.description(), 255))) {
                changes.add(new Change("changed", subject, "description", trim(old.description(), 60), trim(l.description(), 60)));
            }
            boolean relinked = !Objects.equals(old.costCodeId(), cc) || !Objects.equals(old.costTypeId(), ct);
            if (changes.size() > before || relinked) {
                jdbc.sql("""
                        update budget_line set cost_code_id = :ccid, cost_type_id = :ctid, description = :d, original_amount = :o,
                            approved_changes = :a, revised_amount = :r, erp_committed = :cm, erp_committed_open = :co,
                            actual_amount = :act, cost_to_complete = :ctc, imported_at = now()
                        where id = :id""").param("ccid", cc).param("ctid", ct).param("d", trim(l.description(), 255))
                        .param("o", l.original()).param("a", l.approvedChanges()).param("r", l.revised()).param("cm", l.committed())
                        .param("co", l.committedOpen()).param("act", l.actual()).param("ctc", l.costToComplete()).param("id", old.id())
                        .update();
            }
        }
        for (Map.Entry<String, LineRow> gone : existing.entrySet()) {
            String[] p = gone.getKey().split("\u0001", -1);
            changes.add(new Change("removed", "Budget " + subject(p[0], p[3], p[1]), null, money(gone.getValue().revised()), null));
            jdbc.sql("delete from budget_line where id = :id").param("id", gone.getValue().id()).update();
        }

        Map<String, TxnRow> oldTx = new HashMap<>();
        jdbc.sql("""
                select id, erp_module, erp_ref_nbr, erp_line_id, txn_date, document, vendor, description, amount, erp_task,
                       erp_account_group, erp_cost_code
                from budget_transaction where company_id = :c and project_id = :p""").param("c", companyId).param("p", projectId)
                .query(rs -> {
                    oldTx.put(rs.getString(2) + "\u0001" + rs.getString(3) + "\u0001" + rs.getLong(4),
                            new TxnRow(rs.getLong(1), rs.getObject(5, LocalDate.class), rs.getString(6), rs.getString(7),
                                    rs.getString(8), rs.getBigDecimal(9), rs.getString(10), rs.getString(11), rs.getString(12)));
                });
        for (ErpCostTransaction t : costs) {
            String k = t.module() + "\u0001" + t.refNbr() + "\u0001" + t.lineId();
            String subject = "Cost " + t.module() + " " + t.refNbr() + " line " + t.lineId() + " (" + nn(t.document()) + ")";
            TxnRow old = oldTx.remove(k);
            TxnRow now = new TxnRow(0, t.date(), trim(nn(t.document()), 60), trim(nn(t.vendor()), 60), trim(nn(t.description()), 255),
                    t.amount(), nn(t.task()), nn(t.accountGroup()), nn(t.costCode()));
            Long cc = t.costCode() == null ? null : costCodes.get(t.costCode().trim().toUpperCase());
            Long ct = t.accountGroup() == null ? null : costTypes.get(t.accountGroup().trim().toUpperCase());
            if (old == null) {
                jdbc.sql("""
                        insert into budget_transaction (company_id, project_id, erp_module, erp_ref_nbr, erp_line_id, txn_date, document,
                            vendor, description, amount, erp_task, erp_account_group, erp_cost_code, cost_code_id, cost_type_id)
                        values (:c, :p, :m, :r, :l, :d, :doc, :v, :desc, :a, :task, :ag, :cc, :ccid, :ctid)""")
                        .param("c", companyId).param("p", projectId).param("m", t.module()).param("r", t.refNbr()).param("l", t.lineId())
                        .param("d", t.date()).param("doc", now.document()).param("v", now.vendor()).param("desc", now.description())
                        .param("a", t.amount()).param("task", now.task()).param("ag", now.accountGroup()).param("cc", now.costCode())
                        .param("ccid", cc).param("ctid", ct).update();
                changes.add(new Change("added", subject, null, null, money(t.amount())));
                continue;
            }
            int before = changes.size();
            diff(changes, subject, "amount", old.amount(), t.amount());
            if (!Objects.equals(old.date(), now.date()) || !Objects.equals(old.document(), now.document())
                    || !Objects.equals(old.vendor(), now.vendor()) || !Objects.equals(old.description(), now.description())
                    || !Objects.equals(old.task(), now.task()) || !Objects.equals(old.accountGroup(), now.accountGroup())
                    || !Objects.equals(old.costCode(), now.costCode())) {
                changes.add(new Change("changed", subject, "details", null, null));
            }
            if (changes.size() > before) {
                jdbc.sql("""
                        update budget_transaction set txn_date = :d, document = :doc, vendor = :v, description = :desc, amount = :a,
                            erp_task = :task, erp_account_group = :ag, erp_cost_code = :cc, cost_code_id = :ccid, cost_type_id = :ctid
                        where id = :id""").param("d", now.date()).param("doc", now.document()).param("v", now.vendor())
                        .param("desc", now.description()).param("a", t.amount()).param("task", now.task())
                        .param("ag", now.accountGroup()).param("cc", now.costCode()).param("ccid", cc).param("ctid", ct)
                        .param("id", old.id()).update();
            }
        }
        for (Map.Entry<String, TxnRow> gone : oldTx.entrySet()) {
            String[] p = gone.getKey().split("\u0001", -1);
            changes.add(new Change("removed", "Cost " + p[0] + " " + p[1] + " line " + p[2], null, money(gone.getValue().amount()), null));
            jdbc.sql("delete from budget_transaction where id = :id").param("id", gone.getValue().id()).update();
        }

        long importId = jdbc.sql("""
                insert into budget_import (company_id, project_id, job_id, lines, transactions, changes)
                values (:c, :p, :j, :l, :t, :n) returning id""").param("c", companyId).param("p", projectId).param("j", jobId)
                .param("l", lines.size()).param("t", costs.size()).param("n", changes.size()).query(Long.class).single();
        for (Change c : changes) {
            jdbc.sql("""
                    insert into budget_import_change (import_id, kind, subject, field, old_value, new_value)
                    values (:i, :k, :s, :f, :o, :n)""").param("i", importId).param("k", c.kind()).param("s", trim(c.subject(), 200))
                    .param("f", c.field()).param("o", c.oldValue()).param("n", c.newValue()).update();
        }
        return new Outcome(importId, number, lines.size(), costs.size(), changes.size(), first);
    }

    private static void diff(List<Change> changes, String subject, String field, BigDecimal old, BigDecimal now) {
        boolean same = old == null ? now == null : now != null && old.compareTo(now) == 0;
        if (!same) {
            changes.add(new Change("changed", subject, field, money(old), money(now)));
        }
    }

    private static String lineKey(String task, String group, String inventory, String costCode) {
        return nn(task) + "\u0001" + nn(group) + "\u0001" + nn(inventory) + "\u0001" + nn(costCode);
    }

    private static String subject(String task, String costCode, String group) {
        return "task " + nn(task) + " · " + (nn(costCode).isEmpty() ? "no cost code" : costCode) + " · " + nn(group);
    }

    private static String money(BigDecimal v) {
        return v == null ? null : v.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    private static String nn(String s) {
        return s == null ? "" : s.trim();
    }

    private static String trim(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max);
    }

    // ---- the schedule ----------------------------------------------------------------------------------------

    /** The company's schedule (the default when never set: nightly, on). ERP Integrations Read Only+. */
    public Schedule schedule(SignedInUser user, long companyId) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.READ_ONLY);
        return scheduleOf(companyId);
    }

    Schedule scheduleOf(long companyId) {
        return jdbc.sql("select interval_minutes, enabled, last_round_at from budget_schedule where company_id = :c")
                .param("c", companyId).query((rs, n) -> new Schedule(rs.getInt(1), rs.getBoolean(2),
                        rs.getObject(3, OffsetDateTime.class))).optional().orElse(new Schedule(1440, true, null));
    }

    /** Sets how often the company's linked projects are imported: 15 minutes to 7 days. ERP Integrations Admin. */
    public Schedule setSchedule(SignedInUser user, long companyId, Integer intervalMinutes, Boolean enabled) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.ADMIN);
        if (intervalMinutes == null || intervalMinutes < 15 || intervalMinutes > 10080) {
            throw new BadRequestException("'interval_minutes' must be between 15 (every quarter hour) and 10080 (weekly)");
        }
        boolean on = enabled == null || enabled;
        jdbc.sql("""
                insert into budget_schedule (company_id, interval_minutes, enabled) values (:c, :i, :e)
                on conflict (company_id) do update set interval_minutes = :i, enabled = :e""")
                .param("c", companyId).param("i", intervalMinutes).param("e", on).update();
        audit.recordAlone(companyId, user, "budget.schedule_set", "company", companyId,
                "Budget import every " + intervalMinutes + " minutes" + (on ? "" : " (off)"), null,
                Map.of("interval_minutes", intervalMinutes, "enabled", on));
        return scheduleOf(companyId);
    }

    /**
     * One round of the schedule: queues an import of every linked project for each company whose interval has passed
     * since its last round; a company seen for the first time starts its interval now. Returns the companies queued.
     */
    List<Long> scheduledRound() {
        List<Long> queued = new ArrayList<>();
        for (long company : jdbc.sql("select company_id from erp_connection order by company_id").query(Long.class).list()) {
            Schedule s = scheduleOf(company);
            if (!s.enabled()) {
                continue;
            }
            if (s.lastRoundAt() == null) {
                // first seen (a new company or schedule): the interval starts now — no burst of ERP reads at a start
                jdbc.sql("""
                        insert into budget_schedule (company_id, last_round_at) values (:c, now())
                        on conflict (company_id) do update set last_round_at = now()""").param("c", company).update();
                continue;
            }
            boolean due = !s.lastRoundAt().plusMinutes(s.intervalMinutes()).isAfter(OffsetDateTime.now());
            if (!due || linkedProjects(company).isEmpty()) {
                continue;
            }
            jdbc.sql("""
                    insert into budget_schedule (company_id, last_round_at) values (:c, now())
                    on conflict (company_id) do update set last_round_at = now()""").param("c", company).update();
            jobs.startUnattended(company, ALL_KIND);
            queued.add(company);
        }
        return queued;
    }
}
