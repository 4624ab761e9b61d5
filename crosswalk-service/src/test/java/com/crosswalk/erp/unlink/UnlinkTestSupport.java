package com.crosswalk.erp.unlink;

import com.crosswalk.TestChangeOrders;
import com.crosswalk.erp.connection.ErpConnectors;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real HTTP against the running service as a user (HTTP Basic), and the few rows tests make straight in the
 * database (users with chosen permissions). Demo records are found by their numbers, never by guessed ids.
 */
public final class UnlinkTestSupport {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String PASSWORD = "demo";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;
    private final JdbcClient jdbc;

    public UnlinkTestSupport(int port, JdbcClient jdbc) {
        this.port = port;
        this.jdbc = jdbc;
    }

    public record Reply(int status, JsonNode body) {
        String message() {
            return body == null || body.get("message") == null ? null : body.get("message").asString();
        }
    }

    public Reply post(String login, String path, Object body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", basic(login))
                .header("Accept", "application/json");
        if (body == null) {
            b.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        return send(b.build());
    }

    Reply patch(String login, String path, Object body) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", basic(login)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    }

    public Reply put(String login, String path, Object body) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", basic(login)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    }

    public Reply get(String login, String path) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", basic(login)).GET().build());
    }

    Reply delete(String login, String path) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", basic(login)).DELETE().build());
    }

    private Reply send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body() == null || r.body().isBlank() ? null : JSON.readTree(r.body());
            return new Reply(r.statusCode(), body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String basic(String login) {
        return "Basic " + Base64.getEncoder().encodeToString((login + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------------------------------------- demo lookups

    public long demoCompanyId() {
        return jdbc.sql("select id from company where name = 'Summit Ridge Builders'").query(Long.class).single();
    }

    public long projectId(long companyId, String number) {
        return jdbc.sql("select id from project where company_id = :c and number = :n")
                .param("c", companyId).param("n", number).query(Long.class).single();
    }

    public long commitmentId(long companyId, String projectNumber, String commitmentNumber) {
        return jdbc.sql("""
                select m.id from commitment m join project p on p.id = m.project_id
                where m.company_id = :c and p.number = :p and m.number = :m""")
                .param("c", companyId).param("p", projectNumber).param("m", commitmentNumber)
                .query(Long.class).single();
    }

    long ccoId(long companyId, String projectNumber, String commitmentNumber, String ccoNumber) {
        return jdbc.sql("select id from commitment_change_order where commitment_id = :m and number = :n")
                .param("m", commitmentId(companyId, projectNumber, commitmentNumber)).param("n", ccoNumber)
                .query(Long.class).single();
    }

    /** The link of a record (cco_id or commitment_id = id), or null. */
    Map<String, Object> link(String column, long id) {
        return jdbc.sql("select erp_key, external_ref, erp_status, erp_checked_at from erp_link where " + column + " = :id")
                .param("id", id).query().listOfRows().stream().findFirst().orElse(null);
    }

    Map<String, Object> export(String column, long id) {
        return jdbc.sql("select state, generation, external_ref, version from erp_export where " + column + " = :id")
                .param("id", id).query().listOfRows().stream().findFirst().orElse(null);
    }

    long auditCount(String action, long recordId) {
        return jdbc.sql("select count(*) from audit_event where action = :a and record_id = :r")
                .param("a", action).param("r", recordId).query(Long.class).single();
    }

    /**
     * A company user with exactly these permissions (password {@code demo}); commitments level on
     * {@code projectId}.
     */
    String user(PasswordEncoder encoder, long companyId, long projectId, String commitments, String erpIntegrations,
            boolean canPush) {
        String login = "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        long id = jdbc.sql("""
                insert into app_user (company_id, login, display_name, password_hash, can_push_to_accounting,
                                      erp_integrations_level, directory_level)
                values (:c, :login, :name, :hash, :push, :erp, 'read_only') returning id""")
                .param("c", companyId).param("login", login).param("name", "Test " + login)
                .param("hash", encoder.encode(PASSWORD)).param("push", canPush).param("erp", erpIntegrations)
                .query(Long.class).single();
        jdbc.sql("""
                insert into project_permission (company_id, user_id, project_id, commitments_level)
                values (:c, :u, :p, :l)""")
                .param("c", companyId).param("u", id).param("p", projectId).param("l", commitments).update();
        return login;
    }

    /** A CCO synced with the ERP: its id, the ERP change order's RefNbr and our external ref. */
    public record Synced(long ccoId, String refNbr, String externalRef) {
    }

    /**
     * A new Approved CCO on Riverside SC-001 (line 1, +amount), taken through the real export path — Send to ERP,
     * Accept, the background export — so it is synced and linked exactly as production makes it.
     */
    public Synced syncedCco(ErpConnectors connectors, long companyId, String title, BigDecimal amount) {
        long cco = approvedCco(companyId, title, amount);
        long project = projectId(companyId, "1001");
        String refNbr = ExportSteps.sendAcceptAndWaitForSync(this, jdbc, companyId, project, cco);
        String externalRef = (String) link("cco_id", cco).get("external_ref");
        return new Synced(cco, refNbr, externalRef);
    }

    /**
     * {@link #syncedCco} for many CCOs at once: all are made, sent and accepted, then exported side by side by the
     * export threads; each synced with its link, in the order of {@code titles}.
     */
    public java.util.List<Synced> syncedCcos(ErpConnectors connectors, long companyId, java.util.List<String> titles,
            BigDecimal amount) {
        java.util.List<Long> ccos = new java.util.ArrayList<>();
        for (String title : titles) {
            ccos.add(approvedCco(companyId, title, amount));
        }
        long project = projectId(companyId, "1001");
        java.util.List<String> refNbrs = ExportSteps.sendAcceptAndWaitForSync(this, jdbc, companyId, project, ccos);
        java.util.List<Synced> synced = new java.util.ArrayList<>();
        for (int i = 0; i < ccos.size(); i++) {
            synced.add(new Synced(ccos.get(i), refNbrs.get(i), (String) link("cco_id", ccos.get(i)).get("external_ref")));
        }
        return synced;
    }

    /** A new Approved CCO on Riverside SC-001 (line 1, +amount), not sent; its id. */
    public long approvedCco(long companyId, String title, BigDecimal amount) {
        long commitment = commitmentId(companyId, "1001", "SC-001");
        Map<String, Object> line = jdbc.sql("""
                select l.id, l.cost_code_id, l.cost_type_id from commitment_line l
                where l.commitment_id = :m and l.line_number = 1""").param("m", commitment).query().singleRow();
        long project = projectId(companyId, "1001");
        long cco = TestChangeOrders.insert(jdbc, companyId, project, commitment, title, "approved");
        jdbc.sql("""
                insert into cco_line_item (company_id, cco_id, commitment_id, line_number, commitment_line_id,
                                           cost_code_id, cost_type_id, description, quantity, unit_cost, amount)
                values (:c, :cco, :m, 1, :l, :cc, :ct, :t, 1, :a, :a)""")
                .param("c", companyId).param("cco", cco).param("m", commitment).param("l", line.get("id"))
                .param("cc", line.get("cost_code_id")).param("ct", line.get("cost_type_id")).param("t", title)
                .param("a", amount).update();
        return cco;
    }

    static String ccoUnlinkPath(long companyId, long ccoId) {
        return "/rest/v1.0/companies/" + companyId + "/erp/commitment_change_orders/" + ccoId + "/unlink";
    }

    static String commitmentUnlinkPath(long companyId, long commitmentId) {
        return "/rest/v1.0/companies/" + companyId + "/erp/commitments/" + commitmentId + "/unlink";
    }
}
