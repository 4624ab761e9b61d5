package com.crosswalk.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.TestApi;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class DemoDataTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DemoData demo;

    @Autowired
    AcumaticaEmulator emulator;

    @Test
    void theDemoCompanyPointsAtTheRunningEmulatorWithItsPasswordEncrypted() {
        assertThat(jdbc.sql("""
                select base_url from erp_connection e join company c on c.id = e.company_id
                where c.name = 'Summit Ridge Builders'""").query(String.class).single()).isEqualTo(emulator.baseUrl());
        byte[] secret = jdbc.sql("select secret_encrypted from erp_connection").query(byte[].class).single();
        assertThat(new String(secret, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("demo");
    }

    @Test
    void theDemoIsLoadedOnceAndLoadingAgainChangesNothing() {
        assertThat(count("select count(*) from company where name = 'Summit Ridge Builders'")).isEqualTo(1);
        long ccos = count("select count(*) from commitment_change_order");
        long users = count("select count(*) from app_user");
        long events = count("select count(*) from audit_event where action = 'demo.loaded'");
        String url = jdbc.sql("select base_url from erp_connection").query(String.class).single();

        assertThat(demo.load(url)).isFalse();

        assertThat(count("select count(*) from commitment_change_order")).isEqualTo(ccos);
        assertThat(count("select count(*) from app_user")).isEqualTo(users);
        assertThat(count("select count(*) from audit_event where action = 'demo.loaded'")).isEqualTo(events).isEqualTo(2);
    }

    @Test
    void demoUsersHaveExactlyTheProductTablesPermissions() {
        assertMe("approver", "admin", "admin", true, "admin", true);
        assertMe("pm", "read_only", "read_only", false, "admin", false);
        assertMe("accountant", "standard", "read_only", true, "standard", false);
        JsonNode operator = TestApi.as(port, "operator").get("/rest/v1.0/me").json();
        assertThat(operator.get("operator").asBoolean()).isTrue();
        assertThat(operator.get("company").isNull()).isTrue();
        assertThat(TestApi.as(port, "operator").get("/rest/v1.0/companies").json().size()).isGreaterThanOrEqualTo(2);
    }

    private void assertMe(String login, String erp, String directory, boolean push, String commitments, boolean unlink) {
        TestApi.Response me = TestApi.as(port, login).get("/rest/v1.0/me");
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        JsonNode p = me.json().get("permissions");
        assertThat(me.json().get("company").get("name").asString()).isEqualTo("Summit Ridge Builders");
        assertThat(p.get("erp_integrations").asString()).isEqualTo(erp);
        assertThat(p.get("directory").asString()).isEqualTo(directory);
        assertThat(p.get("can_push_to_accounting").asBoolean()).isEqualTo(push);
        assertThat(p.get("projects").size()).isEqualTo(2);
        for (JsonNode project : p.get("projects")) {
            assertThat(project.get("commitments").asString()).isEqualTo(commitments);
            assertThat(project.get("can_unlink").asBoolean()).isEqualTo(unlink);
        }
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
