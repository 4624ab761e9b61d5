package com.crosswalk.erp.sync;

import com.crosswalk.directory.PermissionLevel;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.directory.UserAccess;
import com.crosswalk.shared.BadRequestException;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The lists of the ERP Integrations tool for commitments and CCOs: Ready to Export, Exporting, Failed to Export (from
 * erp_export, index erp_export_list_idx) and Successfully Synced (from erp_link, index erp_link_list_idx); newest
 * first, paged with {@code page}/{@code per_page} (≤ 1000), optional {@code search} and {@code sort}. The page's
 * ids come from the narrow table and its index first, the row details are joined for those only ({@link Query}).
 */
@Service
public class ExportLists {

    public static final int MAX_PER_PAGE = 1000;

    private final JdbcClient jdbc;
    private final Permissions permissions;
    private final com.crosswalk.erp.connection.ErpConnectors connectors;
    private final com.crosswalk.directory.DirectoryService directory;
    private final ErpListCounts counts;
    private final JsonMapper json = JsonMapper.builder().build();

    ExportLists(JdbcClient jdbc, Permissions permissions, com.crosswalk.erp.connection.ErpConnectors connectors,
            com.crosswalk.directory.DirectoryService directory, ErpListCounts counts) {
        this.directory = directory;
        this.jdbc = jdbc;
        this.counts = counts;
        this.permissions = permissions;
        this.connectors = connectors;
    }

    public record Page(List<Row> rows, long total, int page, int perPage) {
    }

    /** The views of a record tab, in the order the pages show them. */
    public static final List<String> VIEWS = List.of("ready_to_export", "exporting", "failed", "synced", "rejected");

    /**
     * One row of a list. {@code commitment} only for CCOs; {@code erp_key}, {@code erp_status} (with its label and the
     * differences when changed in the ERP), {@code synced_at}/{@code synced_by} only when synced; the export's
     * {@code attempts}, {@code last_error}, {@code failure_kind}, {@code next_attempt_at} and {@code leftover} (what
     * a failed attempt left in the ERP, in words) while Exporting or Failed.
     */
    public record Row(long id, String number, String title, Ref project, Ref commitment, Ref vendor,
            BigDecimal grandTotal, String state, String stateLabel, String erpKey, String erpStatus,
            String erpStatusLabel, List<com.crosswalk.erp.connector.Difference> erpDifferences,
            OffsetDateTime syncedAt, Person syncedBy, Person sentBy, OffsetDateTime sentAt, Person acceptedBy,
            OffsetDateTime acceptedAt, int attempts, String lastError, String failureKind,
            OffsetDateTime nextAttemptAt, String leftover, String rejectionReason, String exportId,
            OffsetDateTime updatedAt, boolean canUnlink) {
    }

    /** A project (number, name), commitment (number, title) or vendor (name) a row belongs to. */
    public record Ref(long id, String number, String name) {
    }

    /** Someone, by id and name. */
    public record Person(long id, String name) {
    }

    /**
     * Narrows a list to one project, vendor or commitment (ids of the company; another company's id matches nothing)
     * and to a date range ({@code from}/{@code to} inclusive, days of the company's time zone) of the list's date: when the record was synced
     * in Successfully Synced, its last change of state in the other views. Null: not narrowed.
     */
    public record Filters(Long projectId, Long vendorId, Long commitmentId, java.time.LocalDate from,
            java.time.LocalDate to) {

        public static final Filters NONE = new Filters(null, null, null, null, null);

        public boolean any() {
            return projectId != null || vendorId != null || commitmentId != null || from != null || to != null;
        }
    }

    public Page list(SignedInUser user, long companyId, RecordType<?> kind, String view, String search, String sort,
            int page, int perPage) {
        return list(user, companyId, kind, view, search, sort, page, perPage, null);
    }

    /** What a list's filters offer: the company's projects, vendors and commitments. */
    public record FilterOptions(List<Ref> projects, List<Ref> vendors, List<Ref> commitments) {
    }

    public FilterOptions filterOptions(SignedInUser user, long companyId) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.READ_ONLY);
        List<Ref> projects = jdbc.sql("select id, number, name from project where company_id = :c order by number, id")
                .param("c", companyId).query((rs, n) -> new Ref(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .list();
        List<Ref> vendors = jdbc.sql("select id, name from vendor where company_id = :c order by name, id")
                .param("c", companyId).query((rs, n) -> new Ref(rs.getLong(1), null, rs.getString(2))).list();
        List<Ref> commitments = jdbc.sql("""
                select c.id, p.number || ' ' || c.number, c.title from commitment c join project p on p.id = c.project_id
                where c.company_id = :c order by p.number, c.number, c.id""")
                .param("c", companyId).query((rs, n) -> new Ref(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .list();
        return new FilterOptions(projects, vendors, commitments);
    }

    /**
     * How many records each view of a record type's lists holds (the counts on the view tabs): the lists' counters
     * ({@link ErpListCounts}), the same figures as each list's total.
     */
    public Map<String, Long> viewCounts(SignedInUser user, long companyId, RecordType<?> kind) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.READ_ONLY);
        Map<String, Long> counted = counts.counts(companyId, kind.recordType());
        Map<String, Long> views = new LinkedHashMap<>();
        VIEWS.forEach(v -> views.put(v, counted.getOrDefault(v.equals("synced") ? ErpListCounts.LINKED : v, 0L)));
        return views;
    }

    /** What the ERP last showed of a synced record, as a list filter ({@code erp_status}). */
    public static final List<String> ERP_STATUSES = List.of("present", "reversal_pending", "changed", "gone", "unknown");

    /**
     * The list, in the Successfully Synced view narrowed to one {@code erpStatus} when given (e.g. {@code changed}:
     * Changed in the ERP, {@code gone}: ready to unlink).
     */
    public Page list(SignedInUser user, long companyId, RecordType<?> kind, String view, String search, String sort,
            int page, int perPage, String erpStatus) {
        return list(user, companyId, kind, view, search, sort, page, perPage, erpStatus, Filters.NONE);
    }

    /** The list narrowed by {@code filters} as well ({@link Filters}). */
    public Page list(SignedInUser user, long companyId, RecordType<?> kind, String view, String search, String sort,
            int page, int perPage, String erpStatus, Filters filters) {
        UserAccess access = permissions.requireErpIntegrations(user, companyId, PermissionLevel.READ_ONLY);
        Filters f = filters == null ? Filters.NONE : filters;
        // days of the company's time zone (asked only when a date narrows the list)
        java.time.ZoneId zone = f.from() != null || f.to() != null ? directory.zone(companyId) : java.time.ZoneOffset.UTC;
        Query query = Query.of(companyId, kind, view, search, sort, page, perPage, erpStatus, f, zone);
        if (query.nothingMatches()) {
            return new Page(List.of(), 0, page, perPage);
        }
        String erp = connectors.displayName(companyId);
        if (query.countsInPage()) {
            // a search: its page carries the number of matches (total_rows of each row)
            long[] matches = {0};
            List<Row> rows = jdbc.sql(query.pageSql()).params(query.params()).query((rs, n) -> {
                matches[0] = rs.getLong("total_rows");
                return row(rs, kind, access, erp);
            }).list();
            long totalCount = !rows.isEmpty() || page == 1 ? matches[0]
                    : jdbc.sql(query.countSql()).params(query.params()).query(Long.class).single();
            return new Page(rows, totalCount, page, perPage);
        }
        if (page == 1) {
            List<Row> rows = jdbc.sql(query.pageSql()).params(query.params())
                    .query((rs, n) -> row(rs, kind, access, erp)).list();
            long totalCount = rows.size() < perPage ? rows.size() : total(query);
            return new Page(rows, totalCount, page, perPage);
        }
        // a later page: the count first, so that a page in the second half is read from the other end
        long totalCount = total(query);
        Query.Statement statement = query.page(totalCount);
        List<Row> rows = statement == null ? List.of() : jdbc.sql(statement.sql()).params(statement.params())
                .query((rs, n) -> row(rs, kind, access, erp)).list();
        return new Page(rows, totalCount, page, perPage);
    }

    /** A list's total: its view's counter when unfiltered, else a count of its rows. */
    private long total(Query query) {
        return query.counter() != null
                ? counts.count((long) query.params().get("company"), (String) query.params().get("type"), query.counter())
                : jdbc.sql(query.countSql()).params(query.params()).query(Long.class).single();
    }

    /**
     * The SQL of one list request (package-private for the plan test). Two steps in one statement: the page's ids
     * are chosen from the narrow table alone — erp_link for Successfully Synced, erp_export for the other views —
     * with only the filters and the sort key, through erp_link_list_idx / erp_export_list_idx (and, for a search,
     * the trigram index on the table's {@code search_text}); the joins and sub-selects of the row details then run for
     * those ≤ per_page ids only (a deferred join), so skipped rows of a deep page cost an index entry each. The
     * count reads the narrow table only.
     *
     * <p>{@code search_text} (V41) is the record's number and title and its project's number and name, and on
     * erp_link also the ERP key, joined by U+001F and lower-cased, kept current by triggers; {@code search_text like
     * lower('%q%')} is therefore the same as the former {@code ilike '%q%'} on each of those columns (PostgreSQL's
     * ilike compares lower() of both), as long as q holds no U+001F (such a search matches nothing:
     * {@link #nothingMatches()}). The count has indexes of its own (erp_link_count_idx, erp_export_count_idx).
     */
    record Query(String pageSql, String countSql, Map<String, Object> params, boolean nothingMatches,
            String pageFromTheEndSql, boolean countsInPage, String counter) {

        /** Separates the fields of search_text (V41); a search containing it matches nothing. */
        static final char SEPARATOR = (char) 0x1f;

        /** A statement and its parameters. */
        record Statement(String sql, Map<String, Object> params) {
        }

        /**
         * The page's statement once the list's {@code total} is known; null when the page lies beyond the end. A page
         * in the second half is read from the other end — the ids in the reverse order, skipping the rows after the
         * page — so that page 900 of 1,000 walks 10,000 index entries, not 89,900 (an offset costs one entry per row
         * skipped). The rows come back in the list's order either way (the outer query sorts the page).
         */
        Statement page(long total) {
            long offset = (long) params.get("offset");
            int limit = (int) params.get("limit");
            if (offset >= total) {
                return null;
            }
            if (offset * 2 <= total || pageFromTheEndSql == null) {
                return new Statement(pageSql, params);
            }
            Map<String, Object> fromTheEnd = new LinkedHashMap<>(params);
            long rows = Math.min(limit, total - offset);
            fromTheEnd.put("limit", rows);
            fromTheEnd.put("offset", total - offset - rows);
            return new Statement(pageFromTheEndSql, fromTheEnd);
        }

        /** {@code order} with every key's direction turned round (asc ↔ desc; no direction is asc). */
        static String reversed(String order) {
            return java.util.Arrays.stream(order.split(", ")).map(key -> key.endsWith(" desc")
                    ? key.substring(0, key.length() - " desc".length()) + " asc"
                    : key.endsWith(" asc") ? key.substring(0, key.length() - " asc".length()) + " desc"
                    : key + " desc").collect(java.util.stream.Collectors.joining(", "));
        }

        static Query of(long companyId, RecordType<?> kind, String view, String search, String sort, int page, int perPage) {
            return of(companyId, kind, view, search, sort, page, perPage, null);
        }

        static Query of(long companyId, RecordType<?> kind, String view, String search, String sort, int page,
                int perPage, String erpStatus) {
            return of(companyId, kind, view, search, sort, page, perPage, erpStatus, Filters.NONE);
        }

        static Query of(long companyId, RecordType<?> kind, String view, String search, String sort, int page,
                int perPage, String erpStatus, Filters filters) {
            return of(companyId, kind, view, search, sort, page, perPage, erpStatus, filters, java.time.ZoneOffset.UTC);
        }

        /** {@code zone}: the time zone of the filters' days (the company's). */
        static Query of(long companyId, RecordType<?> kind, String view, String search, String sort, int page,
                int perPage, String erpStatus, Filters filters, java.time.ZoneId zone) {
            if (page < 1) {
                throw new BadRequestException("'page' must be 1 or more");
            }
            if (perPage < 1 || perPage > MAX_PER_PAGE) {
                throw new BadRequestException("'per_page' must be between 1 and " + MAX_PER_PAGE);
            }
            String v = view == null ? "ready_to_export" : view;
            boolean synced = v.equals("synced");
            if (!VIEWS.contains(v)) {
                throw new BadRequestException("'view' must be ready_to_export, exporting, synced, failed or rejected");
            }
            boolean cco = kind.parent().isPresent();
            String dateCol = synced ? "l.linked_at" : "e.updated_at";
            String idCol = synced ? "l.id" : "e.id";
            String s = sort == null ? "-date" : sort;
            boolean byNumber = s.equals("number") || s.equals("-number");
            String order = switch (s) {
                case "-date", "newest" -> dateCol + " desc, " + idCol + " desc";
                case "date", "oldest" -> dateCol + " asc, " + idCol + " asc";
                case "number" -> "p.number asc, " + (cco ? "c.number asc, r.number asc" : "r.number asc") + ", " + idCol;
                case "-number" -> "p.number desc, " + (cco ? "c.number desc, r.number desc" : "r.number desc") + ", "
                        + idCol + " desc";
                default -> throw new BadRequestException("'sort' must be -date (newest first), date, number or -number");
            };
            String narrow = synced ? "erp_link l" : "erp_export e";
            String narrowAlias = synced ? "l" : "e";
            // the record, its commitment and project: for the number sort (ids step) and the row details
            String recordJoins = " join " + kind.table() + " r on r.id = " + narrowAlias + "." + kind.column()
                    + (!kind.ofCommitment() ? "" : cco ? " join commitment c on c.id = r.commitment_id"
                    : " join commitment c on c.id = r.id")
                    + " join project p on p.id = r.project_id";
            String where = synced ? " where l.company_id = :company and l.record_type = :type"
                    : " where e.company_id = :company and e.record_type = :type and e.state = :state";
            if (erpStatus != null) {
                if (!synced) {
                    throw new BadRequestException("'erp_status' narrows the synced view only (view=synced)");
                }
                if (!ERP_STATUSES.contains(erpStatus)) {
                    throw new BadRequestException("'erp_status' must be one of " + String.join(", ", ERP_STATUSES));
                }
                where += " and l.erp_status = :erpStatus";
            }
            boolean searching = search != null && !search.isBlank();
            if (searching) {
                where += synced ? " and l.search_text like lower(:q)"
                        // the link's key as a scalar sub-select: one probe of its unique index per row of the view,
                        // where "exists" became a hashed scan of every link
                        : " and (e.search_text like lower(:q) or (select sl.erp_key from erp_link sl where sl."
                        + kind.column() + " = e." + kind.column() + ") ilike :q)";
            }
            if (filters.from() != null && filters.to() != null && filters.to().isBefore(filters.from())) {
                throw new BadRequestException("'to' must be the same day as 'from' or later");
            }
            if (filters.projectId() != null || filters.vendorId() != null || filters.commitmentId() != null) {
                // the record's project, commitment and vendor: one sub-select of the record table by the filters
                // (a record of no commitment, such as a budget change, has no vendor or commitment to match)
                where += " and " + narrowAlias + "." + kind.column() + " in (select fr.id from " + kind.table() + " fr"
                        + (!kind.ofCommitment() ? "" : cco ? " join commitment fc on fc.id = fr.commitment_id"
                                : " join commitment fc on fc.id = fr.id")
                        + " where fr.company_id = :company"
                        + (filters.projectId() != null ? " and fr.project_id = :fProject" : "")
                        + (!kind.ofCommitment() && (filters.vendorId() != null || filters.commitmentId() != null)
                                ? " and false" : "")
                        + (filters.vendorId() != null && kind.ofCommitment() ? " and fc.vendor_id = :fVendor" : "")
                        + (filters.commitmentId() != null && kind.ofCommitment() ? " and fc.id = :fCommitment" : "")
                        + ")";
            }
            if (filters.from() != null) {
                where += " and " + dateCol + " >= :fFrom";
            }
            if (filters.to() != null) {
                where += " and " + dateCol + " < :fTo";
            }
            // a search visits every match anyway (to sort them): it counts them in the same pass
            String idsFrom = "select " + idCol + " as page_id" + (searching ? ", count(*) over () as total_rows" : "")
                    + " from " + narrow + (byNumber ? recordJoins : "") + where;
            String ids = idsFrom + " order by " + order + " limit :limit offset :offset";
            String idsFromTheEnd = idsFrom + " order by " + reversed(order) + " limit :limit offset :offset";
            String details = synced
                    ? "erp_link l on l.id = page.page_id left join erp_export e on e." + kind.column() + " = l."
                    + kind.column()
                    : "erp_export e on e.id = page.page_id left join erp_link l on l." + kind.column() + " = e."
                    + kind.column();
            String total = kind.listTotalSql() != null ? kind.listTotalSql() : cco ? "(select coalesce(sum(li.amount), 0) from cco_line_item li where li.cco_id = r.id)"
                    : "(select coalesce(sum(cl.amount), 0) from commitment_line cl where cl.commitment_id = r.id)";
            String pageOf = "select r.id, r.number, r.title, p.id as p_id, p.number as p_number, p.name as p_name,"
                    + (kind.ofCommitment() ? " c.id as c_id, c.number as c_number, c.title as c_title, v.id as v_id, v.name as v_name, "
                    : " null as c_id, null as c_number, null as c_title, null as v_id, null as v_name, ")
                    + total + " as grand_total,"
                    + " coalesce(e.state, 'synced') as state, l.erp_key, l.erp_status, l.id as link_id,"
                    + " coalesce(e.synced_at, l.linked_at) as synced_at, coalesce(e.synced_by, l.linked_by) as synced_by,"
                    + " (select display_name from app_user u where u.id = coalesce(e.synced_by, l.linked_by)) as synced_by_name,"
                    + " e.sent_by, (select display_name from app_user u where u.id = e.sent_by) as sent_by_name, e.sent_at,"
                    + " e.accepted_by, (select display_name from app_user u where u.id = e.accepted_by) as accepted_by_name,"
                    + " e.accepted_at, e.last_error, e.rejection_reason, e.job_instance_id, e.updated_at,"
                    + " e.attempts, e.failure_kind, e.next_attempt_at, e.leftover_key, e.leftover_status,"
                    + " l.erp_differences::text as erp_differences" + (searching ? ", page.total_rows" : "")
                    + " from ({ids}) page join " + details
                    + recordJoins + (kind.ofCommitment() ? " join vendor v on v.id = c.vendor_id" : "")
                    + " order by " + order;
            String pageSql = pageOf.replace("{ids}", ids);
            String pageFromTheEndSql = pageOf.replace("{ids}", idsFromTheEnd);
            String countSql = "select count(*) from " + narrow + where;
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("company", companyId);
            params.put("type", kind.recordType());
            params.put("limit", perPage);
            params.put("offset", (long) (page - 1) * perPage);
            if (!synced) {
                params.put("state", v);
            }
            if (erpStatus != null) {
                params.put("erpStatus", erpStatus);
            }
            if (filters.projectId() != null) {
                params.put("fProject", filters.projectId());
            }
            if (filters.vendorId() != null) {
                params.put("fVendor", filters.vendorId());
            }
            if (filters.commitmentId() != null) {
                params.put("fCommitment", filters.commitmentId());
            }
            if (filters.from() != null) {
                params.put("fFrom", filters.from().atStartOfDay(zone).toOffsetDateTime());
            }
            if (filters.to() != null) {
                params.put("fTo", filters.to().plusDays(1).atStartOfDay(zone).toOffsetDateTime());
            }
            boolean nothing = false;
            if (searching) {
                String term = search.trim();
                params.put("q", "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
                nothing = term.indexOf(SEPARATOR) >= 0;
            }
            // unfiltered: the view's counter (ErpListCounts) holds the total
            String counter = searching || erpStatus != null || filters.any() ? null
                    : synced ? ErpListCounts.LINKED : v;
            return new Query(pageSql, countSql, params, nothing, searching ? null : pageFromTheEndSql, searching,
                    counter);
        }
    }

    private Row row(ResultSet rs, RecordType<?> kind, UserAccess access, String erp) throws SQLException {
        boolean linked = rs.getObject("link_id") != null;
        SyncState state = linked ? SyncState.SYNCED : SyncState.of(rs.getString("state"));
        boolean inExport = state == SyncState.EXPORTING || state == SyncState.FAILED;
        ErpStatus status = linked ? ErpStatus.of(rs.getString("erp_status")) : null;
        String differences = rs.getString("erp_differences");
        long projectId = rs.getLong("p_id");
        BigDecimal total = rs.getBigDecimal("grand_total");
        String leftoverKey = rs.getString("leftover_key");
        return new Row(rs.getLong("id"), rs.getString("number"), rs.getString("title"),
                new Ref(projectId, rs.getString("p_number"), rs.getString("p_name")),
                kind.parent().isPresent() ? new Ref(rs.getLong("c_id"), rs.getString("c_number"),
                        rs.getString("c_title")) : null,
                kind.ofCommitment() ? new Ref(rs.getLong("v_id"), null, rs.getString("v_name")) : null,
                total == null ? BigDecimal.ZERO : total, state.value(), state.label, rs.getString("erp_key"),
                status == null ? null : status.value(), status == null ? null : status.label(erp),
                linked && differences != null
                        ? List.of(json.readValue(differences, com.crosswalk.erp.connector.Difference[].class))
                        : List.of(),
                linked ? rs.getObject("synced_at", OffsetDateTime.class) : null,
                linked ? person(rs, "synced_by") : null, person(rs, "sent_by"),
                rs.getObject("sent_at", OffsetDateTime.class), person(rs, "accepted_by"),
                rs.getObject("accepted_at", OffsetDateTime.class),
                inExport ? rs.getInt("attempts") : 0, inExport ? rs.getString("last_error") : null,
                inExport ? rs.getString("failure_kind") : null,
                state == SyncState.EXPORTING ? rs.getObject("next_attempt_at", OffsetDateTime.class) : null,
                inExport && leftoverKey != null ? SyncView.leftoverSentence(erp, kind.erpNoun(), leftoverKey,
                        rs.getString("leftover_status")) : null,
                state == SyncState.REJECTED ? rs.getString("rejection_reason") : null,
                rs.getString("job_instance_id"), rs.getObject("updated_at", OffsetDateTime.class),
                linked && !access.user().isOperator()
                        && access.commitments(projectId).atLeast(PermissionLevel.ADMIN)
                        && access.erpIntegrations().atLeast(PermissionLevel.STANDARD) && access.canPushToAccounting());
    }

    private static Person person(ResultSet rs, String column) throws SQLException {
        Object id = rs.getObject(column);
        return id == null ? null : new Person(((Number) id).longValue(), rs.getString(column + "_name"));
    }
}
