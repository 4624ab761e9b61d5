package com.crosswalk.erp.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.erp.export.TestRecordTypes;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The ERP Integrations lists ({@link ExportLists.Query}) at a large contractor's scale, on an embedded PostgreSQL of
 * the test's own (migrated by Flyway, not the shared test database): a big company with 60,000 synced CCOs and
 * 1,000 in Ready to Export, seeded set-based, whose plans must read the narrow tables through their indexes (no
 * sequential scan of a big table) for the first page, a deep page, a search and Ready to Export — plans, not
 * timings; and a small company with every state, tied timestamps and awkward search terms, where every view, sort,
 * search and page must answer exactly what the former query (kept here as {@link #legacy}) answers, also after
 * the records and projects searched for are renamed (the search_text triggers of V41).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportListsScaleTest {

    static final int BIG_SYNCED = 60_000;
    static final int BIG_READY = 1_000;
    static final List<String> BIG_TABLES = List.of("erp_link", "erp_export", "commitment_change_order",
            "cco_line_item", "commitment", "commitment_line");
    static final List<String> LIST_LINK = List.of("erp_link_list_idx");
    static final List<String> SEARCH_LINK = List.of("erp_link_search_idx");
    static final List<String> COUNT_LINK = List.of("erp_link_count_idx");
    static final List<String> LINK_ANY = List.of("erp_link_list_idx", "erp_link_search_idx");
    static final List<String> EXPORT_ANY = List.of("erp_export_list_idx", "erp_export_search_idx",
            "erp_export_count_idx");

    EmbeddedPostgres pg;
    /** The big company's database. */
    JdbcClient jdbc;
    /** The small company's database (its own, so that the former query's joins do not wade through the big one). */
    JdbcClient smallDb;
    long big;
    long small;

    @BeforeAll
    void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        // one connection each (the embedded server's data sources open a connection per use)
        DataSource bigDs = new SingleConnectionDataSource(pg.getPostgresDatabase().getConnection(), true);
        jdbc = JdbcClient.create(bigDs);
        jdbc.sql("create database small").update();
        DataSource smallDs = new SingleConnectionDataSource(pg.getDatabase("postgres", "small").getConnection(), true);
        smallDb = JdbcClient.create(smallDs);
        for (DataSource ds : List.of(bigDs, smallDs)) {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        }
        try (Statement s = bigDs.getConnection().createStatement()) {
            big = seed(s, "Big Contractor", 300, 5_000, BIG_SYNCED + BIG_READY,
                    "case when k <= " + BIG_SYNCED + " then 'synced' else 'ready_to_export' end",
                    "(" + (BIG_SYNCED + BIG_READY) + " - k) * interval '1 minute'");
            seed(s, "Another Contractor", 3, 20, 200, "'synced'", "k * interval '1 second'");
            s.execute("vacuum analyze");
        }
        try (Statement s = smallDs.getConnection().createStatement()) {
            // every state; timestamps repeat (id breaks the tie); 1 in 10 linked CCOs has no export row
            small = seed(s, "Small Contractor", 7, 40, 1_500,
                    "(array['synced','synced','synced','synced','synced','ready_to_export','exporting','failed',"
                            + "'rejected','synced'])[1 + k % 10]",
                    "(k % 37) * interval '1 minute'");
            seed(s, "Other Contractor", 2, 5, 100, "(array['synced','ready_to_export'])[1 + k % 2]", "k * interval '1 second'");
            s.execute("delete from erp_export where company_id = " + small + " and record_type = 'commitment_change_order'"
                    + " and state = 'synced' and cco_id % 10 = 9");
            s.execute("vacuum analyze");
        }
    }

    @AfterAll
    void stop() throws Exception {
        pg.close();
    }

    /**
     * A company: projects, vendors, commitments (one line each; 1 in 3 linked, 1 in 3 Ready to Export), CCOs (one
     * line each) whose erp_export state is {@code state} (an expression of the CCO's ordinal k), linked when synced;
     * the export's and link's time is now() minus {@code age} (an expression of k).
     */
    static long seed(Statement s, String name, int projects, int commitments, int ccos, String state, String age)
            throws Exception {
        var rs = s.executeQuery("insert into company (name) values ('" + name + "') returning id");
        rs.next();
        long co = rs.getLong(1);
        rs = s.executeQuery("insert into app_user (company_id, login, display_name, can_push_to_accounting, "
                + "erp_integrations_level) values (" + co + ", 'u" + co + "', 'User " + co + "', true, 'admin') returning id");
        rs.next();
        long u = rs.getLong(1);
        int vendors = Math.max(1, commitments / 10);
        s.execute("insert into vendor (company_id, name) select " + co + ", 'Vendor ' || g from generate_series(1, "
                + vendors + ") g");
        s.execute("insert into project (company_id, number, name) select " + co + ", lpad(g::text, 4, '0'), "
                + "(array['Riverside','Harbor','Summit','Lakeside','Granite','Cedar','Meadow'])[1 + g % 7] || ' '"
                + " || (array['Medical Office','Apartments','School','100% Tower_A'])[1 + g % 4] || ' ' || g"
                + " from generate_series(1, " + projects + ") g");
        s.execute("insert into commitment (company_id, project_id, vendor_id, kind, number, title, status) select " + co
                + ", p.id, v.id, 'subcontract', 'SC-' || lpad(g::text, 5, '0'), "
                + "(array['Concrete','Steel','Drywall','Rebar supply'])[1 + g % 4] || ' package ' || g, 'approved'"
                + " from generate_series(0, " + (commitments - 1) + ") g"
                + " join (select id, row_number() over (order by id) - 1 as k from project where company_id = " + co
                + ") p on p.k = g % " + projects
                + " join (select id, row_number() over (order by id) - 1 as k from vendor where company_id = " + co
                + ") v on v.k = g % " + vendors);
        s.execute("insert into commitment_line (company_id, commitment_id, line_number, description, amount) select "
                + co + ", id, 1, 'Base', 500000 from commitment where company_id = " + co);
        s.execute("insert into commitment_change_order (company_id, project_id, commitment_id, number, title, status,"
                + " created_by) select " + co + ", c.project_id, c.id, lpad((g / " + commitments + " + 1)::text, 3, '0'),"
                + " (array['Added rebar at footings','Slab thickening','Pump truck standby','Owner upgrade 50%_off'])"
                + "[1 + (g / 7) % 4] || ' ' || g, 'approved', " + u + " from generate_series(0, " + (ccos - 1) + ") g"
                + " join (select id, project_id, row_number() over (order by id) - 1 as k from commitment"
                + " where company_id = " + co + ") c on c.k = g % " + commitments);
        s.execute("create temp table x as select r.id, r.commitment_id, row_number() over (order by r.id) as k"
                + " from commitment_change_order r where r.company_id = " + co);
        s.execute("alter table x add column t0 timestamptz");
        s.execute("update x set t0 = now() - " + age);
        s.execute("insert into cco_line_item (company_id, cco_id, commitment_id, line_number, commitment_line_id, "
                + "description, amount) select " + co + ", x.id, x.commitment_id, 1, l.id, 'Change', 100 + x.k % 900"
                + " from x join commitment_line l on l.commitment_id = x.commitment_id");
        s.execute("insert into erp_export (company_id, record_type, cco_id, state, external_ref, sent_by, sent_at,"
                + " accepted_by, accepted_at, rejection_reason, last_error, synced_at, synced_by, updated_at) select "
                + co + ", 'commitment_change_order', id, st, 'CW-" + co + "-CCO-' || id || '-1', " + u + ", t0, "
                + u + ", t0, case when st = 'rejected' then 'no' end, case when st = 'failed' then 'boom' end,"
                + " case when st = 'synced' then t0 end, case when st = 'synced' then " + u + " end, t0"
                + " from (select x.*, " + state + " as st from x) y");
        s.execute("insert into erp_link (company_id, record_type, cco_id, erp_key, linked_at, linked_by) select " + co
                + ", 'commitment_change_order', x.id, 'X' || lpad(x.k::text, 7, '0'), x.t0, " + u
                + " from x join erp_export e on e.cco_id = x.id and e.state = 'synced'");
        s.execute("insert into erp_link (company_id, record_type, commitment_id, erp_key, linked_at, linked_by) select "
                + co + ", 'commitment', id, 'SC' || id, now() - (id % 5) * interval '1 hour', " + u
                + " from commitment where company_id = " + co + " and id % 3 = 0");
        s.execute("insert into erp_export (company_id, record_type, commitment_id, state, external_ref, sent_by, "
                + "sent_at, updated_at) select " + co + ", 'commitment', id, 'ready_to_export', 'CW-" + co + "-CMT-' || id,"
                + u + ", now(), now() - (id % 4) * interval '1 hour' from commitment where company_id = " + co
                + " and id % 3 = 1");
        s.execute("drop table x");
        return co;
    }

    // ------------------------------------------------------------------------------------------------ plans

    private JsonNode plan(String sql, Map<String, Object> params) {
        String json = jdbc.sql("explain (format json) " + sql).params(params).query(String.class).single();
        return new ObjectMapper().readTree(json).get(0).get("Plan");
    }

    private static void nodes(JsonNode node, List<JsonNode> out) {
        out.add(node);
        if (node.has("Plans")) {
            for (JsonNode child : node.get("Plans")) {
                nodes(child, out);
            }
        }
    }

    /** The plan's scans as "Node Type on relation using index". */
    private List<String> scans(String sql, Map<String, Object> params) {
        List<JsonNode> all = new ArrayList<>();
        nodes(plan(sql, params), all);
        return all.stream().filter(n -> n.has("Relation Name") || n.has("Index Name"))
                .map(n -> n.get("Node Type").asString()
                        + (n.has("Relation Name") ? " on " + n.get("Relation Name").asString() : "")
                        + (n.has("Index Name") ? " using " + n.get("Index Name").asString() : ""))
                .toList();
    }

    /** No sequential scan of a big table; the page's ids and the count come through one of the given indexes. */
    private void assertIndexed(String what, ExportLists.Query q, List<String> pageIndexes, List<String> countIndexes) {
        List<String> page = scans(q.pageSql(), q.params());
        List<String> count = scans(q.countSql(), q.params());
        for (String table : BIG_TABLES) {
            assertThat(page).as(what + ": page plan " + page).noneMatch(s -> s.equals("Seq Scan on " + table));
            assertThat(count).as(what + ": count plan " + count).noneMatch(s -> s.equals("Seq Scan on " + table));
        }
        assertThat(page).as(what + ": page plan").anyMatch(s -> pageIndexes.stream().anyMatch(i -> s.endsWith(" using " + i)));
        assertThat(count).as(what + ": count plan").anyMatch(s -> countIndexes.stream().anyMatch(i -> s.endsWith(" using " + i)));
    }

    @Test
    void firstPageDeepPageSearchAndReadyToExportReadTheNarrowTablesThroughTheirIndexes() {
        assertIndexed("synced, first page",
                ExportLists.Query.of(big, TestRecordTypes.CCO, "synced", null, null, 1, 100),
                LIST_LINK, COUNT_LINK);
        assertIndexed("synced, page 540 (offset 53,900)",
                ExportLists.Query.of(big, TestRecordTypes.CCO, "synced", null, "-date", BIG_SYNCED / 100 * 9 / 10, 100),
                LIST_LINK, COUNT_LINK);
        assertIndexed("synced, oldest first, page 300",
                ExportLists.Query.of(big, TestRecordTypes.CCO, "synced", null, "date", 300, 100),
                LIST_LINK, COUNT_LINK);
        assertIndexed("synced, search 'rebar' (1 in 4 CCOs)",
                ExportLists.Query.of(big, TestRecordTypes.CCO, "synced", "rebar", null, 1, 100),
                LINK_ANY, SEARCH_LINK);
        assertIndexed("synced, search an ERP key",
                ExportLists.Query.of(big, TestRecordTypes.CCO, "synced", "X0012345", null, 1, 100),
                LINK_ANY, SEARCH_LINK);
        assertIndexed("synced, search a title that 1 CCO has",
                ExportLists.Query.of(big, TestRecordTypes.CCO, "synced", "footings 43211", null, 1, 100),
                LINK_ANY, SEARCH_LINK);
        assertIndexed("Ready to Export, first page",
                ExportLists.Query.of(big, TestRecordTypes.CCO, "ready_to_export", null, null, 1, 100),
                EXPORT_ANY, EXPORT_ANY);
        assertIndexed("Ready to Export, search",
                ExportLists.Query.of(big, TestRecordTypes.CCO, "ready_to_export", "slab", null, 1, 100),
                EXPORT_ANY, EXPORT_ANY);
        // the details are joined for the page's ids only: one primary-key probe per row
        List<String> details = scans(ExportLists.Query.of(big, TestRecordTypes.CCO, "synced", null, null, 500, 100).pageSql(),
                ExportLists.Query.of(big, TestRecordTypes.CCO, "synced", null, null, 500, 100).params());
        assertThat(details).contains("Index Scan on erp_link using erp_link_pkey",
                "Index Scan on commitment_change_order using commitment_change_order_pkey");
    }

    /**
     * Where a list request's database time goes at this scale: each statement (the page's, the count's) run 50 times,
     * median and p99 of the client-side time. A measurement, not a check: -Dcrosswalk.measure=true; MEASURE lines in
     * the output.
     */
    @Test
    void measureStatementTimes() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("crosswalk.measure"));
        Map<String, ExportLists.Query> queries = new java.util.LinkedHashMap<>();
        queries.put("synced first page", ExportLists.Query.of(big, TestRecordTypes.CCO, "synced", null, null, 1, 100));
        queries.put("synced page 540", ExportLists.Query.of(big, TestRecordTypes.CCO, "synced", null, null, 540, 100));
        ExportLists.Query deep = ExportLists.Query.of(big, TestRecordTypes.CCO, "synced", null, null, 540, 100);
        ExportLists.Query.Statement fromTheEnd = deep.page(BIG_SYNCED);
        queries.put("synced page 540 from the end", new ExportLists.Query(fromTheEnd.sql(), deep.countSql(),
                fromTheEnd.params(), false, null, false, null));
        queries.put("synced search rebar", ExportLists.Query.of(big, TestRecordTypes.CCO, "synced", "rebar", null, 1, 100));
        queries.put("ready first page", ExportLists.Query.of(big, TestRecordTypes.CCO, "ready_to_export", null, null, 1, 100));
        queries.forEach((what, q) -> {
            for (String part : List.of("page", "count")) {
                String sql = part.equals("page") ? q.pageSql() : q.countSql();
                long[] ns = new long[50];
                for (int i = -10; i < ns.length; i++) {
                    long t0 = System.nanoTime();
                    jdbc.sql(sql).params(q.params()).query().listOfRows();
                    if (i >= 0) {
                        ns[i] = System.nanoTime() - t0;
                    }
                }
                java.util.Arrays.sort(ns);
                System.out.printf(java.util.Locale.ROOT, "MEASURE %s, %s: p50 %.2f ms, p99 %.2f ms%n", what, part,
                        ns[25] / 1e6, ns[49] / 1e6);
                if (Boolean.getBoolean("crosswalk.measure.plans")) {
                    jdbc.sql("explain (analyze, buffers) " + sql).params(q.params()).query(String.class).list()
                            .forEach(line -> System.out.println("PLAN " + line));
                }
            }
        });
    }

    // ------------------------------------------------------------------------------------------------ results

    @Test
    void everyViewSortSearchAndPageAnswersWhatTheFormerQueryAnswered() {
        compareAll();
        // renames reach search_text through the V41 triggers
        smallDb.sql("update project set name = 'Renamed Quarry ' || id where company_id = ? and id % 2 = 0").params(small)
                .update();
        smallDb.sql("update commitment_change_order set title = 'Quarry blasting ' || id where company_id = ? and id % 5 = 0")
                .params(small).update();
        smallDb.sql("update commitment set number = 'QC-' || id where company_id = ? and id % 4 = 0").params(small).update();
        smallDb.sql("update erp_link set erp_key = 'QK' || id where company_id = ? and id % 6 = 0").params(small).update();
        assertThat(count(ExportLists.Query.of(small, TestRecordTypes.CCO, "synced", "quarry", null, 1, 1000))).isGreaterThan(100);
        // the counters' deltas folded into one row per view count the same
        new ErpListCounts(smallDb).fold();
        compareAll();
        assertThat(count(ExportLists.Query.of(small, TestRecordTypes.CCO, "synced", "Medical Office", null, 1, 10)))
                .as("an old project name no longer matches where it was renamed")
                .isEqualTo(count(legacy(small, TestRecordTypes.CCO, "synced", "Medical Office", null, 1, 10)));
    }

    /**
     * Totals already counted in this {@link #compareAll} round, by count statement and the parameters it uses: a
     * total does not depend on the sort or the page, and the database does not change during a round.
     */
    private final Map<String, Long> counted = new java.util.HashMap<>();
    private boolean countOnce;
    private int countsAsked;

    private void compareAll() {
        counted.clear();
        countOnce = true;
        countsAsked = 0;
        try {
            compareEach();
        } finally {
            System.out.printf("LISTS totals asked %d, counted %d%n", countsAsked, counted.size());
            countOnce = false;
            counted.clear();
        }
    }

    private void compareEach() {
        List<String> searches = new ArrayList<>();
        searches.add(null);
        searches.addAll(List.of(" ", "REBAR", "Quarry", "riverside 3", "0003", "SC-0001", "X00001", "QK", "50%", "_",
                "100% Tower_A", "\\", "footings 1", "no such thing"));
        int compared = 0;
        int fromTheEnd = 0;
        int counters = 0;
        for (RecordType<?> kind : TestRecordTypes.all()) {
            for (String view : List.of("synced", "ready_to_export", "exporting", "failed", "rejected")) {
                for (String sort : new String[] {null, "oldest", "number", "-number"}) {
                    for (String search : searches) {
                        for (int[] pp : new int[][] {{1, 25}, {3, 25}, {1, 1000}, {5, 25}, {30, 25}, {40, 25}}) {
                            ExportLists.Query now = ExportLists.Query.of(small, kind, view, search, sort, pp[0], pp[1]);
                            ExportLists.Query before = legacy(small, kind, view, search, sort, pp[0], pp[1]);
                            String what = kind + " " + view + " sort " + sort + " search '" + search + "' page "
                                    + pp[0] + "/" + pp[1];
                            assertThat(rows(now)).as(what).isEqualTo(rows(before));
                            if (pp[0] == 1) {
                                assertThat(count(now)).as(what + " total").isEqualTo(count(before));
                                if (now.counter() != null) {
                                    // an unfiltered list's total is its view's counter (V170's triggers)
                                    assertThat(new ErpListCounts(smallDb).count(small, kind.recordType(), now.counter()))
                                            .as(what + " counter").isEqualTo(count(before));
                                    counters++;
                                }
                            }
                            // what the service runs for a later page: the count, then the page from the nearer end
                            ExportLists.Query.Statement chosen = now.page(count(now));
                            assertThat(chosen == null ? List.of() : rows(new ExportLists.Query(chosen.sql(),
                                    now.countSql(), chosen.params(), false, null, now.countsInPage(), null)))
                                    .as(what + ", as read once the total is known").isEqualTo(rows(before));
                            fromTheEnd += chosen != null && chosen.sql().equals(now.pageFromTheEndSql()) ? 1 : 0;
                            compared++;
                        }
                    }
                }
            }
        }
        assertThat(compared).isGreaterThan(1000);
        assertThat(fromTheEnd).as("pages read from the other end").isGreaterThan(20);
        assertThat(counters).as("unfiltered lists whose total is their counter").isGreaterThan(10);
        assertThat(ExportLists.Query.of(small, TestRecordTypes.CCO, "synced", "a" + (char) 0x1f + "b", null, 1, 10).nothingMatches())
                .as("a search across two fields of search_text").isTrue();
        assertThat(count(legacy(small, TestRecordTypes.CCO, "synced", null, null, 1, 10))).isGreaterThan(500);
        assertThat(count(legacy(small, TestRecordTypes.CCO, "failed", "rebar", null, 1, 10))).isGreaterThan(0);
    }

    /** The page's rows without a search's count of matches (total_rows, checked against the count on its own). */
    private List<Map<String, Object>> rows(ExportLists.Query q) {
        List<Map<String, Object>> rows = smallDb.sql(q.pageSql()).params(q.params()).query().listOfRows();
        if (q.countsInPage()) {
            long total = count(q);
            assertThat(rows).allSatisfy(r -> assertThat(((Number) r.get("total_rows")).longValue()).isEqualTo(total));
            rows.forEach(r -> r.remove("total_rows"));
        }
        return rows;
    }

    private long count(ExportLists.Query q) {
        if (!countOnce) {
            return smallDb.sql(q.countSql()).params(q.params()).query(Long.class).single();
        }
        countsAsked++;
        Map<String, Object> used = new java.util.TreeMap<>(q.params());
        used.keySet().removeIf(name -> !java.util.regex.Pattern.compile(":" + name + "\\b").matcher(q.countSql()).find());
        return counted.computeIfAbsent(q.countSql() + "\u0000" + used,
                key -> smallDb.sql(q.countSql()).params(q.params()).query(Long.class).single());
    }

    /** The list query as it was before issue #9 (six-table join, then sort, offset and limit; count of the same). */
    static ExportLists.Query legacy(long companyId, RecordType<?> kind, String view, String search, String sort, int page,
            int perPage) {
        String v = view == null ? "ready_to_export" : view;
        boolean synced = v.equals("synced");
        boolean cco = kind.parent().isPresent();
        String dateCol = synced ? "l.linked_at" : "e.updated_at";
        String idCol = synced ? "l.id" : "e.id";
        String order = switch (sort == null ? "-date" : sort) {
            case "-date", "newest" -> dateCol + " desc, " + idCol + " desc";
            case "date", "oldest" -> dateCol + " asc, " + idCol + " asc";
            case "number" -> "p.number asc, " + (cco ? "c.number asc, r.number asc" : "r.number asc") + ", " + idCol;
            case "-number" -> "p.number desc, " + (cco ? "c.number desc, r.number desc" : "r.number desc") + ", "
                    + idCol + " desc";
            default -> throw new IllegalArgumentException(sort);
        };
        String from = (synced
                ? "erp_link l left join erp_export e on e." + kind.column() + " = l." + kind.column()
                + " join " + kind.table() + " r on r.id = l." + kind.column()
                : "erp_export e left join erp_link l on l." + kind.column() + " = e." + kind.column()
                + " join " + kind.table() + " r on r.id = e." + kind.column())
                + (cco ? " join commitment c on c.id = r.commitment_id" : " join commitment c on c.id = r.id")
                + " join project p on p.id = r.project_id join vendor v on v.id = c.vendor_id";
        String where = synced ? " where l.company_id = :company and l.record_type = :type"
                : " where e.company_id = :company and e.record_type = :type and e.state = :state";
        if (search != null && !search.isBlank()) {
            where += " and (r.number ilike :q or r.title ilike :q or p.number ilike :q or p.name ilike :q"
                    + " or l.erp_key ilike :q)";
        }
        String total = cco ? "(select coalesce(sum(li.amount), 0) from cco_line_item li where li.cco_id = r.id)"
                : "(select coalesce(sum(cl.amount), 0) from commitment_line cl where cl.commitment_id = r.id)";
        String sql = "select r.id, r.number, r.title, p.id as p_id, p.number as p_number, p.name as p_name,"
                + " c.id as c_id, c.number as c_number, c.title as c_title, v.id as v_id, v.name as v_name, "
                + total + " as grand_total,"
                + " coalesce(e.state, 'synced') as state, l.erp_key, l.erp_status, l.id as link_id,"
                + " coalesce(e.synced_at, l.linked_at) as synced_at, coalesce(e.synced_by, l.linked_by) as synced_by,"
                + " (select display_name from app_user u where u.id = coalesce(e.synced_by, l.linked_by)) as synced_by_name,"
                + " e.sent_by, (select display_name from app_user u where u.id = e.sent_by) as sent_by_name, e.sent_at,"
                + " e.accepted_by, (select display_name from app_user u where u.id = e.accepted_by) as accepted_by_name,"
                + " e.accepted_at, e.last_error, e.rejection_reason, e.job_instance_id, e.updated_at,"
                + " e.attempts, e.failure_kind, e.next_attempt_at, e.leftover_key, e.leftover_status,"
                + " l.erp_differences::text as erp_differences"
                + " from " + from + where + " order by " + order + " limit :limit offset :offset";
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("company", companyId);
        params.put("type", kind.recordType());
        params.put("limit", perPage);
        params.put("offset", (long) (page - 1) * perPage);
        if (!synced) {
            params.put("state", v);
        }
        if (search != null && !search.isBlank()) {
            params.put("q", "%" + search.trim().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        return new ExportLists.Query(sql, "select count(*) from " + from + where, params, false, null, false, null);
    }
}
