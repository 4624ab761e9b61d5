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
 * Hostile input, counted: {@link #everyRestWriteAnswersHostileInputWithA4xxAndAMessageAndWritesNothing} — seeded hostile
 * input to every REST write (enumerated from the handler mapping; the body's fields from the handler's
 * {@code @RequestBody} record): malformed JSON, deep nesting, wrong types, huge strings and numbers, NUL, lone
 * surrogates, RTL overrides, SQL and HTML injection, another company's ids, negative and huge amounts, hostile path ids.
 * Never a 5xx; every 4xx carries {"message": non-empty}; input that must be refused is a 4xx and changes no row of
 * any business table nor the audit log. Seed: {@code -Dcrosswalk.fuzz.seed}. Then content negotiation on every REST
 * endpoint (a client accepting no JSON gets 406 in JSON, and nothing is logged at ERROR), bad encodings and NUL
 * characters in every endpoint's address and in bodies, every web form (its fields from the form record the handler
 * binds) with hostile values, and the session's life (signed out, reused, deactivated, forged). The totals are printed
 * as {@code FUZZ hostile requests tried …, 5xx seen …}.
 */
@IntegrationTest
@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
class BadInputFuzzTest {

    /** Requests tried per kind, and the 5xx seen, over all the tests of this class (printed after the last one). */
    static final Map<String, Integer> TRIED = new java.util.concurrent.ConcurrentSkipListMap<>();
    static final java.util.concurrent.atomic.AtomicInteger FIVE_HUNDREDS = new java.util.concurrent.atomic.AtomicInteger();

    @org.junit.jupiter.api.AfterAll
    static void report() {
        int total = TRIED.values().stream().mapToInt(Integer::intValue).sum();
        System.out.println("FUZZ hostile requests tried " + total + " " + TRIED + ", 5xx seen " + FIVE_HUNDREDS.get());
    }

    static void count(String kind, int status) {
        TRIED.merge(kind, 1, Integer::sum);
        if (status >= 500) {
            FIVE_HUNDREDS.incrementAndGet();
        }
    }

    static final long SEED = Long.getLong("crosswalk.fuzz.seed", 8L);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    org.springframework.security.crypto.password.PasswordEncoder encoder;
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
        Ids northwind = new Ids(nw.company(), nw.project(), nw.commitment(), nwCco, nw.vendor(), nwUser, nwToken, nw.job());
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
        Ids own = new Ids(summit.company(), summit.project(), summit.commitment(), cco, summit.vendor(), user, NO_SUCH_ID, summit.job());
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
                                count("rest-writes", r.status());
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

    // ------------------------------------------------------------------------------ content negotiation, encodings

    private java.net.http.HttpResponse<byte[]> raw(String method, String path, Map<String, String> headers, byte[] body) {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + path))
                .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        try {
            return java.net.http.HttpClient.newBuilder().followRedirects(java.net.http.HttpClient.Redirect.NEVER).build()
                    .send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path, e);
        }
    }

    private String bearer(String login) {
        TestApi.Response t = TestApi.as(port, login).post("/rest/v1.0/me/access_tokens", "{\"name\":\"fuzz\"}");
        assertThat(t.status()).isEqualTo(201);
        return "Bearer " + t.json().get("token").asString();
    }

    @Test
    void everyRestEndpointAnswersAClientThatAcceptsNoJsonWith406InJsonAndLogsNoError(
            org.springframework.boot.test.system.CapturedOutput output) {
        awaitNoExportRunningQuietly();
        Ids summit = Ids.of(jdbc, "Summit Ridge Builders", NO_SUCH_ID);
        String auth = bearer("approver");
        int logStart = output.getAll().length();
        List<String> problems = new ArrayList<>();
        Map<String, String> before = Fingerprint.of(jdbc);
        for (Endpoints.Endpoint e : Endpoints.all(mapping)) {
            if (!e.rest() || e.pattern().startsWith("/rest/docs") || e.pattern().startsWith("/rest/openapi")) {
                continue;
            }
            String path = Endpoints.path(e.pattern(), summit);
            for (String accept : List.of("application/xml", "text/html", "text/plain", "image/png", "application/*;q=0",
                    ";;;")) {
                // writes carry a body that is refused anyway ({} on an id no record has), so nothing changes
                var r = raw(e.method(), e.write() ? path.replaceAll("/\\d+(?=/|$)", "/" + NO_SUCH_ID) : path,
                        Map.of("Authorization", auth, "Accept", accept, "Content-Type", "application/json"),
                        e.write() && !e.method().equals("DELETE") ? "{}".getBytes() : null);
                count("content-negotiation", r.statusCode());
                String body = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
                if (r.statusCode() >= 500 || r.statusCode() >= 400 && !body.startsWith("{\"message\":")
                        || r.statusCode() < 300 && !accept.contains("*")) {
                    problems.add(e + " Accept " + accept + " -> " + r.statusCode() + " " + body.substring(0,
                            Math.min(120, body.length())));
                }
            }
        }
        assertThat(Fingerprint.of(jdbc)).isEqualTo(before);
        assertThat(problems).isEmpty();
        String log = output.getAll().substring(logStart);
        assertThat(log).as("nothing logged at ERROR, no stack trace").doesNotContain(" ERROR ")
                .doesNotContain("HttpMediaTypeNotAcceptableException");
    }

    @Test
    void badEncodingsAndNulsInEveryAddressAndBodyAreA400() {
        awaitNoExportRunningQuietly();
        Ids summit = Ids.of(jdbc, "Summit Ridge Builders", NO_SUCH_ID);
        String auth = bearer("approver");
        List<String> problems = new ArrayList<>();
        Map<String, String> before = Fingerprint.of(jdbc);
        List<String> badQueries = List.of("company_id=%FF", "view=%C0%AF", "search=%ED%A0%80", "page=%", "x=%G1",
                "record_type=a%00b", "per_page=%F0%28%8C%28", "search=%E2%82");
        for (Endpoints.Endpoint e : Endpoints.all(mapping)) {
            if (e.pattern().startsWith("/rest/docs") || e.pattern().startsWith("/rest/openapi")
                    || e.pattern().startsWith("/webjars") || e.pattern().equals("/login")) {
                continue;
            }
            String path = Endpoints.path(e.pattern(), summit);
            for (String q : badQueries) {
                RawHttp.Response r;
                try {
                    r = RawHttp.send(port, e.method(), path + "?" + q, e.rest() ? Map.of("Authorization", auth,
                            "Content-Type", "application/json") : Map.of("Content-Type", "application/json"),
                            e.write() && !e.method().equals("DELETE") ? "{}" : null);
                } catch (java.io.IOException io) {
                    throw new java.io.UncheckedIOException(io);
                }
                count("encodings", r.status());
                if (r.status() != 400) {
                    problems.add(e + " ?" + q + " -> " + r.status());
                }
            }
        }
        // bodies: invalid UTF-8, a NUL escape, an unknown charset, in every REST write
        List<byte[]> badBodies = List.of(new byte[] {'{', '"', 't', 'i', 't', 'l', 'e', '"', ':', '"', (byte) 0xFF,
                (byte) 0xFE, '"', '}'}, "{\"title\":\"a\\u0000b\",\"name\":\"a\\u0000b\",\"reason\":\"\\u0000\"}".getBytes(),
                new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, '"', '}'});
        for (Endpoints.Endpoint e : Endpoints.all(mapping)) {
            if (!e.rest() || !e.write() || e.method().equals("DELETE")) {
                continue;
            }
            String path = Endpoints.path(e.pattern(), summit).replaceAll("/\\d+(?=/|$)", "/" + NO_SUCH_ID);
            for (byte[] body : badBodies) {
                for (String type : List.of("application/json", "application/json; charset=x-unknown-42")) {
                    var r = raw(e.method(), path, Map.of("Authorization", auth, "Content-Type", type), body);
                    count("encodings", r.statusCode());
                    if (r.statusCode() >= 500 || r.statusCode() < 400) {
                        problems.add(e + " body " + new String(body, java.nio.charset.StandardCharsets.ISO_8859_1)
                                + " " + type + " -> " + r.statusCode());
                    }
                }
            }
        }
        assertThat(Fingerprint.of(jdbc)).isEqualTo(before);
        assertThat(problems).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ web forms

    /** The form fields of a page handler, from the record it binds: name → kind (text, list, map). */
    static Map<String, String> formFields(HandlerMethod handler) {
        Map<String, String> fields = new TreeMap<>();
        for (MethodParameter p : handler.getMethodParameters()) {
            if (p.hasParameterAnnotation(org.springframework.web.bind.annotation.ModelAttribute.class)
                    && p.getParameterType().isRecord()) {
                for (RecordComponent c : p.getParameterType().getRecordComponents()) {
                    fields.put(c.getName(), List.class.isAssignableFrom(c.getType()) ? "list"
                            : Map.class.isAssignableFrom(c.getType()) ? "map" : "text");
                }
            }
        }
        return fields;
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void everyWebFormAnswersHostileFieldsWithoutA5xxAndRefusesWhatCanNotBeStored() throws InterruptedException {
        awaitNoExportRunning();
        Ids summit = Ids.of(jdbc, "Summit Ridge Builders", NO_SUCH_ID);
        // the test's own draft CCO and user: forms that accept harmless text change only these
        long cco = TestChangeOrders.insert(jdbc, summit.company(), summit.project(), summit.commitment(), "Form fuzz",
                "draft");
        long user = jdbc.sql("""
                insert into app_user (company_id, login, display_name, password_hash, erp_integrations_level, directory_level)
                values (?, 'fform' || (floor(random() * 100000000))::bigint, 'Form fuzz', '{noop}x', 'none', 'none')
                returning id""").params(summit.company()).query(Long.class).single();
        Ids own = new Ids(summit.company(), summit.project(), summit.commitment(), cco, summit.vendor(), user, NO_SUCH_ID, summit.job());
        Map<String, com.crosswalk.TestSession> sessions = Map.of("approver",
                com.crosswalk.TestSession.signIn(port, "approver"), "operator",
                com.crosswalk.TestSession.signIn(port, "operator"));
        Map<String, String> csrf = new java.util.HashMap<>();
        sessions.forEach((who, session) -> csrf.put(who, session.csrf()));
        // field values: what a person or an attacker may type; the first ones can never be stored
        Map<String, Boolean> values = new java.util.LinkedHashMap<>();
        values.put("a\u0000b", true);
        values.put("%FF%FE", true); // sent raw: not UTF-8 once decoded
        values.put("", false);
        values.put("1,5", false);
        values.put("abc", false);
        values.put("-1", false);
        values.put("99999999999999999999", false);
        values.put("0x1F", false);
        values.put("x".repeat(5000), false);
        values.put("<script>alert(1)</script>", false);
        values.put("x'); drop table audit_event; --", false);
        values.put("\u202Egnp.exe", false);
        values.put("👷🏽‍♀️ Ω", false);
        values.put("12.345", false);
        List<String> problems = new ArrayList<>();
        int forms = 0;
        for (Map.Entry<RequestMappingInfo, HandlerMethod> m : mapping.getHandlerMethods().entrySet()) {
            for (String pattern : m.getKey().getPatternValues()) {
                if (pattern.startsWith("/rest/") || !m.getKey().getMethodsCondition().getMethods()
                        .contains(org.springframework.web.bind.annotation.RequestMethod.POST)) {
                    continue;
                }
                Map<String, String> fields = formFields(m.getValue());
                String who = pattern.startsWith("/operator") ? "operator" : "approver";
                String path = Endpoints.path(pattern, own);
                // the forms that write harmless text (their own rows, or a new row): every value; the others (ERP
                // actions on demo rows, which may call the ERP): only values that can never be stored
                boolean safe = pattern.equals("/projects/{projectId}/change-orders")
                        || pattern.equals("/projects/{projectId}/change-orders/{id}")
                        || pattern.endsWith("/status") || pattern.equals("/directory/users")
                        || pattern.equals("/directory/users/{userId}")
                        || pattern.contains("can-push-to-accounting") || pattern.endsWith("{action:accept|retry|reject}")
                        || pattern.equals("/erp/commitment-change-orders/unlink");
                if (path.contains("/erp/vendors/") || path.contains("/erp/projects/")) {
                    path = path.replaceAll("/\\d+/", "/" + NO_SUCH_ID + "/"); // never link or export a demo record
                }
                if (path.contains("{") || path.equals("/logout") || path.equals("/login")) {
                    continue;
                }
                forms++;
                List<String> names = new ArrayList<>(fields.keySet());
                if (names.isEmpty()) {
                    names.add("unexpected");
                }
                for (String field : names) {
                    for (var v : values.entrySet()) {
                        if (!v.getValue() && !safe) {
                            continue;
                        }
                        String kind = fields.getOrDefault(field, "text");
                        String name = kind.equals("map") ? field + "[" + summit.project() + "]" : field;
                        String value = v.getKey().equals("%FF%FE") ? v.getKey() : enc(v.getKey());
                        String body = enc(name) + "=" + value + (kind.equals("list") ? "&" + enc(name) + "=" + value : "")
                                + (pattern.equals("/projects/{projectId}/change-orders")
                                        && !field.equals("commitment") ? "&commitment=" + own.commitment() : "")
                                + "&_csrf=" + enc(csrf.get(who));
                        Map<String, String> before = v.getValue() ? Fingerprint.of(jdbc) : null;
                        var r = sessions.get(who).request(java.net.http.HttpRequest.newBuilder(
                                sessions.get(who).address(path)).header("Content-Type",
                                "application/x-www-form-urlencoded").header("HX-Request", "true")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
                        count("web-forms", r.statusCode());
                        String what = "POST " + pattern + " " + name + "=" + v.getKey().substring(0,
                                Math.min(20, v.getKey().length())) + " -> " + r.statusCode();
                        if (r.statusCode() >= 500) {
                            problems.add(what);
                        }
                        if (v.getValue()) {
                            if (r.statusCode() != 400) {
                                problems.add("not refused: " + what);
                            }
                            if (!Fingerprint.of(jdbc).equals(before)) {
                                problems.add("wrote: " + what);
                            }
                        }
                    }
                }
            }
        }
        System.out.println("FUZZ web forms: " + forms + " form endpoints");
        assertThat(forms).isGreaterThan(12);
        assertThat(problems).isEmpty();
    }

    // ------------------------------------------------------------------------------------------ session lifecycle

    @Test
    void theSessionLifecycleNeverAnswersA5xx() {
        List<String> problems = new ArrayList<>();
        java.util.function.BiConsumer<String, Integer> check = (what, status) -> {
            count("session-lifecycle", status);
            if (status >= 500) {
                problems.add(what + " -> " + status);
            }
        };
        // the login form with hostile fields, and without its CSRF token
        for (String login : List.of("", "a\u0000b", "x".repeat(10_000), "' or 1=1 --", "%FF", "approver\n")) {
            var anonymous = com.crosswalk.TestSession.anonymous(port);
            String page = anonymous.get("/login").body();
            var token = java.util.regex.Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"")
                    .matcher(page);
            String csrfValue = token.find() ? (token.group(1) != null ? token.group(1) : token.group(2)) : "";
            for (String body : List.of("username=" + (login.equals("%FF") ? login : enc(login)) + "&password=x&_csrf="
                    + enc(csrfValue), "username=approver&password=demo", "username=approver&password=" + enc("\u0000"))) {
                var r = anonymous.request(java.net.http.HttpRequest.newBuilder(anonymous.address("/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
                check.accept("login " + body.substring(0, Math.min(40, body.length())), r.statusCode());
                if (r.statusCode() == 302) {
                    assertThat(r.headers().firstValue("Location").orElse("")).startsWith("/login");
                }
            }
        }
        // signed in, signed out, the old cookie and the old token used again
        var session = com.crosswalk.TestSession.signIn(port, "pm");
        String oldToken = session.csrf();
        var out = session.post("/logout", "");
        check.accept("logout", out.statusCode());
        assertThat(out.headers().firstValue("Location").orElse("")).isEqualTo("/login?logout");
        var again = session.get("/projects");
        check.accept("after logout", again.statusCode());
        assertThat(again.headers().firstValue("Location").orElse("")).endsWith("/login");
        var replay = session.request(java.net.http.HttpRequest.newBuilder(session.address("/erp/reconcile"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("_csrf=" + enc(oldToken))));
        check.accept("old token after logout", replay.statusCode());
        assertThat(replay.statusCode()).isIn(302, 403);
        // a forged session cookie, a missing one, and one of a user deactivated and reactivated
        for (String cookie : List.of("JSESSIONID=forged", "JSESSIONID=", "JSESSIONID=" + "A".repeat(5000))) {
            var r = raw("GET", "/projects", Map.of("Cookie", cookie), null);
            check.accept("cookie " + cookie.substring(0, Math.min(20, cookie.length())), r.statusCode());
            var api = raw("GET", "/rest/v1.0/me", Map.of("Cookie", cookie), null);
            check.accept("api cookie", api.statusCode());
            assertThat(api.statusCode()).isEqualTo(401);
        }
        String login = "fsess" + System.nanoTime();
        jdbc.sql("""
                insert into app_user (company_id, login, display_name, password_hash, erp_integrations_level, directory_level)
                values ((select id from company where name = 'Summit Ridge Builders'), ?, 'Session', ?, 'read_only',
                        'read_only')""").params(login, encoder.encode("demo")).update();
        var doomed = com.crosswalk.TestSession.signIn(port, login);
        jdbc.sql("update app_user set active = false where login = ?").params(login).update();
        for (String path : List.of("/", "/projects", "/erp/commitment-change-orders", "/directory", "/rest/v1.0/me")) {
            var r = doomed.get(path);
            check.accept("deactivated " + path, r.statusCode());
        }
        jdbc.sql("update app_user set active = true where login = ?").params(login).update();
        var back = doomed.get("/projects");
        check.accept("reactivated, old session", back.statusCode());
        assertThat(back.headers().firstValue("Location").orElse("")).endsWith("/login");
        assertThat(problems).isEmpty();
    }

    private void awaitNoExportRunningQuietly() {
        try {
            awaitNoExportRunning();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
