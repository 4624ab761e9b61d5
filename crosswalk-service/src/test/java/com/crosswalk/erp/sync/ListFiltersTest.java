package com.crosswalk.erp.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.TestApi;
import com.crosswalk.TestSession;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The ERP Integrations lists narrowed by project, vendor, commitment and date (REST query parameters, the CSV and the
 * page's controls): every row returned matches, the rows that match are all returned (compared with the unfiltered
 * list), and a bad value is a 400 in the API.
 */
@IntegrationTest
class ListFiltersTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @Test
    void filtersNarrowTheListsToWhatMatches() {
        long company = jdbc.sql("select id from company where name = 'Summit Ridge Builders'").query(Long.class)
                .single();
        String base = "/rest/v1.0/companies/" + company + "/erp/commitment_change_orders?view=synced&per_page=1000";
        TestApi approver = TestApi.as(port, "approver");
        List<JsonNode> all = rows(approver.get(base));
        assertThat(all).as("the demo has synced CCOs").isNotEmpty();
        JsonNode first = all.get(0);
        long project = first.get("project").get("id").asLong();
        long vendor = first.get("vendor").get("id").asLong();
        long commitment = first.get("commitment").get("id").asLong();

        List<JsonNode> byProject = rows(approver.get(base + "&project_id=" + project));
        assertThat(byProject).isNotEmpty().allMatch(r -> r.get("project").get("id").asLong() == project);
        assertThat(byProject).hasSize((int) all.stream().filter(r -> r.get("project").get("id").asLong() == project)
                .count());
        List<JsonNode> byVendor = rows(approver.get(base + "&vendor_id=" + vendor));
        assertThat(byVendor).isNotEmpty().allMatch(r -> r.get("vendor").get("id").asLong() == vendor);
        assertThat(byVendor).hasSize((int) all.stream().filter(r -> r.get("vendor").get("id").asLong() == vendor)
                .count());
        List<JsonNode> byCommitment = rows(approver.get(base + "&commitment_id=" + commitment + "&project_id=" + project));
        assertThat(byCommitment).isNotEmpty().allMatch(r -> r.get("commitment").get("id").asLong() == commitment);
        assertThat(byCommitment).hasSize((int) all.stream()
                .filter(r -> r.get("commitment").get("id").asLong() == commitment).count());

        // dates: the day each row was linked (UTC; the synced list's date); from/to inclusive
        LocalDate day = linkedDay(first.get("id").asLong());
        List<JsonNode> thatDay = rows(approver.get(base + "&from=" + day + "&to=" + day));
        assertThat(thatDay).anyMatch(r -> r.get("id").asLong() == first.get("id").asLong())
                .allMatch(r -> linkedDay(r.get("id").asLong()).equals(day));
        assertThat(thatDay).hasSize((int) all.stream().filter(r -> linkedDay(r.get("id").asLong()).equals(day))
                .count());
        assertThat(rows(approver.get(base + "&from=" + day.plusDays(1)))).noneMatch(
                r -> r.get("id").asLong() == first.get("id").asLong());
        assertThat(rows(approver.get(base + "&to=" + day.minusDays(1)))).noneMatch(
                r -> r.get("id").asLong() == first.get("id").asLong());

        // another company's project: nothing; bad values: 400
        long northwindProject = jdbc.sql("""
                select min(p.id) from project p join company c on c.id = p.company_id
                where c.name = 'Northwind Construction'""").query(Long.class).single();
        assertThat(rows(approver.get(base + "&project_id=" + northwindProject))).isEmpty();
        assertThat(approver.get(base + "&from=yesterday").status()).isEqualTo(400);
        assertThat(approver.get(base + "&project_id=abc").status()).isEqualTo(400);
        assertThat(approver.get(base + "&from=" + day + "&to=" + day.minusDays(1)).status()).isEqualTo(400);

        // the CSV: the same rows
        TestApi.Response csv = approver.get(base + "&project_id=" + project, "text/csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body().lines().count() - 1).isEqualTo(byProject.size());

        // the page: the controls keep the choice, and the rows match
        var page = TestSession.signIn(port, "approver").get("/erp/commitment-change-orders?view=synced&vendor_id="
                + vendor + "&from=" + day);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"filter-vendor\"", "value=\"" + vendor + "\" selected=\"selected\"",
                "value=\"" + day + "\"");
        String wrong = all.stream().filter(r -> r.get("vendor").get("id").asLong() != vendor).findFirst()
                .map(r -> "cco-row-" + r.get("id").asLong() + "\"").orElse("no-such-row");
        assertThat(page.body()).doesNotContain(wrong);
    }

    private LocalDate linkedDay(long ccoId) {
        return jdbc.sql("select linked_at from erp_link where cco_id = ?").params(ccoId)
                .query(java.time.OffsetDateTime.class).single().atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
    }

    private static List<JsonNode> rows(TestApi.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().forEach(out::add);
        return out;
    }
}
