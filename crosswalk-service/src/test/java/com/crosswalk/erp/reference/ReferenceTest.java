package com.crosswalk.erp.reference;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.TestApi;
import com.crosswalk.TestJobs;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class ReferenceTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AcumaticaEmulator emulator;

    @Test
    void costCodesImportVendorsExportAndLinkOnlyOnce() {
        long company = jdbc.sql("select id from company where name = 'Summit Ridge Builders'").query(Long.class).single();
        TestApi approver = TestApi.as(port, "approver");
        String base = "/rest/v1.0/companies/" + company + "/erp";

        JsonNode imported = TestJobs.awaitDone(approver, approver.post(base + "/cost_codes/import", null));
        assertThat(imported.get("state").asString()).as(imported.toString()).isEqualTo("finished");
        assertThat(imported.get("kind").asString()).isEqualTo("cost_code_import");
        Matcher matched = Pattern.compile("(\\d+) matched").matcher(imported.get("summary").asString());
        assertThat(matched.find()).as(imported.get("summary").asString()).isTrue();
        assertThat(Integer.parseInt(matched.group(1))).isGreaterThanOrEqualTo(5);
        assertThat(jdbc.sql("select erp_code from cost_code where company_id = ? and code = '99-999'").params(company)
                .query(String.class).optional().orElse(null)).isNull();

        TestApi.Response erpVendors = approver.get(base + "/erp_vendors");
        assertThat(erpVendors.json().valueStream().map(v -> v.get("erp_key").asString())).contains("APEXCON", "BRIGHTLN");

        int n = ThreadLocalRandom.current().nextInt(1000, 9999);
        long a = jdbc.sql("insert into vendor (company_id, name) values (?, ?) returning id").params(company, "Test A " + n)
                .query(Long.class).single();
        long b = jdbc.sql("insert into vendor (company_id, name) values (?, ?) returning id").params(company, "Test B " + n)
                .query(Long.class).single();
        JsonNode exported = TestJobs.awaitDone(approver,
                approver.post(base + "/vendors/" + a + "/export", "{\"erp_key\":\"TV" + n + "\"}"));
        assertThat(exported.get("state").asString()).as(exported.toString()).isEqualTo("finished");
        assertThat(exported.get("summary").asString()).isEqualTo("Exported to Acumatica as TV" + n);
        assertThat(emulator.store().all("Vendor").toString()).contains("TV" + n);

        TestApi.Response again = approver.post(base + "/vendors/" + a + "/link", "{\"erp_key\":\"BRIGHTLN\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.message()).contains("already linked");
        // checked against the ERP and our links in the job: it fails with the reason, nothing is linked
        JsonNode taken = TestJobs.awaitDone(approver,
                approver.post(base + "/vendors/" + b + "/link", "{\"erp_key\":\"TV" + n + "\"}"));
        assertThat(taken.get("state").asString()).isEqualTo("failed");
        assertThat(taken.get("summary").asString()).contains("already linked to another vendor");
        JsonNode missing = TestJobs.awaitDone(approver,
                approver.post(base + "/vendors/" + b + "/link", "{\"erp_key\":\"NOPE" + n + "\"}"));
        assertThat(missing.get("state").asString()).isEqualTo("failed");
        assertThat(missing.get("summary").asString()).isEqualTo("Acumatica has no vendor NOPE" + n);
        assertThat(jdbc.sql("select count(*) from erp_link where vendor_id = ?").params(b).query(Long.class).single())
                .isZero();

        TestApi.Response linked = approver.get(base + "/vendors?view=linked&per_page=1000");
        assertThat(linked.json().valueStream().map(v -> v.get("id").asLong())).contains(a);
        TestApi.Response pm = TestApi.as(port, "pm").post(base + "/vendors/" + b + "/link", "{\"erp_key\":\"BRIGHTLN\"}");
        assertThat(pm.status()).isEqualTo(403);
    }
}
