package com.crosswalk;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A REST client for tests: real HTTP against the random port, signed in with HTTP Basic or a Bearer token. */
public final class TestApi {

    public record Response(int status, String body, JsonNode json) {

        public String message() {
            return json != null && json.has("message") ? json.get("message").asString() : null;
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final int port;
    private final String authorization;

    private TestApi(int port, String authorization) {
        this.port = port;
        this.authorization = authorization;
    }

    public static TestApi as(int port, String login) {
        return new TestApi(port, "Basic " + Base64.getEncoder()
                .encodeToString((login + ":demo").getBytes(StandardCharsets.UTF_8)));
    }

    public static TestApi basic(int port, String login, String password) {
        return new TestApi(port, "Basic " + Base64.getEncoder()
                .encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    public static TestApi bearer(int port, String token) {
        return new TestApi(port, "Bearer " + token);
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response post(String path, String json) {
        return send("POST", path, json);
    }

    public Response patch(String path, String json) {
        return send("PATCH", path, json);
    }

    public Response put(String path) {
        return send("PUT", path, null);
    }

    public Response delete(String path) {
        return send("DELETE", path, null);
    }

    /** GET with another {@code Accept} (e.g. {@code text/csv}). */
    public Response get(String path, String accept) {
        return send("GET", path, null, accept);
    }

    public Response send(String method, String path, String json) {
        return send(method, path, json, "application/json");
    }

    private Response send(String method, String path, String json, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", accept)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode node = null;
            if (r.body() != null && !r.body().isBlank() && (r.body().startsWith("{") || r.body().startsWith("["))) {
                node = JSON.readTree(r.body());
            }
            return new Response(r.statusCode(), r.body(), node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
