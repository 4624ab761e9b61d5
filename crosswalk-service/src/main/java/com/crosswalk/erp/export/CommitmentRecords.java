package com.crosswalk.erp.export;

import com.crosswalk.erp.sync.RecordType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads commitments and CCOs with everything their export needs (the ERP keys of their commitment, vendor and
 * project, from their links in the same statement; the ERP codes of their cost codes and types) and says what is
 * missing. Shared by {@link ChangeOrderType} and {@link CommitmentType}.
 */
@Component
class CommitmentRecords {

    private final JdbcClient jdbc;

    CommitmentRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The header of a CCO or commitment, with its ERP keys (null when not linked). */
    record Header(long id, long companyId, long projectId, String status, String number, String title,
            String description, LocalDate date, long commitmentId, String commitmentNumber, String commitmentKind,
            long vendorId, String vendorName, String projectNumber, String commitmentKey, String vendorKey,
            String projectKey) {
    }

    record LineRow(int lineNumber, Integer commitmentLineNumber, String costCode, String costCodeErp,
            String costType, String costTypeErp, String description, BigDecimal quantity, BigDecimal unitCost,
            BigDecimal amount) {
    }

    private static final RowMapper<Header> HEADER = (rs, n) -> new Header(rs.getLong(1), rs.getLong(2), rs.getLong(3),
            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getObject(8, LocalDate.class),
            rs.getLong(9), rs.getString(10), rs.getString(11), rs.getLong(12), rs.getString(13), rs.getString(14),
            rs.getString(15), rs.getString(16), rs.getString(17));

    /**
     * The ERP keys of the header's commitment, vendor and project, read in the header's own statement (one probe of
     * each link's unique index; null when not linked): columns 15-17 of {@link #HEADER}.
     */
    private static final String KEYS = """
            , (select k.erp_key from erp_link k where k.commitment_id = c.id)
            , (select k.erp_key from erp_link k where k.vendor_id = v.id)
            , (select k.erp_key from erp_link k where k.project_id = p.id)""";

    private static final RowMapper<LineRow> LINE = (rs, n) -> new LineRow(rs.getInt(1), (Integer) rs.getObject(2),
            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getBigDecimal(8),
            rs.getBigDecimal(9), rs.getBigDecimal(10));

    Optional<Header> changeOrder(long id) {
        return jdbc.sql("""
                select cco.id, cco.company_id, cco.project_id, cco.status, cco.number, cco.title, cco.description,
                       cco.change_date, c.id, c.number, c.kind, v.id, v.name, p.number""" + KEYS + """
                from commitment_change_order cco
                join commitment c on c.id = cco.commitment_id
                join vendor v on v.id = c.vendor_id
                join project p on p.id = cco.project_id
                where cco.id = :id""")
                .param("id", id).query(HEADER).optional();
    }

    /** The commitment's retainage percent (V100: not null, 0–100), which its ERP commitment carries. */
    BigDecimal retainagePercent(long commitmentId) {
        return jdbc.sql("select retainage_percent from commitment where id = :id").param("id", commitmentId)
                .query(BigDecimal.class).single();
    }

    Optional<Header> commitment(long id) {
        return jdbc.sql("""
                select c.id, c.company_id, c.project_id, c.status, c.number, c.title, '', cast(c.created_at as date),
                       c.id, c.number, c.kind, v.id, v.name, p.number""" + KEYS + """
                from commitment c
                join vendor v on v.id = c.vendor_id
                join project p on p.id = c.project_id
                where c.id = :id""")
                .param("id", id).query(HEADER).optional();
    }

    List<LineRow> changeOrderLines(long id) {
        return jdbc.sql("""
                select li.line_number, cl.line_number, cc.code, cc.erp_code, ct.code, ct.erp_code, li.description,
                       li.quantity, li.unit_cost, li.amount
                from cco_line_item li
                left join commitment_line cl on cl.id = li.commitment_line_id
                left join cost_code cc on cc.id = li.cost_code_id
                left join cost_type ct on ct.id = li.cost_type_id
                where li.cco_id = :id order by li.line_number""")
                .param("id", id).query(LINE).list();
    }

    List<LineRow> commitmentLines(long id) {
        return jdbc.sql("""
                select l.line_number, l.line_number, cc.code, cc.erp_code, ct.code, ct.erp_code, l.description,
                       1, l.amount, l.amount
                from commitment_line l
                left join cost_code cc on cc.id = l.cost_code_id
                left join cost_type ct on ct.id = l.cost_type_id
                where l.commitment_id = :id order by l.line_number""")
                .param("id", id).query(LINE).list();
    }

    /**
     * Every unmet prerequisite of an export, in the order the refusal names them: status, the commitment's link
     * ({@code commitmentProblem}, which differs between a CCO and a commitment), vendor, project, lines.
     */
    static List<String> problems(Header h, List<LineRow> lines, String erpName, String commitmentProblem,
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
        return problems;
    }

    private static String label(String status) {
        if (status == null) {
            return "unknown";
        }
        String s = status.replace('_', ' ');
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static RecordType.RecordInfo info(Header h, String label) {
        return new RecordType.RecordInfo(h.id(), h.companyId(), h.projectId(), h.number(), label);
    }
}
