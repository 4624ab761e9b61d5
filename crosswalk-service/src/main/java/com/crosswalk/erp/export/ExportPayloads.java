package com.crosswalk.erp.export;

import com.crosswalk.erp.connector.ChangeOrderExport;
import com.crosswalk.erp.connector.CommitmentExport;
import com.crosswalk.shared.NotFoundException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads a commitment or CCO with everything its export needs (links of its commitment, vendor and project; the ERP
 * codes of its cost codes and types) and says what is missing. Used by Send to ERP (refuse, naming each gap) and
 * by the export job (build the payload).
 */
@Component
class ExportPayloads {

    private final JdbcClient jdbc;

    ExportPayloads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A record ready for export (or not: {@code problems} lists each unmet prerequisite in words). */
    record Prepared(long companyId, long projectId, String status, List<String> problems, Object payload,
            String payloadSha256) {
    }

    private record Header(long companyId, long projectId, String status, String number, String title,
            String description, LocalDate date, String commitmentNumber, String commitmentKind, String vendorName,
            String projectNumber, String commitmentKey, String vendorKey, String projectKey) {
    }

    private record LineRow(int lineNumber, Integer commitmentLineNumber, String costCode, String costCodeErp,
            String costType, String costTypeErp, String description, BigDecimal quantity, BigDecimal unitCost,
            BigDecimal amount) {
    }

    /** A header row: the columns of {@link Header} in order (the CCO and the commitment queries select alike). */
    private static final RowMapper<Header> HEADER = (rs, n) -> new Header(rs.getLong(1), rs.getLong(2),
            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getObject(7, LocalDate.class),
            rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13),
            rs.getString(14));

    /** A line row: the columns of {@link LineRow} in order. */
    private static final RowMapper<LineRow> LINE = (rs, n) -> new LineRow(rs.getInt(1), (Integer) rs.getObject(2),
            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getBigDecimal(8),
            rs.getBigDecimal(9), rs.getBigDecimal(10));

    Prepared prepare(Kind kind, long id, String externalRef, String erpName) {
        return kind == Kind.CCO ? changeOrder(id, externalRef, erpName) : commitment(id, externalRef, erpName);
    }

    private Prepared changeOrder(long id, String externalRef, String erpName) {
        Header h = jdbc.sql("""
                select cco.company_id, cco.project_id, cco.status, cco.number, cco.title, cco.description,
                       cco.change_date, c.number, c.kind, v.name, p.number,
                       lc.erp_key, lv.erp_key, lp.erp_key
                from commitment_change_order cco
                join commitment c on c.id = cco.commitment_id
                join vendor v on v.id = c.vendor_id
                join project p on p.id = cco.project_id
                left join erp_link lc on lc.commitment_id = c.id
                left join erp_link lv on lv.vendor_id = v.id
                left join erp_link lp on lp.project_id = p.id
                where cco.id = :id""")
                .param("id", id)
                .query(HEADER)
                .optional().orElseThrow(() -> new NotFoundException("CCO " + id + " not found"));
        List<LineRow> lines = jdbc.sql("""
                select li.line_number, cl.line_number, cc.code, cc.erp_code, ct.code, ct.erp_code, li.description,
                       li.quantity, li.unit_cost, li.amount
                from cco_line_item li
                left join commitment_line cl on cl.id = li.commitment_line_id
                left join cost_code cc on cc.id = li.cost_code_id
                left join cost_type ct on ct.id = li.cost_type_id
                where li.cco_id = :id order by li.line_number""")
                .param("id", id)
                .query(LINE)
                .list();
        List<String> problems = problems(h, lines, erpName,
                h.commitmentKey() == null
                        ? "its commitment " + h.commitmentNumber() + " is not linked to " + erpName : null,
                "it has no line items");
        if (!problems.isEmpty()) {
            return new Prepared(h.companyId(), h.projectId(), h.status(), problems, null, null);
        }
        ChangeOrderExport payload = new ChangeOrderExport(externalRef, h.projectKey(), h.commitmentKey(),
                h.commitmentKind(), h.vendorKey(), h.number(), h.title(), h.description(),
                h.date() == null ? LocalDate.now() : h.date(),
                lines.stream().map(l -> new ChangeOrderExport.Line(l.commitmentLineNumber(), l.costCodeErp(),
                        l.costTypeErp(), l.description(), l.quantity(), l.unitCost(), l.amount())).toList());
        return new Prepared(h.companyId(), h.projectId(), h.status(), List.of(), payload, sha256(payload.toString()));
    }

    private Prepared commitment(long id, String externalRef, String erpName) {
        Header h = jdbc.sql("""
                select c.company_id, c.project_id, c.status, c.number, c.title, '', cast(c.created_at as date),
                       c.number, c.kind, v.name, p.number, lc.erp_key, lv.erp_key, lp.erp_key
                from commitment c
                join vendor v on v.id = c.vendor_id
                join project p on p.id = c.project_id
                left join erp_link lc on lc.commitment_id = c.id
                left join erp_link lv on lv.vendor_id = v.id
                left join erp_link lp on lp.project_id = p.id
                where c.id = :id""")
                .param("id", id)
                .query(HEADER)
                .optional().orElseThrow(() -> new NotFoundException("Commitment " + id + " not found"));
        List<LineRow> lines = jdbc.sql("""
                select l.line_number, l.line_number, cc.code, cc.erp_code, ct.code, ct.erp_code, l.description,
                       1, l.amount, l.amount
                from commitment_line l
                left join cost_code cc on cc.id = l.cost_code_id
                left join cost_type ct on ct.id = l.cost_type_id
                where l.commitment_id = :id order by l.line_number""")
                .param("id", id)
                .query(LINE)
                .list();
        List<String> problems = problems(h, lines, erpName,
                h.commitmentKey() != null ? "it is already linked to " + erpName + " (" + h.commitmentKey() + ")" : null,
                "it has no schedule of values lines");
        if (!problems.isEmpty()) {
            return new Prepared(h.companyId(), h.projectId(), h.status(), problems, null, null);
        }
        CommitmentExport payload = new CommitmentExport(externalRef, h.commitmentKind(), h.projectKey(),
                h.vendorKey(), h.number(), h.title(), h.date(), lines.stream()
                        .map(l -> new CommitmentExport.Line(l.lineNumber(), l.costCodeErp(), l.costTypeErp(),
                                l.description(), l.amount())).toList());
        return new Prepared(h.companyId(), h.projectId(), h.status(), List.of(), payload, sha256(payload.toString()));
    }

    /**
     * Every unmet prerequisite of an export, in the order the refusal names them: status, the commitment's link
     * ({@code commitmentProblem}, which differs between a CCO and a commitment), vendor, project, lines.
     */
    private static List<String> problems(Header h, List<LineRow> lines, String erpName, String commitmentProblem,
            String noLines) {
        List<String> problems = new ArrayList<>();
        if (!"approved".equals(h.status())) {
            problems.add("its status is " + label(h.status()) + ", not Approved");
        }
        if (commitmentProblem != null) {
            problems.add(commitmentProblem);
        }
        if (h.vendorKey() == null) {
            problems.add("its vendor " + h.vendorName() + " is not linked to " + erpName);
        }
        if (h.projectKey() == null) {
            problems.add("its project " + h.projectNumber() + " is not linked to " + erpName);
        }
        if (lines.isEmpty()) {
            problems.add(noLines);
        }
        lineProblems(lines, erpName, problems);
        return problems;
    }

    private static void lineProblems(List<LineRow> lines, String erpName, List<String> problems) {
        for (LineRow l : lines) {
            if (l.costCode() == null) {
                problems.add("line " + l.lineNumber() + " has no cost code");
            } else if (l.costCodeErp() == null) {
                problems.add("line " + l.lineNumber() + " has cost code " + l.costCode() + ", which " + erpName
                        + " does not have");
            }
            if (l.costType() == null) {
                problems.add("line " + l.lineNumber() + " has no cost type");
            } else if (l.costTypeErp() == null) {
                problems.add("line " + l.lineNumber() + " has cost type " + l.costType() + ", which " + erpName
                        + " does not have");
            }
        }
    }

    private static String label(String status) {
        if (status == null) {
            return "unknown";
        }
        String s = status.replace('_', ' ');
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
