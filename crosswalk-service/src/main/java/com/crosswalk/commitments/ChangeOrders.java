package com.crosswalk.commitments;

import io.swagger.v3.oas.annotations.media.Schema;
import com.crosswalk.audit.AuditLog;
import com.crosswalk.directory.PermissionLevel;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.shared.BadRequestException;
import com.crosswalk.shared.ConflictException;
import com.crosswalk.shared.NotFoundException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Commitment change orders: numbering, lines, lifecycle, locks. Rules (Commitments tool, as in Procore):
 * <ul>
 * <li>numbers 001, 002… per commitment, assigned under a lock of the commitment row (the unique constraint is the
 *     backstop);</li>
 * <li>Commitments Standard creates CCOs (as Draft), edits them while not Approved, and moves them between Draft and
 *     Pending; Commitments Admin approves, rejects, voids, sets an Approved CCO back to Draft and deletes;</li>
 * <li>an Approved CCO's content (title, description, date, lines) is fixed: 409 — set it back to Draft first;</li>
 * <li>a CCO locked by the ERP Integrations tool (synced, or in the export workflow) answers 409 with the lock reason
 *     to every change and delete, and nothing changes;</li>
 * <li>only a Draft, unlocked CCO can be deleted; the deletion stays in the audit log;</li>
 * <li>a line: {@code quantity} × {@code unit_cost} gives {@code amount} (rounded half-up to cents); with
 *     {@code amount} alone, quantity is 1 and unit cost the amount; with amount and quantity, unit cost is
 *     amount ÷ quantity; all three given must agree. A line may name the commitment SOV line it changes
 *     ({@code commitment_line_item_id}, of the same commitment) and then takes its cost code and type by default.</li>
 * </ul>
 */
@Service
public class ChangeOrders {

    public static final String RECORD_TYPE = "commitment_change_order";

    /** Allowed status moves; approved → draft additionally needs the CCO unlocked (checked for every change). */
    private static final Map<String, Set<String>> MOVES = Map.of(
            "draft", Set.of("pending", "approved", "void"),
            "pending", Set.of("draft", "approved", "rejected", "void"),
            "rejected", Set.of("draft", "void"),
            "approved", Set.of("draft"),
            "void", Set.of());

    private final JdbcClient jdbc;
    private final Permissions permissions;
    private final AuditLog audit;
    private final ErpRecordState erpState;
    private final CostReferences costs;

    ChangeOrders(JdbcClient jdbc, Permissions permissions, AuditLog audit, ErpRecordState erpState, CostReferences costs) {
        this.jdbc = jdbc;
        this.permissions = permissions;
        this.audit = audit;
        this.erpState = erpState;
        this.costs = costs;
    }

    public record Line(Long commitmentLineItemId, String costCode, String costType, String description,
            BigDecimal quantity, BigDecimal unitCost, BigDecimal amount) {
    }

    @Schema(name = "ChangeOrderLineItem")
    public record LineView(long id, int lineNumber, Long commitmentLineItemId, String costCode, String costType,
            String description, BigDecimal quantity, BigDecimal unitCost, BigDecimal amount) {
    }

    @Schema(name = "ChangeOrder")
    public record ChangeOrder(long id, String number, String title, String status, long commitmentId, long projectId,
            LocalDate changeDate, String description, List<LineView> lineItems, BigDecimal grandTotal,
            ErpSync erp, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    }

    /** What to change; null = leave as is. */
    public record Changes(String title, LocalDate changeDate, String description, String status, List<Line> lineItems) {
    }

    /** One page of a project's CCOs (of one commitment when {@code commitmentId} is given) and how many there are. */
    public record Page(List<ChangeOrder> rows, long total, int page, int perPage) {
    }

    /** The project's CCOs (of one commitment when given): Commitments Read Only or higher on the project. */
    public List<ChangeOrder> list(SignedInUser user, long projectId, Long commitmentId) {
        permissions.requireProjectRead(user, projectId);
        return page(projectId, commitmentId, 1, Integer.MAX_VALUE).rows();
    }

    /** One page of the project's CCOs: Commitments Read Only or higher on the project. */
    public Page page(SignedInUser user, long projectId, Long commitmentId, int page, int perPage) {
        permissions.requireProjectRead(user, projectId);
        return page(projectId, commitmentId, page, perPage);
    }

    /** One CCO of the project: Commitments Read Only or higher on the project. */
    public ChangeOrder get(SignedInUser user, long projectId, long id) {
        permissions.requireProjectRead(user, projectId);
        return load(projectId, id);
    }

    /**
     * One page of a project's CCOs, by commitment and number: four queries whatever the page's size (heads, their
     * lines, their ERP state, the count), not a few per CCO.
     */
    private Page page(long projectId, Long commitmentId, int page, int perPage) {
        if (page < 1 || perPage < 1) {
            throw new BadRequestException("'page' and 'per_page' must be 1 or more");
        }
        List<Head> heads = jdbc.sql("""
                select id, number, title, status, commitment_id, project_id, change_date, description, created_at,
                       updated_at
                from commitment_change_order where project_id = :p
                   and (cast(:c as bigint) is null or commitment_id = :c)
                order by commitment_id, number, id limit :n offset :o""")
                .param("p", projectId).param("c", commitmentId).param("n", perPage)
                .param("o", (long) (page - 1) * perPage).query(ChangeOrders::head).list();
        long total = heads.size() < perPage && page == 1 ? heads.size() : jdbc.sql("""
                select count(*) from commitment_change_order where project_id = :p
                   and (cast(:c as bigint) is null or commitment_id = :c)""")
                .param("p", projectId).param("c", commitmentId).query(Long.class).single();
        return new Page(assemble(heads), total, page, perPage);
    }

    private ChangeOrder load(long projectId, long id) {
        Head h = jdbc.sql("""
                select id, number, title, status, commitment_id, project_id, change_date, description, created_at, updated_at
                from commitment_change_order where id = :id and project_id = :p""")
                .param("id", id).param("p", projectId)
                .query(ChangeOrders::head)
                .optional().orElseThrow(() -> new NotFoundException("Commitment change order " + id + " not found"));
        return assemble(List.of(h)).get(0);
    }

    private record Head(long id, String number, String title, String status, long commitmentId, long projectId,
            LocalDate changeDate, String description, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    }

    private static Head head(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Head(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getLong(6),
                rs.getObject(7, LocalDate.class), rs.getString(8), rs.getObject(9, OffsetDateTime.class),
                rs.getObject(10, OffsetDateTime.class));
    }

    /** The CCOs of these heads with their lines and ERP state: two queries for all of them. */
    private List<ChangeOrder> assemble(List<Head> heads) {
        if (heads.isEmpty()) {
            return List.of();
        }
        List<Long> ids = heads.stream().map(Head::id).toList();
        Map<Long, List<LineView>> lines = new java.util.HashMap<>();
        jdbc.sql("""
                select l.cco_id, l.id, l.line_number, l.commitment_line_id, cc.code, ct.code, l.description, l.quantity,
                       l.unit_cost, l.amount
                from cco_line_item l left join cost_code cc on cc.id = l.cost_code_id
                     left join cost_type ct on ct.id = l.cost_type_id
                where l.cco_id in (:ids) order by l.cco_id, l.line_number""")
                .param("ids", ids)
                .query(rs -> {
                    lines.computeIfAbsent(rs.getLong(1), k -> new java.util.ArrayList<>()).add(new LineView(
                            rs.getLong(2), rs.getInt(3), (Long) rs.getObject(4), rs.getString(5), rs.getString(6),
                            rs.getString(7), rs.getBigDecimal(8), rs.getBigDecimal(9), rs.getBigDecimal(10)));
                });
        Map<Long, ErpSync> erp = erpState.summaries(RECORD_TYPE, ids);
        return heads.stream().map(h -> {
            List<LineView> own = lines.getOrDefault(h.id(), List.of());
            BigDecimal total = own.stream().map(LineView::amount).reduce(BigDecimal.ZERO, BigDecimal::add)
                    .setScale(2, RoundingMode.UNNECESSARY);
            return new ChangeOrder(h.id(), h.number(), h.title(), h.status(), h.commitmentId(), h.projectId(),
                    h.changeDate(), h.description(), own, total, erp.get(h.id()), h.createdAt(), h.updatedAt());
        }).toList();
    }

    @Transactional
    public ChangeOrder create(SignedInUser user, long projectId, long commitmentId, String title, LocalDate changeDate,
            String description, List<Line> lines) {
        permissions.requireCommitments(user, projectId, PermissionLevel.STANDARD);
        Long companyId = jdbc.sql("""
                select company_id from commitment where id = :c and project_id = :p for update""")
                .param("c", commitmentId).param("p", projectId).query(Long.class).optional()
                .orElseThrow(() -> new BadRequestException("commitment_id " + commitmentId + " is not a commitment of this project"));
        long next = jdbc.sql("""
                select coalesce(max(cast(number as bigint)), 0) + 1 from commitment_change_order where commitment_id = :c""")
                .param("c", commitmentId).query(Long.class).single();
        String number = String.format("%03d", next);
        long id = jdbc.sql("""
                insert into commitment_change_order (company_id, project_id, commitment_id, number, title, status,
                                                     change_date, description, created_by)
                values (:co, :p, :c, :n, :t, 'draft', :d, :desc, :by) returning id""")
                .param("co", companyId).param("p", projectId).param("c", commitmentId).param("n", number)
                .param("t", requireTitle(title)).param("d", changeDate).param("desc", description == null ? "" : description)
                .param("by", user.id()).query(Long.class).single();
        writeLines(companyId, commitmentId, id, lines == null ? List.of() : lines);
        ChangeOrder created = load(projectId, id);
        audit.record(companyId, user, "cco.created", RECORD_TYPE, id,
                "Created CCO " + number + " '" + created.title() + "'", null, auditState(created));
        return created;
    }

    @Transactional
    public ChangeOrder update(SignedInUser user, long projectId, long id, Changes changes) {
        permissions.requireCommitments(user, projectId, PermissionLevel.STANDARD);
        ChangeOrder before = lockAndGet(projectId, id);
        refuseIfLocked(id);
        boolean content = changes.title() != null || changes.changeDate() != null || changes.description() != null
                || changes.lineItems() != null;
        String target = changes.status() == null ? before.status() : changes.status();
        if (content && "approved".equals(before.status())) {
            throw new ConflictException("CCO " + before.number() + " is Approved: its content and line items are fixed. "
                    + "Set it back to Draft before changing it.");
        }
        if (content && "void".equals(before.status())) {
            throw new ConflictException("CCO " + before.number() + " is Void and can no longer be changed.");
        }
        if (!target.equals(before.status())) {
            if (!MOVES.containsKey(target)) {
                throw new BadRequestException("status must be one of draft, pending, approved, rejected, void");
            }
            if (!MOVES.get(before.status()).contains(target)) {
                throw new ConflictException("CCO " + before.number() + " cannot go from " + label(before.status())
                        + " to " + label(target) + ".");
            }
            boolean standardMove = Set.of("draft", "pending").contains(before.status()) && Set.of("draft", "pending").contains(target);
            if (!standardMove) {
                permissions.requireCommitments(user, projectId, PermissionLevel.ADMIN);
            }
        }
        long companyId = companyOf(id);
        jdbc.sql("""
                update commitment_change_order set title = coalesce(:t, title), change_date = coalesce(:d, change_date),
                       description = coalesce(:desc, description), status = :s, updated_at = now(), version = version + 1
                where id = :id""")
                .param("t", changes.title() == null ? null : requireTitle(changes.title())).param("d", changes.changeDate())
                .param("desc", changes.description()).param("s", target).param("id", id).update();
        if (changes.lineItems() != null) {
            jdbc.sql("delete from cco_line_item where cco_id = :id").param("id", id).update();
            writeLines(companyId, before.commitmentId(), id, changes.lineItems());
        }
        ChangeOrder after = load(projectId, id);
        boolean statusChanged = !target.equals(before.status());
        String action = statusChanged && !content ? "cco.status_changed" : "cco.updated";
        String summary = statusChanged
                ? "CCO " + before.number() + " " + label(before.status()) + " → " + label(target)
                : "Changed CCO " + before.number();
        audit.record(companyId, user, action, RECORD_TYPE, id, summary, auditState(before), auditState(after));
        return after;
    }

    @Transactional
    public void delete(SignedInUser user, long projectId, long id) {
        permissions.requireCommitments(user, projectId, PermissionLevel.ADMIN);
        ChangeOrder before = lockAndGet(projectId, id);
        refuseIfLocked(id);
        if (!"draft".equals(before.status())) {
            throw new ConflictException("Only a Draft CCO can be deleted; CCO " + before.number() + " is "
                    + label(before.status()) + ". Set it back to Draft first.");
        }
        long companyId = companyOf(id);
        jdbc.sql("delete from commitment_change_order where id = :id").param("id", id).update();
        audit.record(companyId, user, "cco.deleted", RECORD_TYPE, id,
                "Deleted CCO " + before.number() + " '" + before.title() + "'", auditState(before), null);
    }

    private ChangeOrder lockAndGet(long projectId, long id) {
        jdbc.sql("select id from commitment_change_order where id = :id and project_id = :p for update")
                .param("id", id).param("p", projectId).query(Long.class).optional()
                .orElseThrow(() -> new NotFoundException("Commitment change order " + id + " not found"));
        return load(projectId, id);
    }

    private void refuseIfLocked(long id) {
        erpState.lockReason(RECORD_TYPE, id).ifPresent(reason -> {
            throw new ConflictException(reason);
        });
    }

    private long companyOf(long id) {
        return jdbc.sql("select company_id from commitment_change_order where id = :id").param("id", id)
                .query(Long.class).single();
    }

    private void writeLines(long companyId, long commitmentId, long ccoId, List<Line> lines) {
        int number = 0;
        for (Line line : lines) {
            if (line == null) {
                throw new BadRequestException("line_items[" + number + "] is empty");
            }
            String field = "line_items[" + number + "]";
            number++;
            Long costCodeId = costs.costCodeId(companyId, line.costCode(), field + ".cost_code");
            Long costTypeId = costs.costTypeId(companyId, line.costType(), field + ".cost_type");
            if (line.commitmentLineItemId() != null) {
                var sov = jdbc.sql("""
                        select cost_code_id, cost_type_id from commitment_line where id = :id and commitment_id = :c""")
                        .param("id", line.commitmentLineItemId()).param("c", commitmentId)
                        .query((rs, n) -> new Long[] {(Long) rs.getObject(1), (Long) rs.getObject(2)}).optional()
                        .orElseThrow(() -> new BadRequestException(field + ".commitment_line_item_id "
                                + line.commitmentLineItemId() + " is not a line of this CCO's commitment"));
                costCodeId = costCodeId != null ? costCodeId : sov[0];
                costTypeId = costTypeId != null ? costTypeId : sov[1];
            }
            BigDecimal[] figures = figures(line, field);
            jdbc.sql("""
                    insert into cco_line_item (company_id, cco_id, commitment_id, line_number, commitment_line_id,
                                               cost_code_id, cost_type_id, description, quantity, unit_cost, amount)
                    values (:co, :cco, :c, :n, :sov, :cc, :ct, :d, :q, :u, :a)""")
                    .param("co", companyId).param("cco", ccoId).param("c", commitmentId).param("n", number)
                    .param("sov", line.commitmentLineItemId()).param("cc", costCodeId).param("ct", costTypeId)
                    .param("d", line.description() == null ? "" : line.description())
                    .param("q", figures[0]).param("u", figures[1]).param("a", figures[2]).update();
        }
    }

    /** quantity, unit cost, amount — see the class comment. */
    static BigDecimal[] figures(Line line, String field) {
        BigDecimal q = line.quantity();
        BigDecimal u = line.unitCost();
        BigDecimal a = line.amount();
        CostReferences.checkQuantity(q, field + ".quantity");
        CostReferences.checkQuantity(u, field + ".unit_cost");
        CostReferences.checkAmount(a, field + ".amount");
        if (q != null && u != null) {
            BigDecimal computed = q.multiply(u).setScale(2, RoundingMode.HALF_UP);
            CostReferences.checkAmount(computed, field + ".amount (quantity × unit_cost)");
            if (a != null && a.compareTo(computed) != 0) {
                throw new BadRequestException(field + ".amount " + a.toPlainString() + " is not quantity × unit_cost ("
                        + computed.toPlainString() + ")");
            }
            return new BigDecimal[] {q, u, computed};
        }
        if (a == null) {
            throw new BadRequestException(field + " needs an amount, or a quantity and a unit_cost");
        }
        if (u != null) {
            throw new BadRequestException(field + ": with a unit_cost, give the quantity too");
        }
        if (q == null) {
            return new BigDecimal[] {BigDecimal.ONE, a, a};
        }
        if (q.signum() == 0) {
            throw new BadRequestException(field + ".quantity must not be 0 when only the amount is given");
        }
        BigDecimal unit = a.divide(q, 4, RoundingMode.HALF_UP);
        CostReferences.checkQuantity(unit, field + ".unit_cost (amount ÷ quantity)");
        return new BigDecimal[] {q, unit, a};
    }

    private static String requireTitle(String title) {
        if (title == null || title.trim().isEmpty()) {
            throw new BadRequestException("title must not be blank");
        }
        if (title.trim().length() > 255) {
            throw new BadRequestException("title must be at most 255 characters");
        }
        return title.trim();
    }

    static String label(String status) {
        return switch (status) {
            case "draft" -> "Draft";
            case "pending" -> "Pending";
            case "approved" -> "Approved";
            case "rejected" -> "Rejected";
            case "void" -> "Void";
            default -> status;
        };
    }

    private static Map<String, Object> auditState(ChangeOrder c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("number", c.number());
        m.put("title", c.title());
        m.put("status", c.status());
        m.put("commitment_id", c.commitmentId());
        m.put("change_date", c.changeDate() == null ? null : c.changeDate().toString());
        m.put("description", c.description());
        List<Map<String, Object>> lines = new ArrayList<>();
        for (LineView l : c.lineItems()) {
            Map<String, Object> lm = new LinkedHashMap<>();
            lm.put("commitment_line_item_id", l.commitmentLineItemId());
            lm.put("cost_code", l.costCode());
            lm.put("cost_type", l.costType());
            lm.put("description", l.description());
            lm.put("quantity", l.quantity().toPlainString());
            lm.put("unit_cost", l.unitCost().toPlainString());
            lm.put("amount", l.amount().toPlainString());
            lines.add(lm);
        }
        m.put("line_items", lines);
        m.put("grand_total", c.grandTotal().toPlainString());
        return m;
    }
}
