package com.crosswalk.acumatica.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Test helper: a real HTTP client with its own cookie jar against one emulator. */
final class Api {
    static final ObjectMapper M = new ObjectMapper();
    final AcumaticaEmulator emu;
    final HttpClient http;
    String bearer;

    Api(AcumaticaEmulator emu) {
        this.emu = emu;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    record Res(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return M.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    Res login() {
        Res r = post("/entity/auth/login", "{\"name\":\"admin\",\"password\":\"demo\",\"tenant\":\"Demo\"}");
        if (r.status != 204) throw new AssertionError("login failed: " + r.status + " " + r.body);
        return r;
    }

    Res logout() { return post("/entity/auth/logout", ""); }

    Res get(String path) { return send("GET", path, null, null); }

    Res put(String path, String json, String... headers) { return send("PUT", path, json, headers); }

    Res post(String path, String json) { return send("POST", path, json, null); }

    Res delete(String path) { return send("DELETE", path, null, null); }

    /** Paths starting with "/" are from the instance root; others are relative to the entity endpoint. */
    Res send(String method, String path, String json, String[] headers) {
        String url = path.startsWith("/") ? emu.baseUrl() + path : emu.entityBaseUrl() + "/" + path;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) b.header("Content-Type", "application/json");
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        if (headers != null) for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Res(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Res form(String path, String form) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(emu.baseUrl() + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            return new Res(r.statusCode(), r.body(), r);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs in to the HTML pages (admin / demo, tenant Demo) through the sign-in form, as a browser does. */
    void signInToPages() {
        Res form = get("/emulator/login");
        if (form.status != 200) throw new AssertionError("sign-in form: " + form.status);
        Res r = form("/emulator/login", "csrf=" + csrfIn(form.body) + "&name=admin&password=demo&tenant=Demo&next=%2Femulator%2Fchange-orders");
        if (r.status != 303) throw new AssertionError("page sign-in failed: " + r.status + " " + r.body);
    }

    /** The CSRF token in a page's forms. */
    static String csrfIn(String html) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"csrf\" value=\"([0-9a-f]+)\"").matcher(html);
        if (!m.find()) throw new AssertionError("no CSRF token in the page");
        return m.group(1);
    }

    /** Posts a form of page {@code path} with the page's own CSRF token. */
    Res pageAction(String path, String form) {
        return form(path, "csrf=" + csrfIn(get(path).body) + "&" + form);
    }

    /** A new change order body for RIVERSIDE updating SC0001 line {@code line} by {@code amount}. */
    static String newCo(String ext, int line, String amount) {
        return "{\"ProjectID\":{\"value\":\"RIVERSIDE\"},\"Class\":{\"value\":\"COMMITMENT\"},\"ExternalRefNbr\":{\"value\":\"" + ext + "\"},"
                + "\"Description\":{\"value\":\"Slab thickening\"},\"Hold\":{\"value\":true},\"Commitments\":[{\"Status\":{\"value\":\"Update\"},"
                + "\"POType\":{\"value\":\"Subcontract\"},\"PONbr\":{\"value\":\"SC0001\"},\"POLineNbr\":{\"value\":" + line + "},"
                + "\"ProjectTaskID\":{\"value\":\"01\"},\"CostCode\":{\"value\":\"03-300\"},\"Amount\":{\"value\":" + amount + "},"
                + "\"Description\":{\"value\":\"Slab thickening at column lines\"}}]}";
    }

    static String coRef(String refNbr) {
        return "{\"entity\":{\"RefNbr\":{\"value\":\"" + refNbr + "\"}},\"parameters\":{}}";
    }
}
