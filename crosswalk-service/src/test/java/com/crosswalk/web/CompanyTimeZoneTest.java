package com.crosswalk.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.TestSession;
import com.crosswalk.erp.unlink.UnlinkTestSupport;
import com.crosswalk.erp.unlink.UnlinkTestSupport.Reply;
import com.crosswalk.shared.Times;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Pages show times in the company's time zone with the zone named; an ERP Integrations Admin sets the zone (a zone
 * Java does not know is refused, nothing changed); the home page's exports per day run from midnight to midnight in
 * that zone. The REST API's times stay ISO-8601 UTC instants.
 */
@IntegrationTest
class CompanyTimeZoneTest {

    private static final ZoneId DENVER = ZoneId.of("America/Denver");

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private UnlinkTestSupport t;
    private long companyId;

    @BeforeEach
    void setUp() {
        t = new UnlinkTestSupport(port, jdbc);
        companyId = t.demoCompanyId();
    }

    @AfterEach
    void backToUtc() {
        jdbc.sql("update company set time_zone = 'UTC' where id = :c").param("c", companyId).update();
    }

    private Reply setZone(String zone) {
        return t.put("approver", "/rest/v1.0/companies/" + companyId + "/time_zone", Map.of("time_zone", zone));
    }

    private String storedZone() {
        return jdbc.sql("select time_zone from company where id = :c").param("c", companyId).query(String.class)
                .single();
    }

    @Test
    void aTimeOnAPageIsShownInTheCompanyZoneWithItsNameAndChangesWithTheZone() {
        OffsetDateTime saved = jdbc.sql("select updated_at from erp_connection where company_id = :c")
                .param("c", companyId).query(OffsetDateTime.class).single();
        TestSession browser = TestSession.signIn(port, "approver");

        String utc = Times.minutes(saved, ZoneId.of("UTC"));
        assertThat(utc).endsWith(" UTC");
        assertThat(browser.get("/erp/connection").body()).contains("Last saved " + utc);

        Reply set = setZone("America/Denver");
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.body().get("time_zone").asString()).isEqualTo("America/Denver");
        String denver = Times.minutes(saved, DENVER);
        assertThat(denver).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d M[SD]T");
        String page = browser.get("/erp/connection").body();
        assertThat(page).contains("Last saved " + denver).doesNotContain("Last saved " + utc);
        // the REST API keeps ISO-8601 instants
        Reply connection = t.get("approver", "/rest/v1.0/companies/" + companyId + "/erp/connection");
        assertThat(OffsetDateTime.parse(connection.body().get("updated_at").asString()).toInstant())
                .isEqualTo(saved.toInstant());

        // the page's form sets it too
        HttpResponse<String> posted = browser.post("/erp/connection/time-zone",
                TestSession.form("timeZone", "Europe/London"));
        assertThat(posted.statusCode()).isEqualTo(302);
        assertThat(storedZone()).isEqualTo("Europe/London");
        assertThat(browser.get("/erp/connection").body())
                .contains("Last saved " + Times.minutes(saved, ZoneId.of("Europe/London")));
    }

    @Test
    void anUnknownZoneIsRefusedInPlainWordsAndNothingChanges() {
        assertThat(setZone("America/Denver").status()).isEqualTo(200);
        Reply refused = setZone("Mars/Olympus_Mons");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().toString()).contains("Choose a time zone from the list");
        assertThat(storedZone()).isEqualTo("America/Denver");

        TestSession browser = TestSession.signIn(port, "approver");
        HttpResponse<String> page = browser.post("/erp/connection/time-zone",
                TestSession.form("timeZone", "Mars/Olympus_Mons"));
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("id=\"timeZone-error\"").contains("Choose a time zone from the list");
        assertThat(storedZone()).isEqualTo("America/Denver");

        // only an ERP Integrations Admin sets it
        Reply pm = t.put("pm", "/rest/v1.0/companies/" + companyId + "/time_zone", Map.of("time_zone", "UTC"));
        assertThat(pm.status()).isEqualTo(403);
        assertThat(storedZone()).isEqualTo("America/Denver");
    }

    @Test
    void exportsPerDayRunFromMidnightToMidnightInTheCompanyZone() {
        // one minute after and one minute before midnight of yesterday in Denver: 07:01 and 06:59 the same UTC day
        LocalDate yesterday = LocalDate.now(DENVER).minusDays(1);
        Instant after = yesterday.atStartOfDay(DENVER).toInstant().plusSeconds(60);
        Instant before = after.minusSeconds(120);
        assertThat(LocalDate.ofInstant(after, ZoneOffset.UTC)).isEqualTo(LocalDate.ofInstant(before, ZoneOffset.UTC));

        assertThat(setZone("America/Denver").status()).isEqualTo(200);
        JsonNode denverBefore = perDay();
        assertThat(setZone("UTC").status()).isEqualTo(200);
        JsonNode utcBefore = perDay();
        jdbc.sql("""
                insert into audit_event (company_id, action, record_type, record_id, summary, occurred_at)
                values (:c, 'export.synced', 'commitment_change_order', 0, 'test', :after),
                       (:c, 'export.synced', 'commitment_change_order', 0, 'test', :before)""")
                .param("c", companyId).param("after", after.atOffset(ZoneOffset.UTC))
                .param("before", before.atOffset(ZoneOffset.UTC)).update();

        JsonNode utcAfter = perDay();
        LocalDate utcDay = LocalDate.ofInstant(after, ZoneOffset.UTC);
        assertThat(added(utcBefore, utcAfter, utcDay)).isEqualTo(2);

        assertThat(setZone("America/Denver").status()).isEqualTo(200);
        JsonNode denverAfter = perDay();
        assertThat(added(denverBefore, denverAfter, yesterday)).isEqualTo(1);
        assertThat(added(denverBefore, denverAfter, yesterday.minusDays(1))).isEqualTo(1);
        assertThat(denverAfter.get(denverAfter.size() - 1).get("day").asString())
                .isEqualTo(LocalDate.now(DENVER).toString());

        // the home page names the zone of its days
        TestSession browser = TestSession.signIn(port, "approver");
        assertThat(browser.get("/").body()).contains("Exports per day, the last 30 days (<span>America/Denver</span>)");
    }

    @Test
    void aListsDateFilterTakesDaysOfTheCompanyZone() {
        // a synced change order of the demo and the instant its list date stands for
        var row = jdbc.sql("""
                select l.cco_id, coalesce(e.synced_at, l.linked_at) from erp_link l
                left join erp_export e on e.cco_id = l.cco_id
                where l.company_id = :c and l.cco_id is not null order by l.cco_id limit 1""")
                .param("c", companyId)
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getObject(2, OffsetDateTime.class)}).single();
        long cco = (Long) row[0];
        Instant at = ((OffsetDateTime) row[1]).toInstant();
        LocalDate utcDay = LocalDate.ofInstant(at, ZoneOffset.UTC);
        // a zone in which that instant is on another day than in UTC
        ZoneId zone = at.atZone(ZoneOffset.UTC).getHour() >= 12 ? ZoneId.of("Pacific/Kiritimati") : ZoneId.of("Etc/GMT+12");
        LocalDate zoneDay = LocalDate.ofInstant(at, zone);
        assertThat(zoneDay).isNotEqualTo(utcDay);
        assertThat(setZone(zone.getId()).status()).isEqualTo(200);
        String list = "/rest/v1.0/companies/" + companyId + "/erp/commitment_change_orders?view=synced&per_page=1000";
        assertThat(ids(t.get("approver", list + "&from=" + zoneDay + "&to=" + zoneDay))).contains(cco);
        assertThat(ids(t.get("approver", list + "&from=" + utcDay + "&to=" + utcDay))).doesNotContain(cco);
    }

    private static java.util.List<Long> ids(Reply r) {
        assertThat(r.status()).isEqualTo(200);
        java.util.List<Long> out = new java.util.ArrayList<>();
        r.body().forEach(n -> out.add(n.get("id").asLong()));
        return out;
    }

    private JsonNode perDay() {
        Reply summary = t.get("approver", "/rest/v1.0/companies/" + companyId + "/erp/summary");
        assertThat(summary.status()).isEqualTo(200);
        assertThat(summary.body().get("time_zone").asString()).isEqualTo(storedZone());
        return summary.body().get("exports_per_day");
    }

    private static long added(JsonNode before, JsonNode after, LocalDate day) {
        return synced(after, day) - synced(before, day);
    }

    private static long synced(JsonNode days, LocalDate day) {
        for (JsonNode d : days) {
            if (d.get("day").asString().equals(day.toString())) {
                return d.get("synced").asLong();
            }
        }
        throw new AssertionError(day + " not in " + days);
    }
}
