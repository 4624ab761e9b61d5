package com.crosswalk.budget;

import com.crosswalk.audit.AuditLog;
import com.crosswalk.commitments.ErpRecordState;
import com.crosswalk.commitments.ErpSync;
import com.crosswalk.directory.PermissionLevel;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.shared.BadRequestException;
import com.crosswalk.shared.ConflictException;
import com.crosswalk.shared.NotFoundException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Budget changes of a project: a change of its cost budget entered here (number, title, description, date, lines of
 * cost code, cost type, project task and amount ±), Draft → Approved, then exported through the one sync lifecycle
 * (Send to ERP, Accept…) as the ERP's change order of the cost budget. Rules:
 * <ul>
 * <li>numbered 001, 002… per project; Commitments Standard creates, edits and deletes a draft; Commitments Admin
 *     approves (a change with at least one line) and deletes an approved one;</li>
 * <li>an approved change's content is fixed; one in the ERP workflow or synced is locked (409 with the reason): unlink
 *     it first, by the same procedure as a CCO (reverse in the ERP, unlink, delete, re-enter, export again);</li>
 * <li>the budget view counts an approved change among the approved budget changes until a budget import after its
 *     sync brings it back as the ERP's own figure (see {@link Budgets}).</li>
 * </ul>
 */
@Service
public class BudgetChanges {

    public static final String RECORD_TYPE = "budget_change";
    static final int MAX_LINES = 500;
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("9999999999999.99");

    private final JdbcClient jdbc;
    private final Permissions permissions;
    private final AuditLog audit;
    private final ErpRecordState erpState;

    /** {@code erpState} lazily: the ERP Integrations tool's record types read budget changes through this service. */
    BudgetChanges(JdbcClient jdbc, Permissions permissions, AuditLog audit,
            @org.springframework.context.annotation.Lazy ErpRecordState erpState) {
        this.jdbc = jdbc;
        this.permissions = permissions;
        this.audit = audit;
        this.erpState = erpState;
    }

    /** One line as entered: cost code and cost type by their codes, the ERP project task (optional), the amount ±. */
    public record LineInput(String costCode, String costType, String projectTask, String description, BigDecimal amount) {
    }

    @Schema(name = "BudgetChangeLine", description = "One line: the budget of a cost code and cost type raised (+) or lowered (−)")
    public record Line(int lineNumber, String costCode, String costCodeDescription, String costType, String costTypeName,
            String accountGroup, String projectTask, String description, BigDecimal amount) {
    }

    @Schema(name = "BudgetChange")
    public record BudgetChange(long id, long projectId, String number, String title, String description, LocalDate changeDate,
            String status, String statusLabel, BigDecimal total, List<Line> lines, ErpSync erp, OffsetDateTime approvedAt,
            OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    }

    /** A budget change as the export needs it, without permission checks. */
    public record ExportView(long id, long companyId, long projectId, String projectNumber, String number, String title,
            String description, LocalDate changeDate, String status, List<ExportLine> lines) {
    }

    /** A line with the ERP's codes (null when the ERP has none) and the task (given, or the imported budget's). */
    public record ExportLine(int lineNumber, String costCode, String costCodeErp, String costType, String accountGroup,
            String projectTask, String description, BigDecimal amount) {
    }

    /**
     * A line's project task: the one entered, else the task of the project's imported budget line of the same cost code
     * and cost type (then of the same cost code), the first by task ID — what the export sends and the lists show.
     */
    private static final String TASK = """
            coalesce(l.project_task,
                     (select bl.erp_task from budget_line bl
                      where bl.company_id = l.company_id and bl.project_id = :p
                        and bl.cost_code_id = l.cost_code_id and bl.cost_type_id = l.cost_type_id
                      order by bl.erp_task limit 1),
                     (select bl.erp_task from budget_line bl
                      where bl.company_id = l.company_id and bl.project_id = :p
                        and bl.cost_code_id = l.cost_code_id
                      order by bl.erp_task limit 1))""";

    // ------------------------------------------------------------------------------------------------ reads

    public List<BudgetChange> list(SignedInUser user, long projectId) {
        permissions.requireProjectRead(user, projectId);
        List<Long> ids = jdbc.sql("select id from budget_change where project_id = :p order by number")
                .param("p", projectId).query(Long.class).list();
        Map<Long, ErpSync> erp = erpState.summaries(RECORD_TYPE, ids);
        List<BudgetChange> out = new ArrayList<>();
        for (long id : ids) {
            out.add(load(projectId, id, erp.get(id)));
        }
        return out;
    }

    public BudgetChange get(SignedInUser user, long projectId, long id) {
        permissions.requireProjectRead(user, projectId);
        return load(projectId, id);
    }

    private BudgetChange load(long projectId, long id) {
        return load(projectId, id, erpState.summary(RECORD_TYPE, id));
    }

    private BudgetChange load(long projectId, long id, ErpSync erp) {
        record Head(String number, String title, String description, LocalDate date, String status, OffsetDateTime approvedAt,
                OffsetDateTime createdAt, OffsetDateTime updatedAt) {
        }
        Head h = jdbc.sql("""
                select number, title, description, change_date, status, approved_at, created_at, updated_at
                from budget_change where id = :id and project_id = :p""").param("id", id).param("p", projectId)
                .query((rs, n) -> new Head(rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, LocalDate.class),
                        rs.getString(5), rs.getObject(6, OffsetDateTime.class), rs.getObject(7, OffsetDateTime.class),
                        rs.getObject(8, OffsetDateTime.class))).optional()
                .orElseThrow(() -> new NotFoundException("Budget change " + id + " not found"));
        List<Line> lines = jdbc.sql("""
                select l.line_number, cc.code, cc.description, ct.code, ct.name, ct.erp_account_group,
                       %s,
                       l.description, l.amount
                from budget_change_line l join cost_code cc on cc.id = l.cost_code_id join cost_type ct on ct.id = l.cost_type_id
                where l.budget_change_id = :id order by l.line_number""".formatted(TASK)).param("id", id).param("p", projectId)
                .query((rs, n) -> new Line(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getBigDecimal(9))).list();
        BigDecimal total = lines.stream().map(Line::amount).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
        return new BudgetChange(id, projectId, h.number(), h.title(), h.description(), h.date(), h.status(), label(h.status()),
                total, lines, erp, h.approvedAt(), h.createdAt(), h.updatedAt());
    }

    static String label(String status) {
        return "approved".equals(status) ? "Approved" : "Draft";
    }

    /** The budget change for the export (any project of any company): empty when there is none. */
    public Optional<ExportView> forExport(long id) {
        record Head(long companyId, long projectId, String projectNumber, String number, String title, String description,
                LocalDate date, String status) {
        }
        Optional<Head> head = jdbc.sql("""
                select b.company_id, b.project_id, p.number, b.number, b.title, b.description, b.change_date, b.status
                from budget_change b join project p on p.id = b.project_id where b.id = :id""").param("id", id)
                .query((rs, n) -> new Head(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getObject(7, LocalDate.class), rs.getString(8))).optional();
        return head.map(h -> new ExportView(id, h.companyId(), h.projectId(), h.projectNumber(), h.number(), h.title(),
                h.description(), h.date(), h.status(), jdbc.sql("""
                        select l.line_number, cc.code, cc.erp_code, ct.code, ct.erp_account_group,
                               %s,
                               l.description, l.amount
                        from budget_change_line l join cost_code cc on cc.id = l.cost_code_id
                        join cost_type ct on ct.id = l.cost_type_id
                        where l.budget_change_id = :id order by l.line_number""".formatted(TASK)).param("id", id).param("p", h.projectId())
                        .query((rs, n) -> new ExportLine(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), rs.getBigDecimal(8))).list()));
    }

    // ------------------------------------------------------------------------------------------------ writes

    @Transactional
    public BudgetChange create(SignedInUser user, long projectId, String title, String description, LocalDate changeDate,
            List<LineInput> lines) {
        permissions.requireCommitments(user, projectId, PermissionLevel.STANDARD);
        long company = companyOf(projectId);
        String t = title(title);
        String d = description(description);
        List<Resolved> resolved = resolve(company, lines == null ? List.of() : lines);
        // the project's row locked: two creations at once take two numbers
        jdbc.sql("select id from project where id = :p for update").param("p", projectId).query(Long.class).single();
        int next = jdbc.sql("select coalesce(max(cast(number as int)), 0) + 1 from budget_change where project_id = :p")
                .param("p", projectId).query(Integer.class).single();
        String number = String.format("%03d", next);
        long id = jdbc.sql("""
                insert into budget_change (company_id, project_id, number, title, description, change_date, created_by)
                values (:c, :p, :n, :t, :d, :date, :by) returning id""").param("c", company).param("p", projectId)
                .param("n", number).param("t", t).param("d", d).param("date", changeDate).param("by", user.id())
                .query(Long.class).single();
        writeLines(company, id, resolved);
        BudgetChange created = load(projectId, id);
        audit.record(company, user, "budget_change.created", RECORD_TYPE, id,
                "Created budget change " + number + " " + t, null, auditState(created));
        return created;
    }

    /**
     * Edits a draft; {@code status} "draft" sets an approved change back to Draft first (Commitments Admin), e.g. to
     * correct it after the ERP export was rejected. Approving is {@link #approve}.
     */
    @Transactional
    public BudgetChange update(SignedInUser user, long projectId, long id, String status, String title, String description,
            LocalDate changeDate, List<LineInput> lines) {
        permissions.requireCommitments(user, projectId, PermissionLevel.STANDARD);
        long company = companyOf(projectId);
        if (status != null && !"draft".equals(status)) {
            throw new BadRequestException("'status' can only be set to draft here (approve with POST …/approve)");
        }
        BudgetChange before = lockAndLoad(projectId, id);
        if ("draft".equals(status) && "approved".equals(before.status())) {
            permissions.requireCommitments(user, projectId, PermissionLevel.ADMIN);
            jdbc.sql("update budget_change set status = 'draft', approved_by = null, approved_at = null where id = :id")
                    .param("id", id).update();
        } else if (!"draft".equals(before.status())) {
            throw new ConflictException("Budget change " + before.number() + " is Approved: its content is fixed. "
                    + "Set it back to Draft to change it.");
        }
        String t = title == null ? before.title() : title(title);
        String d = description == null ? before.description() : description(description);
        List<Resolved> resolved = lines == null ? null : resolve(company, lines);
        jdbc.sql("""
                update budget_change set title = :t, description = :d, change_date = coalesce(:date, change_date),
                       updated_at = now() where id = :id""").param("t", t).param("d", d).param("date", changeDate)
                .param("id", id).update();
        if (resolved != null) {
            jdbc.sql("delete from budget_change_line where budget_change_id = :id").param("id", id).update();
            writeLines(company, id, resolved);
        }
        BudgetChange after = load(projectId, id);
        audit.record(company, user, "budget_change.updated", RECORD_TYPE, id,
                "Edited budget change " + after.number() + " " + after.title(), auditState(before), auditState(after));
        return after;
    }

    @Transactional
    public BudgetChange approve(SignedInUser user, long projectId, long id) {
        permissions.requireCommitments(user, projectId, PermissionLevel.ADMIN);
        long company = companyOf(projectId);
        BudgetChange before = lockAndLoad(projectId, id);
        if (!"draft".equals(before.status())) {
            throw new ConflictException("Budget change " + before.number() + " is already Approved.");
        }
        if (before.lines().isEmpty()) {
            throw new ConflictException("Budget change " + before.number() + " has no lines: add at least one before approving it.");
        }
        jdbc.sql("""
                update budget_change set status = 'approved', approved_by = :u, approved_at = now(), updated_at = now()
                where id = :id""").param("u", user.id()).param("id", id).update();
        BudgetChange after = load(projectId, id);
        audit.record(company, user, "budget_change.approved", RECORD_TYPE, id,
                "Approved budget change " + after.number() + " " + after.title(), auditState(before), auditState(after));
        return after;
    }

    /** Deletes a draft (Commitments Standard) or an approved change (Admin) that is not in the ERP workflow nor synced. */
    @Transactional
    public void delete(SignedInUser user, long projectId, long id) {
        permissions.requireCommitments(user, projectId, PermissionLevel.STANDARD);
        long company = companyOf(projectId);
        BudgetChange before = lockAndLoad(projectId, id);
        if (!"draft".equals(before.status())) {
            permissions.requireCommitments(user, projectId, PermissionLevel.ADMIN);
        }
        jdbc.sql("delete from budget_change where id = :id").param("id", id).update();
        audit.record(company, user, "budget_change.deleted", RECORD_TYPE, id,
                "Deleted budget change " + before.number() + " " + before.title(), auditState(before), null);
    }

    private BudgetChange lockAndLoad(long projectId, long id) {
        jdbc.sql("select id from budget_change where id = :id and project_id = :p for update").param("id", id)
                .param("p", projectId).query(Long.class).optional()
                .orElseThrow(() -> new NotFoundException("Budget change " + id + " not found"));
        erpState.lockReason(RECORD_TYPE, id).ifPresent(reason -> {
            throw new ConflictException(reason);
        });
        return load(projectId, id);
    }

    private long companyOf(long projectId) {
        return jdbc.sql("select company_id from project where id = :p").param("p", projectId).query(Long.class).single();
    }

    private static String title(String title) {
        if (title == null || title.isBlank()) {
            throw new BadRequestException("'title' is required");
        }
        if (title.strip().length() > 255) {
            throw new BadRequestException("'title' is at most 255 characters");
        }
        return title.strip();
    }

    private static String description(String description) {
        if (description == null) {
            return "";
        }
        if (description.length() > 4000) {
            throw new BadRequestException("'description' is at most 4000 characters");
        }
        return description;
    }

    private record Resolved(long costCodeId, long costTypeId, String projectTask, String description, BigDecimal amount) {
    }

    private List<Resolved> resolve(long company, List<LineInput> lines) {
        if (lines.size() > MAX_LINES) {
            throw new BadRequestException("A budget change has at most " + MAX_LINES + " lines");
        }
        List<Resolved> out = new ArrayList<>();
        int n = 0;
        for (LineInput l : lines) {
            n++;
            String where = "line " + n + ": ";
            if (l == null) {
                throw new BadRequestException(where + "missing");
            }
            if (l.costCode() == null || l.costCode().isBlank() || l.costCode().length() > 30) {
                throw new BadRequestException(where + "'cost_code' is required (at most 30 characters)");
            }
            if (l.costType() == null || l.costType().isBlank() || l.costType().length() > 10) {
                throw new BadRequestException(where + "'cost_type' is required (at most 10 characters)");
            }
            Long cc = jdbc.sql("select id from cost_code where company_id = :c and code = :code").param("c", company)
                    .param("code", l.costCode().strip()).query(Long.class).optional()
                    .orElseThrow(() -> new BadRequestException(where + "there is no cost code " + l.costCode().strip()));
            Long ct = jdbc.sql("select id from cost_type where company_id = :c and upper(code) = upper(:code)")
                    .param("c", company).param("code", l.costType().strip()).query(Long.class).optional()
                    .orElseThrow(() -> new BadRequestException(where + "there is no cost type " + l.costType().strip()));
            String task = l.projectTask() == null || l.projectTask().isBlank() ? null : l.projectTask().strip();
            if (task != null && task.length() > 30) {
                throw new BadRequestException(where + "'project_task' is at most 30 characters");
            }
            if (l.description() != null && l.description().length() > 255) {
                throw new BadRequestException(where + "'description' is at most 255 characters");
            }
            BigDecimal amount = l.amount();
            if (amount == null || amount.signum() == 0) {
                throw new BadRequestException(where + "'amount' is required and not zero (negative lowers the budget)");
            }
            if (amount.scale() > 2 && amount.stripTrailingZeros().scale() > 2) {
                throw new BadRequestException(where + "'amount' has at most 2 decimals");
            }
            if (amount.abs().compareTo(MAX_AMOUNT) > 0) {
                throw new BadRequestException(where + "'amount' is at most 9,999,999,999,999.99 either way");
            }
            out.add(new Resolved(cc, ct, task, l.description() == null ? "" : l.description().strip(),
                    amount.setScale(2, java.math.RoundingMode.UNNECESSARY)));
        }
        return out;
    }

    private void writeLines(long company, long id, List<Resolved> lines) {
        int n = 0;
        for (Resolved l : lines) {
            n++;
            jdbc.sql("""
                    insert into budget_change_line (company_id, budget_change_id, line_number, cost_code_id, cost_type_id,
                                                    project_task, description, amount)
                    values (:c, :b, :n, :cc, :ct, :task, :d, :a)""").param("c", company).param("b", id).param("n", n)
                    .param("cc", l.costCodeId()).param("ct", l.costTypeId()).param("task", l.projectTask())
                    .param("d", l.description()).param("a", l.amount()).update();
        }
    }

    private static Map<String, Object> auditState(BudgetChange b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("number", b.number());
        m.put("title", b.title());
        m.put("status", b.status());
        m.put("total", b.total().toPlainString());
        m.put("lines", b.lines().size());
        return m;
    }
}
