package com.crosswalk.acumatica.emulator.http;

import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import com.crosswalk.acumatica.emulator.faults.FaultKind;
import com.crosswalk.acumatica.emulator.faults.FaultPhase;
import com.crosswalk.acumatica.emulator.faults.FaultRule;
import com.crosswalk.acumatica.emulator.http.Http.Response;
import com.crosswalk.acumatica.emulator.limits.Limits;
import com.crosswalk.acumatica.emulator.store.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Duration;

/**
 * /emulator/admin/... (only with --admin): JSON control of limits, faults, sessions and data.
 * <pre>
 * GET    /emulator/admin                    limits, faults, stats
 * POST   /emulator/admin/limits             {"maxSessions":2,"maxConcurrentRequests":4,"maxRequestsPerMinute":100,"maxQueueLength":20,"maxQueueWaitMs":600000}
 * POST   /emulator/admin/faults             {"latencyMs":0,"hangMs":120000,"seed":42,"rules":[{"method":"PUT","entity":"ChangeOrder","action":null,
 *                                            "kind":"ERROR_500","phase":"AFTER_WRITE","probability":1.0,"count":1}]}   (adds rules)
 * DELETE /emulator/admin/faults             remove all rules and latency
 * POST   /emulator/admin/down               {"down":true}
 * POST   /emulator/admin/sessions/expire    end every session now
 * POST   /emulator/admin/reset              {"demo":true}  empty the store (and re-seed the demo)
 * GET    /emulator/admin/stats | /violations | /data
 * GET    /emulator/admin/push-notifications  the definitions, and the failed notifications
 * POST   /emulator/admin/push-notifications  {"name":"Crosswalk change orders","entity":"ChangeOrder","fields":["RefNbr","Status"],
 *                                            "address":"http://…/hooks/acumatica/1","headerName":"X-Crosswalk-Secret","headerValue":"…"}
 * POST   /emulator/admin/push-notifications/mode    {"mode":"NORMAL"|"DROP"|"DUPLICATE"}
 * POST   /emulator/admin/push-notifications/resend  send the failed ones again
 * </pre>
 */
public final class AdminHandler implements HttpHandler {
    private final AcumaticaEmulator emu;

    public AdminHandler(AcumaticaEmulator emu) {
        this.emu = emu;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        if (!emu.config().admin()) {
            Http.send(ex, Response.json(404, JsonCodec.httpError("The admin endpoint is disabled (start with --admin).", null, null)));
            return;
        }
        String path = ex.getRequestURI().getPath().replaceAll("/+$", "");
        String m = ex.getRequestMethod();
        byte[] raw = Http.readBody(ex);
        JsonNode body = raw.length == 0 ? JsonCodec.F.objectNode() : JsonCodec.MAPPER.readTree(raw);
        try {
            Http.send(ex, switch (m + " " + path) {
                case "GET /emulator/admin" -> Response.json(200, state());
                case "GET /emulator/admin/stats" -> Response.json(200, stats());
                case "GET /emulator/admin/violations" -> Response.json(200, JsonCodec.MAPPER.valueToTree(emu.contractViolations()));
                case "GET /emulator/admin/data" -> Response.json(200, emu.store().exportState());
                case "GET /emulator/admin/push-notifications" -> Response.json(200, pushState());
                case "POST /emulator/admin/push-notifications" -> {
                    emu.push().define(com.crosswalk.acumatica.emulator.push.PushNotifications.fromJson(body));
                    yield Response.json(200, pushState());
                }
                case "POST /emulator/admin/push-notifications/mode" -> {
                    emu.push().setMode(com.crosswalk.acumatica.emulator.push.PushNotifications.Mode.valueOf(
                            body.path("mode").asText("NORMAL")));
                    yield Response.json(200, pushState());
                }
                case "POST /emulator/admin/push-notifications/resend" -> {
                    emu.push().resendFailed();
                    yield Response.json(200, pushState());
                }
                case "POST /emulator/admin/limits" -> {
                    Limits l = emu.limits();
                    if (body.has("maxSessions")) l.setMaxSessions(body.get("maxSessions").asInt());
                    if (body.has("maxConcurrentRequests")) l.setMaxConcurrentRequests(body.get("maxConcurrentRequests").asInt());
                    if (body.has("maxRequestsPerMinute")) l.setMaxRequestsPerMinute(body.get("maxRequestsPerMinute").asInt());
                    if (body.has("maxQueueLength")) l.setMaxQueueLength(body.get("maxQueueLength").asInt());
                    if (body.has("maxQueueWaitMs")) l.setMaxQueueWait(Duration.ofMillis(body.get("maxQueueWaitMs").asLong()));
                    yield Response.json(200, state());
                }
                case "POST /emulator/admin/faults" -> {
                    if (body.has("latencyMs")) emu.faults().setLatencyMs(body.get("latencyMs").asLong());
                    if (body.has("hangMs")) emu.faults().setHangMs(body.get("hangMs").asLong());
                    if (body.has("seed")) emu.faults().reseed(body.get("seed").asLong());
                    for (JsonNode r : body.path("rules")) emu.faults().add(rule(r));
                    yield Response.json(200, state());
                }
                case "DELETE /emulator/admin/faults" -> {
                    emu.faults().clear();
                    yield Response.json(200, state());
                }
                case "POST /emulator/admin/down" -> {
                    emu.faults().setDown(body.path("down").asBoolean(true));
                    yield Response.json(200, state());
                }
                case "POST /emulator/admin/sessions/expire" -> {
                    emu.faults().expireAllSessions();
                    yield Response.json(200, state());
                }
                case "POST /emulator/admin/reset" -> {
                    emu.reset(body.path("demo").asBoolean(emu.config().demo()));
                    yield Response.json(200, state());
                }
                default -> Response.json(404, JsonCodec.httpError("Unknown admin request " + m + " " + path, null, null));
            });
        } catch (IllegalArgumentException e) {
            Http.send(ex, Response.json(400, JsonCodec.httpError(e.getMessage(), null, null)));
        }
    }

    static FaultRule rule(JsonNode r) {
        FaultRule.Builder b = FaultRule.builder()
                .method(text(r, "method")).entity(text(r, "entity")).action(text(r, "action"))
                .probability(r.path("probability").asDouble(1.0)).count(r.path("count").asInt(0));
        if (text(r, "kind") != null) b.kind(FaultKind.valueOf(text(r, "kind")));
        if (text(r, "phase") != null) b.phase(FaultPhase.valueOf(text(r, "phase")));
        return b.build();
    }

    private static String text(JsonNode n, String f) {
        JsonNode v = n.get(f);
        return v == null || v.isNull() ? null : v.asText();
    }

    private ObjectNode state() {
        ObjectNode o = JsonCodec.F.objectNode();
        ObjectNode l = o.putObject("limits");
        l.put("maxSessions", emu.limits().maxSessions());
        l.put("maxConcurrentRequests", emu.limits().maxConcurrentRequests());
        l.put("maxRequestsPerMinute", emu.limits().maxRequestsPerMinute());
        l.put("maxQueueLength", emu.limits().maxQueueLength());
        l.put("maxQueueWaitMs", emu.limits().maxQueueWait().toMillis());
        ObjectNode f = o.putObject("faults");
        f.put("down", emu.faults().isDown());
        f.put("latencyMs", emu.faults().latencyMs());
        f.put("hangMs", emu.faults().hangMs());
        f.set("rules", JsonCodec.MAPPER.valueToTree(emu.faults().rules()));
        o.set("stats", stats());
        return o;
    }

    private ObjectNode stats() {
        ObjectNode s = JsonCodec.F.objectNode();
        s.set("requests", JsonCodec.MAPPER.valueToTree(emu.stats().requests()));
        s.put("activeSessions", emu.stats().activeSessions());
        s.put("maxConcurrentSessions", emu.stats().maxConcurrentSessions());
        s.put("maxConcurrentRequests", emu.stats().maxConcurrentRequests());
        s.put("logins", emu.stats().logins());
        s.put("logouts", emu.stats().logouts());
        s.put("tooManyRequests", emu.stats().tooManyRequests());
        s.put("faultsInjected", emu.stats().faultsInjected());
        s.put("contractViolations", emu.contractViolations().size());
        return s;
    }

    private com.fasterxml.jackson.databind.node.ObjectNode pushState() {
        com.fasterxml.jackson.databind.node.ObjectNode o = JsonCodec.F.objectNode();
        o.set("definitions", emu.push().toJson());
        o.put("sent", emu.push().sent());
        o.set("failed", JsonCodec.MAPPER.valueToTree(emu.push().failed()));
        return o;
    }
}
