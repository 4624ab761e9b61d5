package com.crosswalk;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * N+1 check (#14): a list page or API list costs a constant number of SQL statements whatever its size. Each list is
 * asked once, then 15 more rows are added to it, and it is asked again: the statements counted on the request thread
 * ({@link QueryCounter}) must be the same. The figures are printed ("queries per request").
 */
@IntegrationTest
class QueriesPerListTest {

    static final int MORE = 15;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PasswordEncoder encoder;

    private final HttpClient http = HttpClient.newHttpClient();

    /** The statements one REST GET as {@code login} costs. */
    private int rest(String login, String path) {
        String key = UUID.randomUUID().toString();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", "Basic " + Base64.getEncoder()
                            .encodeToString((login + ":demo").getBytes(StandardCharsets.UTF_8)))
                    .header("Accept", "application/json").header(QueryCounter.HEADER, key).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return QueryCounter.await(key);
    }

    /** The statements one page view (signed in with the form) costs. */
    private int page(TestSession session, String path) {
        String key = UUID.randomUUID().toString();
        HttpResponse<String> r = session.get(path, QueryCounter.HEADER, key);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return QueryCounter.await(key);
    }

    record Measure(String list, IntSupplier request, Runnable addRows) {
    }

    @Test
    void aListCostsTheSameNumberOfQueriesWhateverItsSize() {
        DemoSc1 demo = DemoSc1.lookUp(jdbc);
        long company = demo.company();
        TestSession approver = TestSession.signIn(port, "approver");
        String erp = "/rest/v1.0/companies/" + company;
        List<Measure> lists = List.of(
                new Measure("REST CCOs of a project", () -> rest("approver",
                        "/rest/v1.0/projects/" + demo.riverside() + "/commitment_change_orders?per_page=1000"),
                        () -> ccos(demo, false)),
                new Measure("REST ERP synced CCOs", () -> rest("approver",
                        erp + "/erp/commitment_change_orders?view=synced&per_page=1000"), () -> ccos(demo, true)),
                new Measure("page ERP synced CCOs (with the navigation)", () -> page(approver,
                        "/erp/commitment-change-orders?view=synced"), () -> ccos(demo, true)),
                new Measure("page commitment with its CCOs", () -> page(approver,
                        "/projects/" + demo.riverside() + "/commitments/" + demo.sc1()), () -> ccos(demo, false)),
                new Measure("REST users", () -> rest("approver", erp + "/users"), () -> users(company, demo)),
                new Measure("page Directory", () -> page(approver, "/directory"), () -> users(company, demo)),
                new Measure("REST vendors", () -> rest("approver", erp + "/vendors"), () -> vendors(company)),
                new Measure("page ERP vendors", () -> page(approver, "/erp/vendors"), () -> vendors(company)),
                new Measure("REST jobs", () -> rest("approver", erp + "/jobs?per_page=100"), () -> jobs(company)));
        Map<String, int[]> counts = new LinkedHashMap<>();
        // the ERP lists skip their count while the page is not full (bounded, not per row): fill the page first
        ccos(demo, true);
        ccos(demo, true);
        for (Measure m : lists) {
            m.request().getAsInt(); // warm-up
            int before = m.request().getAsInt();
            m.addRows().run();
            int after = m.request().getAsInt();
            counts.put(m.list(), new int[] {before, after});
        }
        StringBuilder report = new StringBuilder("Queries per list request (N rows -> N+" + MORE + " rows):\n");
        counts.forEach((list, c) -> report.append(String.format("  %-45s %3d -> %3d%n", list, c[0], c[1])));
        System.out.print(report);
        List<String> growing = new ArrayList<>();
        counts.forEach((list, c) -> {
            if (c[0] != c[1]) {
                growing.add(list + " " + c[0] + " -> " + c[1]);
            }
        });
        assertThat(growing).as(report.toString()).isEmpty();
    }

    private void ccos(DemoSc1 demo, boolean synced) {
        for (int i = 0; i < MORE; i++) {
            long cco = TestChangeOrders.insert(jdbc, demo.company(), demo.riverside(), demo.sc1(), "Count " + i,
                    "approved");
            demo.addLine(jdbc, cco, demo.costCode(), "count", new BigDecimal("1.00"));
            if (synced) {
                jdbc.sql("""
                        insert into erp_export (company_id, record_type, cco_id, state, external_ref, synced_at)
                        values (?, 'commitment_change_order', ?, 'synced', ?, now())""")
                        .params(demo.company(), cco, "CW-Q-" + cco).update();
                jdbc.sql("""
                        insert into erp_link (company_id, record_type, cco_id, erp_key, external_ref)
                        values (?, 'commitment_change_order', ?, ?, ?)""")
                        .params(demo.company(), cco, "Q" + cco, "CW-Q-" + cco).update();
            }
        }
    }

    private void users(long company, DemoSc1 demo) {
        for (int i = 0; i < MORE; i++) {
            String login = "q" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            long id = jdbc.sql("""
                    insert into app_user (company_id, login, display_name, password_hash, directory_level)
                    values (?, ?, ?, ?, 'read_only') returning id""")
                    .params(company, login, "Count " + login, encoder.encode("demo")).query(Long.class).single();
            jdbc.sql("""
                    insert into project_permission (company_id, user_id, project_id, commitments_level)
                    values (?, ?, ?, 'read_only')""").params(company, id, demo.riverside()).update();
        }
    }

    private void vendors(long company) {
        for (int i = 0; i < MORE; i++) {
            jdbc.sql("insert into vendor (company_id, name) values (?, ?)")
                    .params(company, "Count vendor " + UUID.randomUUID()).update();
        }
    }

    private void jobs(long company) {
        for (int i = 0; i < MORE; i++) {
            jdbc.sql("""
                    insert into job (company_id, kind, subject, state, summary, finished_at)
                    values (?, 'reconcile', ?, 'finished', 'counted', now())""")
                    .params(company, "count-" + UUID.randomUUID()).update();
        }
    }
}
