package com.crosswalk.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.TestApi;
import com.crosswalk.TestApi.Response;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class DirectoryApiTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    long summit;
    long northwind;

    @BeforeEach
    void companies() {
        summit = jdbc.sql("select id from company where name = 'Summit Ridge Builders'").query(Long.class).single();
        northwind = jdbc.sql("select id from company where name = 'Northwind Construction'").query(Long.class).single();
    }

    private long newUser(String prefix) {
        String login = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Response created = TestApi.as(port, "approver").post("/rest/v1.0/companies/" + summit + "/users", """
                {"login": "%s", "name": "New Person", "email": "%s@example.com", "password": "long-enough-1",
                 "erp_integrations": "standard", "directory": "read_only"}""".formatted(login, login));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    @Test
    void onlyTheOperatorGrantsCanPushToAccountingAndEachChangeIsAudited() {
        long user = newUser("grant");
        String path = "/rest/v1.0/companies/" + summit + "/users/" + user + "/privileges/can_push_to_accounting";

        Response byPm = TestApi.as(port, "pm").put(path);
        assertThat(byPm.status()).isEqualTo(403);
        assertThat(byPm.message()).startsWith("Only the platform operator can grant or revoke the 'Can Push to Accounting'");
        Response byDirectoryAdmin = TestApi.as(port, "approver").patch("/rest/v1.0/companies/" + summit + "/users/" + user,
                "{\"can_push_to_accounting\": true}");
        assertThat(byDirectoryAdmin.status()).isEqualTo(403);
        assertThat(byDirectoryAdmin.message()).contains("Only the platform operator");
        assertThat(flag(user)).isFalse();

        Response granted = TestApi.as(port, "operator").put(path);
        assertThat(granted.status()).as(granted.body()).isEqualTo(200);
        assertThat(granted.json().get("can_push_to_accounting").asBoolean()).isTrue();
        assertThat(flag(user)).isTrue();
        Response revoked = TestApi.as(port, "operator").delete(path);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(flag(user)).isFalse();

        assertThat(jdbc.sql("select action from audit_event where record_type = 'user' and record_id = :u order by id")
                .param("u", user).query(String.class).list())
                .containsExactly("user.created", "privilege.granted", "privilege.revoked");
        Response events = TestApi.as(port, "approver")
                .get("/rest/v1.0/companies/" + summit + "/audit_events?record_type=user&record_id=" + user);
        assertThat(events.status()).isEqualTo(200);
        assertThat(events.json().get(0).get("action").asString()).isEqualTo("privilege.revoked");
        assertThat(events.json().get(0).get("actor_login").asString()).isEqualTo("operator");
    }

    @Test
    void aDirectoryAdminManagesLevelsOfTheirOwnCompanyOnly() {
        long user = newUser("levels");
        long project = jdbc.sql("select id from project where company_id = :c and number = '1001'").param("c", summit)
                .query(Long.class).single();
        Response patched = TestApi.as(port, "approver").patch("/rest/v1.0/companies/" + summit + "/users/" + user, """
                {"erp_integrations": "admin", "projects": [{"project_id": %d, "commitments": "admin"}]}""".formatted(project));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("erp_integrations").asString()).isEqualTo("admin");
        assertThat(patched.json().get("projects").get(0).get("commitments").asString()).isEqualTo("admin");

        Response fromOtherCompany = TestApi.as(port, "nw_admin").patch(
                "/rest/v1.0/companies/" + summit + "/users/" + user, "{\"name\": \"Hijacked\"}");
        assertThat(fromOtherCompany.status()).isEqualTo(404);
        assertThat(fromOtherCompany.body()).doesNotContain("New Person");
        Response wrongCompanyInPath = TestApi.as(port, "nw_admin").patch(
                "/rest/v1.0/companies/" + northwind + "/users/" + user, "{\"name\": \"Hijacked\"}");
        assertThat(wrongCompanyInPath.status()).isEqualTo(404);
        Response notAdmin = TestApi.as(port, "pm").patch("/rest/v1.0/companies/" + summit + "/users/" + user,
                "{\"name\": \"X\"}");
        assertThat(notAdmin.status()).isEqualTo(403);
        assertThat(jdbc.sql("select display_name from app_user where id = :u").param("u", user).query(String.class).single())
                .isEqualTo("New Person");
    }

    @Test
    void anotherCompanysRecordsAreNotFound() {
        long project = jdbc.sql("select id from project where company_id = :c and number = '1001'").param("c", summit)
                .query(Long.class).single();
        long cco = jdbc.sql("select id from commitment_change_order where project_id = :p limit 1").param("p", project)
                .query(Long.class).single();
        long commitment = jdbc.sql("select id from commitment where project_id = :p limit 1").param("p", project)
                .query(Long.class).single();
        TestApi nw = TestApi.as(port, "nw_admin");
        for (String path : new String[] {
                "/rest/v1.0/projects/" + project,
                "/rest/v1.0/projects/" + project + "/commitments",
                "/rest/v1.0/projects/" + project + "/commitments/" + commitment,
                "/rest/v1.0/projects/" + project + "/commitment_change_orders",
                "/rest/v1.0/projects/" + project + "/commitment_change_orders/" + cco,
                "/rest/v1.0/projects/" + project + "/cost_codes",
                "/rest/v1.0/companies/" + summit,
                "/rest/v1.0/companies/" + summit + "/users",
                "/rest/v1.0/companies/" + summit + "/vendors",
                "/rest/v1.0/companies/" + summit + "/cost_types",
                "/rest/v1.0/companies/" + summit + "/audit_events",
                "/rest/v1.0/projects?company_id=" + summit}) {
            Response r = nw.get(path);
            assertThat(r.status()).as(path + " " + r.body()).isEqualTo(404);
            assertThat(r.body()).doesNotContain("Riverside", "Summit", "rebar");
        }
        Response delete = nw.delete("/rest/v1.0/projects/" + project + "/commitment_change_orders/" + cco);
        assertThat(delete.status()).isEqualTo(404);
        JsonNode companies = nw.get("/rest/v1.0/companies").json();
        assertThat(companies.size()).isEqualTo(1);
        assertThat(companies.get(0).get("name").asString()).isEqualTo("Northwind Construction");
    }

    @Test
    void accessTokensAreShownOnceWorkAsBearerAndStopWorkingWhenRevoked() {
        Response created = TestApi.as(port, "accountant").post("/rest/v1.0/me/access_tokens", "{\"name\": \"script\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String token = created.json().get("token").asString();
        long id = created.json().get("id").asLong();
        assertThat(token).startsWith("cwpat_").hasSizeGreaterThan(40);
        assertThat(jdbc.sql("select token_sha256 from access_token where id = :id").param("id", id).query(String.class)
                .single()).isEqualTo(AccountLookup.sha256(token)).isNotEqualTo(token);

        Response me = TestApi.bearer(port, token).get("/rest/v1.0/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("login").asString()).isEqualTo("accountant");
        Response list = TestApi.as(port, "accountant").get("/rest/v1.0/me/access_tokens");
        assertThat(list.body()).contains("script").doesNotContain(token);

        assertThat(TestApi.as(port, "pm").delete("/rest/v1.0/me/access_tokens/" + id).status()).isEqualTo(404);
        assertThat(TestApi.bearer(port, token).delete("/rest/v1.0/me/access_tokens/" + id).status()).isEqualTo(204);
        Response after = TestApi.bearer(port, token).get("/rest/v1.0/me");
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.message()).contains("not valid or has been revoked");

        long pm = jdbc.sql("select id from app_user where login = 'pm'").query(Long.class).single();
        String forPm = "/rest/v1.0/companies/" + summit + "/users/" + pm + "/access_tokens";
        assertThat(TestApi.as(port, "approver").post(forPm, "{\"name\": \"x\"}").status()).isEqualTo(403);
        Response byOperator = TestApi.as(port, "operator").post(forPm, "{\"name\": \"ci\"}");
        assertThat(byOperator.status()).isEqualTo(201);
        assertThat(TestApi.bearer(port, byOperator.json().get("token").asString()).get("/rest/v1.0/me").json()
                .get("login").asString()).isEqualTo("pm");
    }

    @Test
    void repeatedWrongPasswordsAreThrottled() {
        String login = "throttle-" + UUID.randomUUID().toString().substring(0, 8);
        TestApi.as(port, "approver").post("/rest/v1.0/companies/" + summit + "/users", """
                {"login": "%s", "name": "Throttled", "password": "right-password"}""".formatted(login));
        assertThat(TestApi.basic(port, login, "right-password").get("/rest/v1.0/me").status()).isEqualTo(200);
        for (int i = 0; i < 5; i++) {
            assertThat(TestApi.basic(port, login, "wrong-" + i).get("/rest/v1.0/me").status()).isEqualTo(401);
        }
        Response refused = TestApi.basic(port, login, "right-password").get("/rest/v1.0/me");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.message()).startsWith("Too many failed sign-in attempts. Try again in");
        assertThat(TestApi.as(port, "approver").get("/rest/v1.0/me").status()).isEqualTo(200);
    }

    @Test
    void badInputIsA400WithAMessageAndWritesNothing() {
        long before = jdbc.sql("select count(*) from app_user").query(Long.class).single();
        TestApi a = TestApi.as(port, "approver");
        String users = "/rest/v1.0/companies/" + summit + "/users";
        assertBad(a.post(users, "{\"login\": \"x1\","));
        assertBad(a.post(users, "{\"login\": \"okay-login\", \"name\": \"A\", \"shoe_size\": 44}"));
        assertBad(a.post(users, "{\"login\": \"okay-login\", \"name\": [1]}"));
        assertBad(a.post(users, "{\"login\": \"okay-login\", \"name\": \"" + "n".repeat(201) + "\"}"));
        assertBad(a.post(users, "{\"login\": \"bad login!\", \"name\": \"A\"}"));
        assertBad(a.post(users, "{\"login\": \"okay-login\", \"name\": \"A\", \"directory\": \"boss\"}"));
        assertBad(a.get("/rest/v1.0/companies/abc/users"));
        assertThat(a.get("/rest/v1.0/companies/-1/users").status()).isEqualTo(404);
        assertThat(a.get("/rest/v1.0/companies/0").status()).isEqualTo(404);
        assertBad(a.get("/rest/v1.0/companies/99999999999999999999999"));
        assertThat(jdbc.sql("select count(*) from app_user").query(Long.class).single()).isEqualTo(before);
    }

    private static void assertBad(Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.message()).isNotBlank();
    }

    private boolean flag(long user) {
        return jdbc.sql("select can_push_to_accounting from app_user where id = :u").param("u", user)
                .query(Boolean.class).single();
    }
}
