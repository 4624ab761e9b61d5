package com.crosswalk.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.TestApi;
import com.crosswalk.TestChangeOrders;
import com.crosswalk.security.Endpoints.Ids;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.MethodParameter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Seeded hostile input to every REST write (enumerated from the handler mapping; the body's fields from the handler's
 * {@code @RequestBody} record): malformed JSON, deep nesting, wrong types, huge strings and numbers, NUL, lone
 * surrogates, RTL overrides, SQL and HTML injection, another company's ids, negative and huge amounts, hostile path ids.
 * Never a 5xx; every 4xx carries {"message": non-empty}; input that must be refused is a 4xx and changes no row of
 * any business table nor the audit log. Seed: {@code -Dcrosswalk.fuzz.seed}.
 */
@IntegrationTest
class BadInputFuzzTest {

    static final long SEED = Long.getLong("crosswalk.fuzz.seed", 8L);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    /** An id no record has (ids are bigserial from 1; the tests share one database and never reach this). */
    static final long NO_SUCH_ID = Long.MAX_VALUE;

    record Input(String label, String body, boolean mustRefuse) {
    }

    /** Exports of earlier tests still running in the background would change rows while a refused request is checked. */
    void awaitNoExportRunning() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (jdbc.sql("select count(*) from erp_export where state = 'exporting'").query(Long.class).single() > 0) {
            assertThat(System.currentTimeMillis()).as("exports of earlier tests still running after 60 s")
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }

    static String q(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** Hostile bodies for a handler whose body has {@code fields} (snake_case name → Java type). */
    static List<Input> inputs(Map<String, Class<?>> fields, Random random, long otherCompanyId) {
        List<Input> in = new ArrayList<>();
        in.add(new Input("not json", "{\"a\":", true));
        in.add(new Input("xml", "<a>1</a>", true));
        in.add(new Input("array body", "[1,2,3]", true));
        in.add(new Input("deep array", "[".repeat(20_000) + "]".repeat(20_000), true));
        in.add(new Input("deep object", "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000), true));
        in.add(new Input("unknown field", "{\"drop_table\":1}", true));
        in.add(new Input("NUL byte raw", "{\u0000}", true));
        for (var f : fields.entrySet()) {
            String name = f.getKey();
            Class<?> type = f.getValue();
            boolean text = type == String.class;
            boolean number = Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class;
            boolean list = List.class.isAssignableFrom(type);
            // wrong types
            in.add(new Input(name + " object", "{" + q(name) + ":{\"x\":1}}", true));
            if (!list) {
                in.add(new Input(name + " array", "{" + q(name) + ":[1]}", true));
            }
            if (text) {
                in.add(new Input(name + " number", "{" + q(name) + ":12}", true));
                in.add(new Input(name + " huge", "{" + q(name) + ":" + q("x".repeat(20_000 + random.nextInt(5_000))) + "}", true));
                // a secret is stored encrypted, any character is fine in it
                in.add(new Input(name + " NUL", "{" + q(name) + ":" + q("a\u0000b") + "}",
                        !name.contains("password") && !name.contains("secret")));
                in.add(new Input(name + " lone surrogate", "{" + q(name) + ":" + q("a\ud800b") + "}", false));
                in.add(new Input(name + " RTL", "{" + q(name) + ":" + q("\u202Egnp.exe \u200F\u200Bx") + "}", false));
                in.add(new Input(name + " SQL", "{" + q(name) + ":" + q("x'); drop table audit_event; --") + "}", false));
                in.add(new Input(name + " HTML", "{" + q(name) + ":" + q("<script>alert(1)</script><img src=x onerror=alert(1)>") + "}", false));
                in.add(new Input(name + " emoji", "{" + q(name) + ":" + q("👷🏽‍♀️ Ω 漢字") + "}", false));
            }
            if (number) {
                // a number as a decimal string ("12") is taken, as Procore's API does for amounts
                in.add(new Input(name + " text", "{" + q(name) + ":\"12x\"}", true));
                in.add(new Input(name + " 1e400", "{" + q(name) + ":1e400}", true));
                in.add(new Input(name + " huge", "{" + q(name) + ":" + "9".repeat(40) + "}", true));
                in.add(new Input(name + " negative", "{" + q(name) + ":-" + (1 + random.nextInt(1_000_000)) + "}",
                        !name.contains("amount") && !name.contains("cost") && !name.contains("quantity")));
                if (name.endsWith("_id")) {
                    in.add(new Input(name + " other company", "{" + q(name) + ":" + otherCompanyId + "}", true));
                }
            }
            if (list) {
                in.add(new Input(name + " text", "{" + q(name) + ":\"x\"}", true));
                in.add(new Input(name + " nulls", "{" + q(name) + ":[null]}", true));
                in.add(new Input(name + " huge list", "{" + q(name) + ":[" + "1,".repeat(5_000) + "1]}", true));
                in.add(new Input(name + " wrong items", "{" + q(name) + ":[{\"amount\":\"lots\"}]}", true));
            }
            if (type == Boolean.class || type == boolean.class) {
                in.add(new Input(name + " text", "{" + q(name) + ":\"yes\"}", true));
            }
        }
        return in;
    }

    @Test
    void everyRestWriteAnswersHostileInputWithA4xxAndAMessageAndWritesNothing() throws InterruptedException {
        Map<String, Object> connection = jdbc.sql("select * from erp_connection where company_id = "
                + "(select id from company where name = 'Summit Ridge Builders')").query().singleRow();
        awaitNoExportRunning();
        Ids summit = Ids.of(jdbc, "Summit Ridge Builders", NO_SUCH_ID);
        // another company's records the hostile requests aim at: created by this test (a token, a CCO, a user), so no
        // other test's row is ever hit; their project, commitment and vendor are the demo's (only refused requests)
        long nwToken = TestApi.as(port, "nw_admin").post("/rest/v1.0/me/access_tokens", "{\"name\":\"fuzz\"}").json()
                .get("id").asLong();
        Ids nw = Ids.of(jdbc, "Northwind Construction", nwToken);
        long nwCco = TestChangeOrders.insert(jdbc, nw.company(), nw.project(), nw.commitment(), "Fuzz", "draft");
        long nwUser = jdbc.sql("""
                insert into app_user (company_id, login, display_name, password_hash, erp_integrations_level, directory_level)
                values (?, 'fuzznw' || (floor(random() * 100000000))::bigint, 'Fuzz', '{noop}x', 'none', 'none') returning id""")
                .params(nw.company()).query(Long.class).single();
        Ids northwind = new Ids(nw.company(), nw.project(), nw.commitment(), nwCco, nw.vendor(), nwUser, nwToken);
        // the records that writes which accept harmless text may change: the test's own
        long cco = jdbc.sql("""
                insert into commitment_change_order (company_id, project_id, commitment_id, number, title, status,
                                                     change_date, description)
                select company_id, project_id, id, '9' || (floor(random() * 1000000))::int, 'Fuzz', 'draft', current_date, ''
                from commitment where id = ? returning id""").params(summit.commitment()).query(Long.class).single();
        long user = jdbc.sql("""
                insert into app_user (company_id, login, display_name, password_hash, erp_integrations_level, directory_level)
                values (?, 'fuzz' || (floor(random() * 100000000))::bigint, 'Fuzz', '{noop}x', 'none', 'none') returning id""")
                .params(summit.company()).query(Long.class).single();
        // the own token id: none (a DELETE of one's own token would be a legitimate write; no request is sent there)
        Ids own = new Ids(summit.company(), summit.project(), summit.commitment(), cco, summit.vendor(), user, NO_SUCH_ID);
        // Bearer tokens (a hash lookup) rather than HTTP Basic (bcrypt on every request): 600+ requests stay quick
        Map<String, TestApi> as = new java.util.HashMap<>();
        for (String login : List.of("approver", "operator")) {
            TestApi.Response t = TestApi.as(port, login).post("/rest/v1.0/me/access_tokens", "{\"name\":\"fuzz\"}");
            as.put(login, t.status() == 201 ? TestApi.bearer(port, t.json().get("token").asString()) : TestApi.as(port, login));
        }
        Random random = new Random(SEED);
        int tried = 0;
        int fiveHundreds = 0;
        List<String> problems = new ArrayList<>();
        Map<String, Integer> perEndpoint = new TreeMap<>();
        try {
            for (Map.Entry<RequestMappingInfo, HandlerMethod> m : mapping.getHandlerMethods().entrySet()) {
                HandlerMethod handler = m.getValue();
                for (String pattern : m.getKey().getPatternValues()) {
                    for (var verb : m.getKey().getMethodsCondition().getMethods()) {
                        String method = verb.name();
                        if (!pattern.startsWith("/rest/") || !Endpoints.WRITES.contains(method)) {
                            continue;
                        }
                        String key = method + " " + pattern;
                        Set<String> refused = SecuritySurfaceTest.REFUSED.getOrDefault(key, Set.of());
                        String login = refused.contains("approver") ? "operator" : "approver";
                        // shared demo rows: only input that must be refused; the test's own rows: everything
                        boolean ownRows = pattern.contains("commitment_change_orders/{id}") && !pattern.contains("/erp/")
                                || pattern.endsWith("/users/{userId}") || pattern.endsWith("/users")
                                || pattern.endsWith("/commitment_change_orders") || pattern.endsWith("/commitments")
                                || pattern.endsWith("/access_tokens");
                        Map<String, Class<?>> fields = new TreeMap<>();
                        boolean hasBody = false;
                        for (MethodParameter p : handler.getMethodParameters()) {
                            hasBody |= p.hasParameterAnnotation(RequestBody.class);
                            if (p.hasParameterAnnotation(RequestBody.class) && p.getParameterType().isRecord()) {
                                for (RecordComponent c : p.getParameterType().getRecordComponents()) {
                                    fields.put(snake(c.getName()), c.getType());
                                }
                            }
                        }
                        // a handler without a body ignores one: only its path is fuzzed
                        List<Input> inputs = hasBody && !method.equals("DELETE")
                                ? inputs(fields, random, northwind.company()) : List.of();
                        String path = Endpoints.path(pattern, own);
                        List<String[]> paths = new ArrayList<>();
                        paths.add(new String[] {"own ids", path});
                        // hostile path ids, every numeric segment replaced: ids no record can have (never a small
                        // positive number: in the shared database another test's row may have it, e.g. its token)
                        for (String bad : !path.matches(".*/\\d+(/.*)?$") ? List.<String>of() : List.of("-1", "0",
                                Long.toString(Long.MIN_VALUE), Long.toString(NO_SUCH_ID), "99999999999999999999", "abc",
                                "1%27%20or%201=1", "%F0%9F%91%B7")) {
                            paths.add(new String[] {"path " + bad, path.replaceAll("/\\d+(?=/|$)", "/" + bad)});
                        }
                        if (path.matches(".*/\\d+(/.*)?$") && !login.equals("operator")) {
                            // (the platform operator belongs to no company: every company's ids are its own)
                            paths.add(new String[] {"path of another company", Endpoints.path(pattern, northwind)});
                        }
                        for (String[] p : paths) {
                            boolean hostilePath = !p[0].equals("own ids");
                            List<Input> ordered = new ArrayList<>(hostilePath ? List.of(new Input("{}", "{}", true)) : inputs);
                            ordered.sort(java.util.Comparator.comparing(i -> !i.mustRefuse()));
                            for (Input input : ordered) {
                                if (!input.mustRefuse() && !ownRows) {
                                    continue;
                                }
                                boolean mustRefuse = input.mustRefuse();
                                // a request that must be refused: the database exactly as before it, checked around
                                // each one (a request that may be accepted, on the test's own rows, is not checked)
                                Map<String, String> before = mustRefuse ? Fingerprint.of(jdbc) : null;
                                TestApi.Response r = as.get(login).send(method, p[1],
                                        method.equals("DELETE") ? null : input.body());
                                tried++;
                                perEndpoint.merge(key, 1, Integer::sum);
                                String what = key + " [" + p[0] + ", " + input.label() + "] -> " + r.status() + " "
                                        + (r.body() == null ? "" : r.body().substring(0, Math.min(160, r.body().length())));
                                if (mustRefuse) {
                                    Map<String, String> after = Fingerprint.of(jdbc);
                                    if (!after.equals(before)) {
                                        problems.add("wrote " + Fingerprint.changed(before, after) + ": " + what);
                                    }
                                }
                                if (r.status() >= 500) {
                                    fiveHundreds++;
                                    problems.add(what);
                                    continue;
                                }
                                if (r.status() >= 400 && (r.message() == null || r.message().isBlank())) {
                                    problems.add("no message: " + what);
                                }
                                if (mustRefuse && r.status() < 400) {
                                    problems.add("accepted: " + what);
                                }
                            }
                        }
                    }
                }
            }
        } finally {
            jdbc.sql("""
                    update erp_connection set base_url = ?, tenant = ?, username = ?, secret_encrypted = ?,
                           endpoint_name = ?, endpoint_version = ?, auth_mode = ?, change_order_class = ?,
                           max_sessions = ?, max_concurrent_requests = ?, max_requests_per_minute = ?, updated_at = now()
                    where company_id = ?""")
                    .params(connection.get("base_url"), connection.get("tenant"), connection.get("username"),
                            connection.get("secret_encrypted"), connection.get("endpoint_name"),
                            connection.get("endpoint_version"), connection.get("auth_mode"),
                            connection.get("change_order_class"), connection.get("max_sessions"),
                            connection.get("max_concurrent_requests"), connection.get("max_requests_per_minute"),
                            connection.get("company_id")).update();
        }
        System.out.println("FUZZ bad inputs tried " + tried + " over " + perEndpoint.size() + " REST writes, 5xx seen "
                + fiveHundreds + ", problems " + problems.size());
        problems.forEach(p -> System.out.println("FUZZ problem: " + p));
        assertThat(perEndpoint.size()).isGreaterThan(20);
        assertThat(problems).isEmpty();
    }
}
