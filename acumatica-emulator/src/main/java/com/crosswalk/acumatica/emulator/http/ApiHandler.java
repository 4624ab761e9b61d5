package com.crosswalk.acumatica.emulator.http;

import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import com.crosswalk.acumatica.emulator.auth.SessionManager;
import com.crosswalk.acumatica.emulator.auth.SessionManager.Session;
import com.crosswalk.acumatica.emulator.contract.ContractValidator;
import com.crosswalk.acumatica.emulator.contract.Swagger;
import com.crosswalk.acumatica.emulator.faults.FaultPhase;
import com.crosswalk.acumatica.emulator.faults.FaultRule;
import com.crosswalk.acumatica.emulator.http.Http.Response;
import com.crosswalk.acumatica.emulator.limits.Limits;
import com.crosswalk.acumatica.emulator.store.AcumaticaException;
import com.crosswalk.acumatica.emulator.store.EntityDef;
import com.crosswalk.acumatica.emulator.store.JsonCodec;
import com.crosswalk.acumatica.emulator.store.Store;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Everything under /entity and /identity, behind limits and fault injection; "/" and /emulator go to the page/admin handlers. */
public final class ApiHandler implements HttpHandler {
    private static final Logger LOG = Logger.getLogger(ApiHandler.class.getName());
    private static final String NOT_LOGGED_IN = "You are not logged in.";

    /**
     * While a long-running operation runs in a session, "only a REST API request that retrieves the status of this
     * long-running operation can be executed successfully. Other requests in this session will fail until the
     * long-running operation completes" (Integration Development Guide, "Execute an Action That Is Present in an
     * Endpoint", usage notes). The failure: Acumatica's PXLongOperation message as a PXException.
     */
    static final String PREVIOUS_OPERATION_RUNNING = "Error: The previous operation has not been completed yet.";

    private final AcumaticaEmulator emu;
    private final HttpHandler pages;
    private final HttpHandler admin;
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    private final Map<UUID, Op> ops = new ConcurrentHashMap<>();
    /** Session id → the long-running operation it is running. */
    private final Map<String, UUID> busySessions = new ConcurrentHashMap<>();
    private final Map<String, String> servedSwagger = new ConcurrentHashMap<>();

    /** One endpoint version served side by side with the others, validated against its own contract. */
    record Endpoint(String version, Swagger swagger, ContractValidator validator) {
        String base() { return "/entity/" + Swagger.ENDPOINT_NAME + "/" + version; }
    }

    /** A long-running operation (a release answered 202), owned by the session that started it. */
    private static final class Op {
        final String sessionId;
        volatile boolean done;
        volatile AcumaticaException error;
        volatile Runnable finish;
        volatile java.util.concurrent.ScheduledFuture<?> scheduled;

        Op(String sessionId) {
            this.sessionId = sessionId;
        }
    }

    /** What a request addresses, for stats, faults and validation; {@code endpoint} null outside /entity/Default/{version}. */
    record Call(String method, String path, String entity, String action, List<String> rest, Endpoint endpoint) {
    }

    public ApiHandler(AcumaticaEmulator emu, HttpHandler pages, HttpHandler admin) {
        this.emu = emu;
        this.pages = pages;
        this.admin = admin;
        for (String v : Swagger.VERSIONS) {
            Swagger sw = Swagger.of(v);
            endpoints.put(v, new Endpoint(v, sw, emu.config().validateContract() ? new ContractValidator(sw) : null));
        }
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getRawPath();
            if (path.startsWith("/emulator/admin")) {
                admin.handle(ex);
            } else if (path.equals("/") || path.equals("/emulator") || path.startsWith("/emulator/")) {
                pages.handle(ex);
            } else if (path.equals("/entity") || path.startsWith("/entity/") || path.startsWith("/identity/")) {
                api(ex, path);
            } else {
                Http.send(ex, Response.json(404, JsonCodec.httpError("No HTTP resource was found that matches the request URI '" + path + "'.", null, null)));
            }
        } catch (Throwable t) {
            LOG.log(Level.WARNING, "emulator request failed", t);
            try {
                Http.send(ex, Response.json(500, JsonCodec.httpError("An error has occurred.", String.valueOf(t.getMessage()), t.getClass().getName())));
            } catch (IOException | RuntimeException ignored) {
                ex.close();
            }
        }
    }

    private Call classify(String method, String path) {
        List<String> seg = new ArrayList<>();
        for (String s : path.split("/")) if (!s.isEmpty()) seg.add(Http.decode(s));
        // seg[0] = entity | identity
        if (seg.get(0).equals("identity")) return new Call(method, path, "identity", seg.size() > 1 ? seg.get(seg.size() - 1) : null, List.of(), null);
        if (seg.size() == 1) return new Call(method, path, "entity", null, List.of(), null);
        if (seg.get(1).equals("auth")) return new Call(method, path, "auth", seg.size() > 2 ? seg.get(2) : null, List.of(), null);
        Endpoint ep = seg.size() > 2 && seg.get(1).equalsIgnoreCase(Swagger.ENDPOINT_NAME) ? endpoints.get(seg.get(2)) : null;
        if (seg.size() < 4) return new Call(method, path, seg.get(seg.size() - 1), null, List.of(), ep);
        String entity = seg.get(3);
        List<String> rest = seg.subList(4, seg.size());
        String action = null;
        if (method.equals("POST") && rest.size() == 1) action = rest.get(0);
        if (method.equals("GET") && rest.size() == 3 && rest.get(1).equals("status")) action = rest.get(0) + "/status";
        return new Call(method, path, entity, action, rest, ep);
    }

    private void api(HttpExchange ex, String path) throws IOException, InterruptedException {
        Call c = classify(ex.getRequestMethod(), path);
        emu.stats().countRequest(c.method, c.entity, c.action);
        if (emu.faults().isDown()) {
            drain(ex);
            Http.send(ex, Response.text(503, "text/html; charset=utf-8",
                    "<html><head><title>Service Unavailable</title></head><body><h2>Service Unavailable</h2><p>HTTP Error 503. The service is unavailable.</p></body></html>"));
            return;
        }
        boolean queued = !("auth".equals(c.entity) && "logout".equals(c.action));
        Limits limits = emu.limits();
        if (queued) {
            try {
                limits.throttle();
                limits.enter();
            } catch (Limits.Declined d) {
                emu.stats().count429();
                drain(ex);
                Http.send(ex, Response.json(429, JsonCodec.httpError("API Limit", d.getMessage(), "PX.Api.ContractBased.ApiLimitException")));
                return;
            }
        }
        try {
            long latency = emu.faults().latencyMs(); // processing time: spent while holding a request slot
            if (latency > 0) Thread.sleep(latency);
            FaultRule fault = emu.faults().pick(c.method, c.entity, c.action);
            if (fault != null && fault.phase() == FaultPhase.BEFORE_WRITE) {
                inject(ex, fault);
                return;
            }
            Response r;
            try {
                r = route(ex, c);
            } catch (AcumaticaException e) {
                r = error(e);
            }
            if (fault != null) {
                inject(ex, fault);
                return;
            }
            validateResponse(c, r);
            Http.send(ex, r);
        } finally {
            if (queued) limits.exit();
        }
    }

    private static void drain(HttpExchange ex) {
        try {
            Http.readBody(ex);
        } catch (IOException ignored) {
            // nothing
        }
    }

    private void inject(HttpExchange ex, FaultRule f) throws IOException, InterruptedException {
        emu.stats().countFault();
        drain(ex);
        switch (f.kind()) {
            case ERROR_500 -> Http.send(ex, Response.json(500, JsonCodec.httpError("An error has occurred.",
                    "Emulated fault: the operation failed on the server.", "System.Exception")));
            case ERROR_503 -> Http.send(ex, Response.text(503, "text/html; charset=utf-8",
                    "<html><body><h2>Service Unavailable</h2><p>HTTP Error 503. The service is unavailable.</p></body></html>"));
            case TOO_MANY_REQUESTS_429 -> {
                emu.stats().count429();
                Http.send(ex, Response.json(429, JsonCodec.httpError("API Limit",
                        "The request has been declined because the license limit of concurrent API requests has been exceeded.",
                        "PX.Api.ContractBased.ApiLimitException")));
            }
            case TIMEOUT -> {
                try {
                    Thread.sleep(emu.faults().hangMs());
                } finally {
                    ex.close(); // headers never sent: the socket is closed without a response
                }
            }
            case DROP_CONNECTION -> ex.close();
        }
    }

    static Response error(AcumaticaException e) {
        if (e.status() == 422 || e.entityBody() != null) return Response.json(e.status(), e.entityBody());
        if (e.exceptionType() == null) return Response.json(e.status(), JsonCodec.httpError(e.topMessage(), null, null));
        return Response.json(e.status(), JsonCodec.httpError(e.topMessage(), e.getMessage(), e.exceptionType()));
    }

    // =========================================================================================== routing
    private Response route(HttpExchange ex, Call c) throws IOException {
        switch (c.entity) {
            case "identity" -> {
                return identity(ex, c);
            }
            case "auth" -> {
                return auth(ex, c);
            }
            case "entity" -> {
                if (!c.method.equals("GET")) return methodNotAllowed(c.method);
                // Integration Development Guide, "Retrieve the Acumatica ERP Version and the List of Endpoints"
                ObjectNode o = JsonCodec.F.objectNode();
                ObjectNode v = o.putObject("version");
                v.put("acumaticaBuildVersion", "24.207.0013");
                v.put("databaseVersion", "24.207.0013");
                ArrayNode list = o.putArray("endpoints");
                for (Endpoint ep : endpoints.values()) {
                    ObjectNode e = list.addObject();
                    e.put("name", Swagger.ENDPOINT_NAME);
                    e.put("version", ep.version());
                    e.put("href", ep.base() + "/");
                }
                return Response.json(200, o);
            }
            default -> { }
        }
        Endpoint ep = c.endpoint;
        if (ep == null || !c.path.matches("/entity/[^/]+/[^/]+/[^/]+.*")) {
            throw AcumaticaException.notFound("No HTTP resource was found that matches the request URI '" + c.path + "'.");
        }
        if (c.entity.equals("swagger.json") && c.rest.isEmpty()) {
            if (!c.method.equals("GET")) return methodNotAllowed(c.method);
            return Response.text(200, "application/json; charset=utf-8", swaggerJson(ex, ep));
        }
        Session s = authenticate(ex);
        if (s == null) return Response.json(401, JsonCodec.httpError(NOT_LOGGED_IN, null, null));
        refuseDuringLongOperation(s, c);
        Map<String, String> q = Http.query(ex);
        switch (c.method) {
            case "GET" -> {
                if (c.rest.isEmpty()) {
                    return Response.json(200, emu.store().list(c.entity, q.get("$filter"), q.get("$select"), q.get("$expand"),
                            q.get("$custom"), intParam(q, "$top"), intParam(q, "$skip"), ep.base()));
                }
                if (c.action != null) return status(c, s);
                if (c.rest.size() == 1 && c.rest.get(0).equals("$adHocSchema")) {
                    return Response.json(200, emu.store().adHocSchema(c.entity, ep.base()));
                }
                return Response.json(200, emu.store().getByKeys(c.entity, keys(c.rest), q.get("$select"), q.get("$expand"),
                        q.get("$custom"), ep.base()));
            }
            case "PUT" -> {
                if (!c.rest.isEmpty()) return methodNotAllowed("PUT");
                String schema = Store.def(c.entity).name();
                ObjectNode body = jsonObject(ex);
                Response bad = validateRequestAgainst(c, schema, body);
                if (bad != null) return bad;
                Store.PutMode mode = Store.PutMode.ANY;
                String inm = ex.getRequestHeaders().getFirst("If-None-Match");
                String im = ex.getRequestHeaders().getFirst("If-Match");
                if (inm != null && inm.trim().equals("*")) mode = Store.PutMode.INSERT;
                else if (im != null && im.trim().equals("*")) mode = Store.PutMode.UPDATE;
                return Response.json(200, emu.store().put(c.entity, body, mode, q.get("$select"), q.get("$expand"),
                        q.get("$custom"), ep.base()));
            }
            case "DELETE" -> {
                if (c.rest.isEmpty()) return methodNotAllowed("DELETE");
                emu.store().delete(c.entity, keys(c.rest));
                return Response.empty(204);
            }
            case "POST" -> {
                if (c.action == null) return methodNotAllowed("POST");
                return action(ex, c, s);
            }
            default -> {
                return methodNotAllowed(c.method);
            }
        }
    }

    /**
     * The served swagger.json names the emulator's own endpoint URL (from the request's Host): {@code servers} of
     * the OpenAPI 3 file, {@code host}/{@code basePath}/{@code schemes} of the Swagger 2.0 one. Everything else is
     * the published file.
     */
    private String swaggerJson(HttpExchange ex, Endpoint ep) {
        String host = ex.getRequestHeaders().getFirst("Host");
        if (host == null || host.isBlank() || !host.matches("[A-Za-z0-9.\\-\\[\\]:]+")) host = "localhost:" + emu.port();
        String h = host;
        return servedSwagger.computeIfAbsent(ep.version() + "|" + h, k -> {
            ObjectNode root = ep.swagger().root().deepCopy();
            if (ep.swagger().openApi3()) {
                ArrayNode servers = root.putArray("servers");
                servers.addObject().put("url", "http://" + h + ep.base());
            } else {
                root.put("host", h);
                root.put("basePath", ep.base());
                root.putArray("schemes").add("http");
            }
            return root.toString();
        });
    }

    private static Response methodNotAllowed(String method) {
        return Response.json(405, JsonCodec.httpError("The requested resource does not support http method '" + method + "'.", null, null));
    }

    private static List<String> keys(List<String> rest) {
        if (rest.size() == 1 && rest.get(0).contains("|")) return Arrays.asList(rest.get(0).split("\\|"));
        return rest;
    }

    private static Integer intParam(Map<String, String> q, String name) {
        String v = q.get(name);
        if (v == null || v.isBlank()) return null;
        try {
            int i = Integer.parseInt(v.trim());
            if (i < 0) throw new NumberFormatException();
            return i;
        } catch (NumberFormatException e) {
            throw AcumaticaException.badRequest("The value '" + v + "' of the " + name + " parameter is invalid.");
        }
    }

    /**
     * The body as a JSON object. Malformed JSON: 400 "The request is invalid." with a modelState that says where —
     * never the parser's own message (it quotes the input and names parser classes).
     */
    private static ObjectNode jsonObject(HttpExchange ex) throws IOException {
        byte[] b = Http.readBody(ex);
        JsonNode n;
        try {
            n = b.length == 0 ? null : JsonCodec.MAPPER.readTree(b);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw AcumaticaException.invalidRequest("body", "The request body is not valid JSON" + where + ".");
        }
        if (n == null || !n.isObject()) throw AcumaticaException.invalidRequest("body", "The request body must be a JSON object.");
        return (ObjectNode) n;
    }

    private Session authenticate(HttpExchange ex) {
        String authz = ex.getRequestHeaders().getFirst("Authorization");
        String bearer = authz != null && authz.regionMatches(true, 0, "Bearer ", 0, 7) ? authz.substring(7).trim() : null;
        Map<String, String> ck = Http.cookies(ex);
        return emu.sessions().authenticate(bearer, ck.get(".ASPXAUTH"), ck.get("ASP.NET_SessionId"));
    }

    // =========================================================================================== long operations
    /** Refuses every request of a session running a long operation, except the status request of that operation. */
    private void refuseDuringLongOperation(Session s, Call c) {
        UUID running = busySessions.get(s.sessionId);
        if (running == null) return;
        Op op = ops.get(running);
        if (op == null || op.done) {
            busySessions.remove(s.sessionId, running);
            return;
        }
        if (c.method.equals("GET") && c.action != null && c.action.endsWith("/status") && running.toString().equalsIgnoreCase(c.rest.get(2))) {
            return;
        }
        emu.stats().countRefusedDuringLongOperation();
        throw AcumaticaException.px(PREVIOUS_OPERATION_RUNNING);
    }

    /** Whether any session is running a long operation now (for tests). */
    public boolean longOperationRunning() {
        return ops.values().stream().anyMatch(o -> !o.done);
    }

    /** Ends every running long operation now instead of after its duration (tests: no waiting on the clock). */
    public void finishLongOperationsNow() {
        for (Op op : ops.values()) {
            if (!op.done && op.scheduled != null && op.scheduled.cancel(false)) op.finish.run();
        }
    }

    private Response status(Call c, Session s) {
        UUID id;
        try {
            id = UUID.fromString(c.rest.get(2));
        } catch (IllegalArgumentException e) {
            throw AcumaticaException.notFound("No long-running operation " + c.rest.get(2) + ".");
        }
        Op op = ops.get(id);
        // an operation belongs to its session (not documented: another session does not see it)
        if (op == null || !op.sessionId.equals(s.sessionId)) throw AcumaticaException.notFound("No long-running operation " + id + ".");
        if (!op.done) return Response.empty(202).header("Location", c.endpoint.base() + "/" + c.entity + "/" + c.rest.get(0) + "/status/" + id);
        if (op.error != null) return error(op.error);
        return Response.empty(204);
    }

    // =========================================================================================== actions
    private Response action(HttpExchange ex, Call c, Session s) throws IOException {
        EntityDef d = Store.def(c.entity);
        Endpoint ep = c.endpoint;
        String declaredSchema = ep.swagger().actionSchema(d.name(), c.action);
        boolean declared = declaredSchema != null;
        if (!Store.runsAction(d.name(), c.action, declared)) {
            drain(ex);
            throw AcumaticaException.notFound("No HTTP resource was found that matches the request URI '" + c.path + "'.");
        }
        ObjectNode body = actionBody(jsonObject(ex));
        String schema = declared ? declaredSchema : d.name() + "CustomAction";
        if (ep.swagger().hasSchema(schema)) {
            ObjectNode toCheck = body.deepCopy();
            JsonNode params = toCheck.get("parameters");
            // {"parameters":{}} (or only "custom") is what clients send for actions without named parameters
            if (params != null && params.isObject() && !ep.swagger().properties(schema).containsKey("parameters")
                    && (params.isEmpty() || (params.size() == 1 && params.has("custom")))) {
                toCheck.remove("parameters");
            }
            Response bad = validateRequestAgainst(c, schema, toCheck);
            if (bad != null) return bad;
        }
        JsonNode entity = body.get("entity");
        if (entity == null || !entity.isObject()) {
            throw AcumaticaException.invalidRequest("entity", "The request body must contain the entity to which the action is applied.");
        }
        if (d.name().equals("ChangeOrder") && c.action.equals("ReleaseChangeOrder") && emu.config().releaseDurationMs() > 0) {
            return startLongRelease(ep, s, emu.store().locateChangeOrder(entity));
        }
        Store.ActionResult r = emu.store().invoke(d.name(), c.action, entity, body.get("parameters"));
        return Response.empty(204).header("Location", ep.base() + "/" + d.name() + "/" + r.keyPath());
    }

    /**
     * An action body with its two top-level keys found in any case: production integrations send {@code "Entity"},
     * and Acumatica's JSON binding matches member names case-insensitively. Two spellings of one key: 400.
     */
    private static ObjectNode actionBody(ObjectNode raw) {
        ObjectNode out = JsonCodec.F.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = raw.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            String canonical = key.equalsIgnoreCase("entity") ? "entity" : key.equalsIgnoreCase("parameters") ? "parameters" : key;
            if (out.has(canonical)) throw AcumaticaException.invalidRequest(canonical, "The request body has '" + canonical + "' twice.");
            out.set(canonical, e.getValue());
        }
        return out;
    }

    /** ReleaseChangeOrder as a PXLongOperation: 202 + Location; the session is locked until the release ends. */
    private Response startLongRelease(Endpoint ep, Session s, String refNbr) {
        String ref = emu.store().startLongRelease(refNbr);
        UUID opId = UUID.randomUUID();
        Op op = new Op(s.sessionId);
        ops.put(opId, op);
        busySessions.put(s.sessionId, opId);
        op.finish = () -> {
            try {
                emu.store().finishLongRelease(ref);
            } catch (AcumaticaException e) {
                op.error = e;
            } catch (RuntimeException e) {
                op.error = AcumaticaException.px("Error: " + e.getMessage());
            } finally {
                op.done = true;
                busySessions.remove(s.sessionId, opId);
            }
        };
        op.scheduled = emu.scheduler().schedule(op.finish, emu.config().releaseDurationMs(), TimeUnit.MILLISECONDS);
        return Response.empty(202).header("Location", ep.base() + "/ChangeOrder/ReleaseChangeOrder/status/" + opId);
    }

    // =========================================================================================== auth
    private Response auth(HttpExchange ex, Call c) throws IOException {
        if (!c.method.equals("POST")) return methodNotAllowed(c.method);
        SessionManager sm = emu.sessions();
        if ("logout".equals(c.action)) {
            drain(ex);
            sm.logout(authenticate(ex));
            return Response.empty(204)
                    .header("Set-Cookie", ".ASPXAUTH=; expires=Thu, 01-Jan-1970 00:00:00 GMT; path=/; HttpOnly")
                    .header("Set-Cookie", "ASP.NET_SessionId=; expires=Thu, 01-Jan-1970 00:00:00 GMT; path=/; HttpOnly");
        }
        if (!"login".equals(c.action)) throw AcumaticaException.notFound("No HTTP resource was found that matches the request URI '" + c.path + "'.");
        byte[] raw = Http.readBody(ex);
        String ct = String.valueOf(ex.getRequestHeaders().getFirst("Content-Type"));
        String name, password, tenant;
        if (ct.contains("x-www-form-urlencoded")) {
            Map<String, String> f = Http.parseForm(new String(raw, StandardCharsets.UTF_8));
            name = f.get("name");
            password = f.get("password");
            tenant = f.getOrDefault("tenant", f.get("company"));
        } else {
            JsonNode b;
            try {
                b = JsonCodec.MAPPER.readTree(raw);
            } catch (IOException e) {
                throw AcumaticaException.badRequest("The request is invalid.");
            }
            if (b == null || !b.isObject()) throw AcumaticaException.badRequest("The request is invalid.");
            if (b.has("tenant") && b.has("company")) throw AcumaticaException.badRequest("Specify either tenant or company, not both.");
            name = b.path("name").asText(null);
            password = b.path("password").asText(null);
            tenant = b.has("tenant") ? b.path("tenant").asText(null) : b.path("company").asText(null);
        }
        if (name == null || password == null) throw AcumaticaException.badRequest("The request is invalid: name and password are required.");
        Session current = authenticate(ex);
        Session s = sm.login(name, password, tenant, current);
        return Response.empty(204)
                .header("Set-Cookie", "ASP.NET_SessionId=" + s.sessionId + "; path=/; HttpOnly; SameSite=Lax")
                .header("Set-Cookie", ".ASPXAUTH=" + s.aspxAuth + "; path=/; HttpOnly")
                .header("Set-Cookie", "CompanyID=" + s.tenant + "; path=/")
                .header("Set-Cookie", "UserBranch=16; path=/")
                .header("Set-Cookie", "Locale=Culture=en-US&TimeZone=GMTM0000A; path=/")
                .header("Set-Cookie", "requestid=" + UUID.randomUUID().toString().replace("-", "").toUpperCase() + "; path=/");
    }

    private Response identity(HttpExchange ex, Call c) throws IOException {
        if (c.path.equals("/identity/.well-known/openid-configuration")) {
            ObjectNode o = JsonCodec.F.objectNode();
            o.put("issuer", emu.baseUrl() + "/identity");
            o.put("token_endpoint", emu.baseUrl() + "/identity/connect/token");
            o.put("authorization_endpoint", emu.baseUrl() + "/identity/connect/authorize");
            o.putArray("grant_types_supported").add("password").add("refresh_token");
            o.putArray("scopes_supported").add("api").add("offline_access").add("api:concurrent_access");
            return Response.json(200, o);
        }
        if (!c.path.equals("/identity/connect/token")) return Response.json(404, JsonCodec.httpError("Not found.", null, null));
        if (!c.method.equals("POST")) return methodNotAllowed(c.method);
        Map<String, String> f = Http.parseForm(new String(Http.readBody(ex), StandardCharsets.UTF_8));
        String clientId = f.get("client_id");
        String basic = ex.getRequestHeaders().getFirst("Authorization");
        if (clientId == null && basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
            String dec = new String(java.util.Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8);
            clientId = Http.decode(dec.substring(0, Math.max(0, dec.indexOf(':'))));
        }
        SessionManager sm = emu.sessions();
        if (clientId == null || !clientId.toLowerCase().endsWith("@" + sm.tenant().toLowerCase())) {
            return oauthError(400, "invalid_client", "client_id must be <client id>@" + sm.tenant());
        }
        String grant = String.valueOf(f.get("grant_type"));
        Session s;
        try {
            if (grant.equals("password")) {
                String scope = f.getOrDefault("scope", "api");
                if (!Arrays.asList(scope.split(" ")).contains("api")) return oauthError(400, "invalid_scope", "scope must include api");
                s = sm.issueToken(f.get("username"), f.get("password"), scope);
                if (s == null) return oauthError(400, "invalid_grant", "invalid_username_or_password");
            } else if (grant.equals("refresh_token")) {
                s = sm.refresh(String.valueOf(f.get("refresh_token")));
                if (s == null) return oauthError(400, "invalid_grant", "invalid refresh token");
            } else {
                return oauthError(400, "unsupported_grant_type", grant);
            }
        } catch (AcumaticaException e) {
            return oauthError(e.status(), "invalid_grant", e.topMessage());
        }
        ObjectNode o = JsonCodec.F.objectNode();
        o.put("access_token", s.accessToken);
        o.put("expires_in", sm.tokenLifetime().toSeconds());
        o.put("token_type", "Bearer");
        if (s.refreshToken != null) o.put("refresh_token", s.refreshToken);
        o.put("scope", s.scope);
        return Response.json(200, o);
    }

    private static Response oauthError(int status, String error, String description) {
        ObjectNode o = JsonCodec.F.objectNode();
        o.put("error", error);
        o.put("error_description", description);
        return Response.json(status, o);
    }

    // =========================================================================================== contract validation
    /** Validates a request body against the contract of the endpoint version it was sent to. */
    private Response validateRequestAgainst(Call c, String schema, JsonNode body) {
        ContractValidator validator = c.endpoint.validator();
        if (validator == null) return null;
        List<String> v = validator.validate(schema, body);
        if (v.isEmpty()) return null;
        for (String x : v) emu.recordViolation(c.method + " " + c.path + " request (" + schema + "): " + x);
        if (emu.config().strictContract()) {
            return Response.json(400, JsonCodec.httpError("The request is invalid.", "The request body does not match the contract: "
                    + String.join("; ", v), "PX.Api.ContractBased.InvalidRequestException"));
        }
        return null;
    }

    /** Validates a response against the contract of the endpoint version that answers it. */
    private void validateResponse(Call c, Response r) {
        ContractValidator validator = c.endpoint == null ? null : c.endpoint.validator();
        if (validator == null || r.json == null) return;
        List<String> v;
        String schema;
        EntityDef d = EntityDef.byName(c.entity);
        if ((r.status == 200 || r.status == 422) && d != null) {
            schema = d.name();
            boolean list = r.json.isArray();
            v = list ? validator.validateArray(schema, r.json) : validator.validate(schema, r.json);
        } else if (r.status >= 400) {
            schema = "HttpError";
            v = validator.validate(schema, r.json);
        } else {
            return;
        }
        for (String x : v) emu.recordViolation(c.method + " " + c.path + " response " + r.status + " (" + schema + "): " + x);
    }
}
