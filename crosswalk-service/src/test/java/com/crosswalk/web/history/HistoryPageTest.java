package com.crosswalk.web.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.TestChangeOrders;
import com.crosswalk.TestSession;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The Change History page: a record of one's own company (even without events) is shown; any other id is the 404 page. */
@IntegrationTest
class HistoryPageTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    TestSession browser;

    @BeforeEach
    void signIn() {
        browser = TestSession.signIn(port, "approver");
    }

    HttpResponse<String> get(String path) {
        return browser.get(path);
    }

    long id(String sql, String company) {
        return jdbc.sql(sql).params(company).query(Long.class).single();
    }

    Map<String, Long> recordsOf(String company) {
        return Map.of(
                "commitment_change_order", id("select min(o.id) from commitment_change_order o join company c "
                        + "on c.id = o.company_id where c.name = ?", company),
                "commitment", id("select min(o.id) from commitment o join company c on c.id = o.company_id "
                        + "where c.name = ?", company),
                "vendor", id("select min(o.id) from vendor o join company c on c.id = o.company_id where c.name = ?",
                        company),
                "project", id("select min(o.id) from project o join company c on c.id = o.company_id where c.name = ?",
                        company),
                "user", id("select min(o.id) from app_user o join company c on c.id = o.company_id where c.name = ?",
                        company));
    }

    @Test
    void ownRecordsAreShownEvenWithoutEvents() {
        for (var e : recordsOf("Summit Ridge Builders").entrySet()) {
            HttpResponse<String> r = get("/history/" + e.getKey() + "/" + e.getValue());
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(200);
            assertThat(r.body()).as(e.getKey()).contains("id=\"history\"");
        }
        long company = id("select id from company where name = ?", "Summit Ridge Builders");
        long commitment = recordsOf("Summit Ridge Builders").get("commitment");
        long project = jdbc.sql("select project_id from commitment where id = ?").params(commitment)
                .query(Long.class).single();
        long fresh = TestChangeOrders.insert(jdbc, company, project, commitment, "History test", "draft");
        HttpResponse<String> r = get("/history/commitment_change_order/" + fresh);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("No recorded changes.");
    }

    @Test
    void anotherCompanysOrANonexistentRecordIsTheNotFoundPage() {
        for (var e : recordsOf("Northwind Construction").entrySet()) {
            HttpResponse<String> r = get("/history/" + e.getKey() + "/" + e.getValue());
            assertThat(r.statusCode()).as("Northwind's " + e.getKey()).isEqualTo(404);
            assertThat(r.body()).as(e.getKey()).contains("Not found").doesNotContain("id=\"history\"")
                    .doesNotContain("Northwind");
        }
        for (String type : HistoryController.TYPES) {
            for (long id : new long[] {Long.MAX_VALUE, 0, -1}) {
                HttpResponse<String> r = get("/history/" + type + "/" + id);
                assertThat(r.statusCode()).as(type + " " + id).isEqualTo(404);
                assertThat(r.body()).contains("Not found").doesNotContain("id=\"history\"");
            }
        }
        assertThat(get("/history/invoice/1").statusCode()).isEqualTo(404);
    }
}
