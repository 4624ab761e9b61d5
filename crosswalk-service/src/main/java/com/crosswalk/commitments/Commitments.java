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
 * Commitments (subcontracts, purchase orders) and their schedule-of-values lines. Commitments Admin creates and
 * edits them; a commitment locked by the ERP Integrations tool (linked) answers 409 to every change. Lines are
 * replaced as a whole on PATCH: a line given with its {@code id} is updated, a line without one is added, and a line
 * left out is removed — refused (409) when a CCO changes it.
 */
@Service
public class Commitments {

    public static final String RECORD_TYPE = "commitment";
    static final Set<String> STATUSES = Set.of("draft", "out_for_signature", "approved", "complete", "terminated", "void");

    private final JdbcClient jdbc;
    private final Permissions permissions;
    private final AuditLog audit;
    private final ErpRecordState erpState;
    private final CostReferences costs;

    Commitments(JdbcClient jdbc, Permissions permissions, AuditLog audit, ErpRecordState erpState, CostReferences costs) {
        this.jdbc = jdbc;
        this.permissions = permissions;
        this.audit = audit;
        this.erpState = erpState;
        this.costs = costs;
    }

    public record Line(Long id, String costCode, String costType, String description, BigDecimal amount) {
    }

    @Schema(name = "CommitmentLineItem")
    public record LineView(long id, int lineNumber, String costCode, String costType, String description,
            BigDecimal amount) {
    }

    @Schema(name = "CommitmentVendor")
    public record Vendor(long id, String name) {
    }

    @Schema(name = "Commitment")
    public record Commitment(long id, long projectId, Vendor vendor, String kind, String number, String title,
            String status, List<LineView> lineItems, BigDecimal grandTotal, ErpSync erp,
            OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    }

    /** The project's commitments: Commitments Read Only or higher on the project. */
    public List<Commitment> list(SignedInUser user, long projectId) {
        permissions.requireProjectRead(user, projectId);
        return load(projectId);
    }

    /** One commitment of the project: Commitments Read Only or higher on the project. */
    public Commitment get(SignedInUser user, long projectId, long id) {
        permissions.requireProjectRead(user, projectId);
        return load(projectId, id);
    }

    /** The project's commitments by number: three queries whatever their number (heads, lines, ERP state). */
    private List<Commitment> load(long projectId) {
        return assemble(jdbc.sql(HEAD + " where c.project_id = :p order by c.number, c.id").param("p", projectId)
                .query(Commitments::head).list());
    }

    private static final String HEAD = """
            select c.id, c.project_id, v.id, v.name, c.kind, c.number, c.title, c.status, c.created_at, c.updated_at
            from commitment c join vendor v on v.id = c.vendor_id""";

    private record Head(long id, long projectId, Vendor vendor, String kind, String number, String title,
            String status, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    }

    private static Head head(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Head(rs.getLong(1), rs.getLong(2), new Vendor(rs.getLong(3), rs.getString(4)), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getObject(9, OffsetDateTime.class),
                rs.getObject(10, OffsetDateTime.class));
    }

    private List<Commitment> assemble(List<Head> heads) {
        if (heads.isEmpty()) {
            return List.of();
        }
        List<Long> ids = heads.stream().map(Head::id).toList();
        java.util.Map<Long, List<LineView>> lines = new java.util.HashMap<>();
        jdbc.sql("""
                select l.commitment_id, l.id, l.line_number, cc.code, ct.code, l.description, l.amount
                from commitment_line l left join cost_code cc on cc.id = l.cost_code_id
                     left join cost_type ct on ct.id = l.cost_type_id
                where l.commitment_id in (:ids) order by l.commitment_id, l.line_number""")
                .param("ids", ids)
                .query(rs -> {
                    lines.computeIfAbsent(rs.getLong(1), k -> new java.util.ArrayList<>()).add(new LineView(
                            rs.getLong(2), rs.getInt(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            rs.getBigDecimal(7)));
                });
        java.util.Map<Long, ErpSync> erp = erpState.summaries(RECORD_TYPE, ids);
        return heads.stream().map(h -> {
            List<LineView> own = lines.getOrDefault(h.id(), List.of());
            BigDecimal total = own.stream().map(LineView::amount).reduce(new BigDecimal("0.00"), BigDecimal::add);
            return new Commitment(h.id(), h.projectId(), h.vendor(), h.kind(), h.number(), h.title(), h.status(),
                    own, total, erp.get(h.id()), h.createdAt(), h.updatedAt());
        }).toList();
    }

    /**
     * A commitment's money as Procore's Commitments tool shows it: the original contract amount (its SOV), the
     * approved change orders, the revised contract amount (original + approved), pending and draft change orders,
     * invoiced, payments, percent paid and remaining balance (revised − payments). Invoiced and payments are 0 until
     * invoices exist. One query, for the page and the REST API alike.
     */
    @Schema(name = "CommitmentSummary")
    public record Summary(long commitmentId, BigDecimal originalContractAmount, BigDecimal approvedChangeOrders,
            BigDecimal revisedContractAmount, BigDecimal pendingChangeOrders, BigDecimal draftChangeOrders,
            BigDecimal invoiced, BigDecimal payments, BigDecimal percentPaid, BigDecimal remainingBalance) {
    }

    /** The commitment's summary: Commitments Read Only or higher on the project. */
    public Summary summary(SignedInUser user, long projectId, long id) {
        permissions.requireProjectRead(user, projectId);
        return jdbc.sql("""
                select c.id,
                       coalesce((select sum(l.amount) from commitment_line l where l.commitment_id = c.id), 0),
                       coalesce(sum(i.amount) filter (where o.status = 'approved'), 0),
                       coalesce(sum(i.amount) filter (where o.status = 'pending'), 0),
                       coalesce(sum(i.amount) filter (where o.status = 'draft'), 0)
                from commitment c
                     left join commitment_change_order o on o.commitment_id = c.id
                     left join cco_line_item i on i.cco_id = o.id
                where c.id = :id and c.project_id = :p
                group by c.id""").param("id", id).param("p", projectId)
                .query((rs, n) -> summary(rs.getLong(1), rs.getBigDecimal(2), rs.getBigDecimal(3),
                        rs.getBigDecimal(4), rs.getBigDecimal(5), BigDecimal.ZERO, BigDecimal.ZERO))
                .optional().orElseThrow(() -> new NotFoundException("Commitment " + id + " not found"));
    }

    static Summary summary(long id, BigDecimal original, BigDecimal approved, BigDecimal pending, BigDecimal draft,
            BigDecimal invoiced, BigDecimal payments) {
        BigDecimal revised = money(original.add(approved));
        BigDecimal percent = revised.signum() == 0 ? new BigDecimal("0.00")
                : payments.multiply(new BigDecimal(100)).divide(revised, 2, java.math.RoundingMode.HALF_UP);
        return new Summary(id, money(original), money(approved), revised, money(pending), money(draft),
                money(invoiced), money(payments), percent, money(revised.subtract(payments)));
    }

    private static BigDecimal money(BigDecimal v) {
        return v.setScale(2, java.math.RoundingMode.HALF_UP);
    }

    /**
     * The project of the company's commitment ({@code commitment}) or CCO ({@code commitment_change_order}), for
     * links back from a record's Change History; empty for other types or records of other companies.
     */
    public java.util.Optional<Long> projectOf(long companyId, String recordType, long recordId) {
        String sql = switch (recordType) {
            case ChangeOrders.RECORD_TYPE -> "select o.project_id from commitment_change_order o "
                    + "join commitment c on c.id = o.commitment_id where o.id = :id and c.company_id = :co";
            case RECORD_TYPE -> "select project_id from commitment where id = :id and company_id = :co";
            default -> null;
        };
        return sql == null ? java.util.Optional.empty()
                : jdbc.sql(sql).param("id", recordId).param("co", companyId).query(Long.class).optional();
    }

    private Commitment load(long projectId, long id) {
        Head h = jdbc.sql(HEAD + " where c.id = :id and c.project_id = :p").param("id", id).param("p", projectId)
                .query(Commitments::head)
                .optional().orElseThrow(() -> new NotFoundException("Commitment " + id + " not found"));
        return assemble(List.of(h)).get(0);
    }

    @Transactional
    public Commitment create(SignedInUser user, long projectId, String kind, String number, String title, long vendorId,
            String status, List<Line> lines) {
        permissions.requireCommitments(user, projectId, PermissionLevel.ADMIN);
        long companyId = jdbc.sql("select company_id from project where id = :p").param("p", projectId)
                .query(Long.class).single();
        if (!Set.of("subcontract", "purchase_order").contains(kind)) {
            throw new BadRequestException("kind must be subcontract or purchase_order");
        }
        String s = status == null ? "draft" : status;
        if (!STATUSES.contains(s)) {
            throw new BadRequestException("status must be one of " + String.join(", ", STATUSES.stream().sorted().toList()));
        }
        requireVendor(companyId, vendorId);
        if (jdbc.sql("select exists(select 1 from commitment where project_id = :p and number = :n)")
                .param("p", projectId).param("n", number.trim()).query(Boolean.class).single()) {
            throw new ConflictException("This project already has a commitment numbered " + number.trim());
        }
        long id = jdbc.sql("""
                insert into commitment (company_id, project_id, vendor_id, kind, number, title, status)
                values (:co, :p, :v, :k, :n, :t, :s) returning id""")
                .param("co", companyId).param("p", projectId).param("v", vendorId).param("k", kind)
                .param("n", number.trim()).param("t", title.trim()).param("s", s).query(Long.class).single();
        writeLines(companyId, id, lines == null ? List.of() : lines);
        Commitment created = load(projectId, id);
        audit.record(companyId, user, "commitment.created", RECORD_TYPE, id, "Created commitment " + created.number(),
                null, auditState(created));
        return created;
    }

    @Transactional
    public Commitment update(SignedInUser user, long projectId, long id, String title, Long vendorId, String status,
            List<Line> lines) {
        permissions.requireCommitments(user, projectId, PermissionLevel.ADMIN);
        jdbc.sql("select id from commitment where id = :id and project_id = :p for update").param("id", id)
                .param("p", projectId).query(Long.class).optional()
                .orElseThrow(() -> new NotFoundException("Commitment " + id + " not found"));
        erpState.lockReason(RECORD_TYPE, id).ifPresent(reason -> {
            throw new ConflictException(reason);
        });
        Commitment before = load(projectId, id);
        long companyId = jdbc.sql("select company_id from commitment where id = :id").param("id", id)
                .query(Long.class).single();
        if (status != null && !STATUSES.contains(status)) {
            throw new BadRequestException("status must be one of " + String.join(", ", STATUSES.stream().sorted().toList()));
        }
        if (vendorId != null) {
            requireVendor(companyId, vendorId);
        }
        jdbc.sql("""
                update commitment set title = coalesce(:t, title), vendor_id = coalesce(:v, vendor_id),
                       status = coalesce(:s, status), updated_at = now(), version = version + 1 where id = :id""")
                .param("t", title == null ? null : title.trim()).param("v", vendorId).param("s", status).param("id", id)
                .update();
        if (lines != null) {
            replaceLines(companyId, id, lines);
        }
        Commitment after = load(projectId, id);
        audit.record(companyId, user, "commitment.updated", RECORD_TYPE, id, "Changed commitment " + after.number(),
                auditState(before), auditState(after));
        return after;
    }

    private void requireVendor(long companyId, long vendorId) {
        if (!jdbc.sql("select exists(select 1 from vendor where id = :v and company_id = :c)").param("v", vendorId)
                .param("c", companyId).query(Boolean.class).single()) {
            throw new BadRequestException("vendor_id " + vendorId + " is not a vendor of this company");
        }
    }

    private void writeLines(long companyId, long commitmentId, List<Line> lines) {
        int number = jdbc.sql("select coalesce(max(line_number), 0) from commitment_line where commitment_id = :c")
                .param("c", commitmentId).query(Integer.class).single();
        int index = 0;
        for (Line line : lines) {
            String field = "line_items[" + index++ + "]";
            if (line.amount() == null) {
                throw new BadRequestException(field + ".amount is required");
            }
            CostReferences.checkAmount(line.amount(), field + ".amount");
            jdbc.sql("""
                    insert into commitment_line (company_id, commitment_id, line_number, cost_code_id, cost_type_id,
                                                 description, amount)
                    values (:co, :c, :n, :cc, :ct, :d, :a)""")
                    .param("co", companyId).param("c", commitmentId).param("n", ++number)
                    .param("cc", costs.costCodeId(companyId, line.costCode(), field + ".cost_code"))
                    .param("ct", costs.costTypeId(companyId, line.costType(), field + ".cost_type"))
                    .param("d", line.description() == null ? "" : line.description()).param("a", line.amount()).update();
        }
    }

    private void replaceLines(long companyId, long commitmentId, List<Line> lines) {
        List<Long> kept = new ArrayList<>();
        List<Line> added = new ArrayList<>();
        int index = 0;
        for (Line line : lines) {
            String field = "line_items[" + index++ + "]";
            if (line.id() == null) {
                added.add(line);
                continue;
            }
            if (line.amount() == null) {
                throw new BadRequestException(field + ".amount is required");
            }
            CostReferences.checkAmount(line.amount(), field + ".amount");
            int n = jdbc.sql("""
                    update commitment_line set cost_code_id = :cc, cost_type_id = :ct, description = :d, amount = :a
                    where id = :id and commitment_id = :c""")
                    .param("cc", costs.costCodeId(companyId, line.costCode(), field + ".cost_code"))
                    .param("ct", costs.costTypeId(companyId, line.costType(), field + ".cost_type"))
                    .param("d", line.description() == null ? "" : line.description()).param("a", line.amount())
                    .param("id", line.id()).param("c", commitmentId).update();
            if (n == 0) {
                throw new BadRequestException(field + ".id " + line.id() + " is not a line of this commitment");
            }
            kept.add(line.id());
        }
        List<Long> removed = jdbc.sql("select id from commitment_line where commitment_id = :c").param("c", commitmentId)
                .query(Long.class).list().stream().filter(l -> !kept.contains(l)).toList();
        for (long lineId : removed) {
            boolean used = jdbc.sql("select exists(select 1 from cco_line_item where commitment_line_id = :l)")
                    .param("l", lineId).query(Boolean.class).single();
            if (used) {
                throw new ConflictException("Line " + lineId + " is changed by a change order and cannot be removed");
            }
            jdbc.sql("delete from commitment_line where id = :l").param("l", lineId).update();
        }
        writeLines(companyId, commitmentId, added);
    }

    private static Map<String, Object> auditState(Commitment c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("number", c.number());
        m.put("title", c.title());
        m.put("status", c.status());
        m.put("kind", c.kind());
        m.put("vendor_id", c.vendor().id());
        m.put("line_items", c.lineItems().stream().map(l -> Map.of("line_number", l.lineNumber(),
                "cost_code", String.valueOf(l.costCode()), "cost_type", String.valueOf(l.costType()),
                "description", l.description(), "amount", l.amount().toPlainString())).toList());
        return m;
    }
}
