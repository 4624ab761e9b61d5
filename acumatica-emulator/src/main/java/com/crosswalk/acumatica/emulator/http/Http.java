package com.crosswalk.acumatica.emulator.http;

import com.crosswalk.acumatica.emulator.store.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers over com.sun.net.httpserver. */
public final class Http {
    private Http() {
    }

    /** A response computed but not yet sent (so faults and contract checks can intervene). */
    public static final class Response {
        public final int status;
        public final JsonNode json;
        public final byte[] raw;
        public final String contentType;
        public final List<String[]> headers = new ArrayList<>();

        private Response(int status, JsonNode json, byte[] raw, String contentType) {
            this.status = status;
            this.json = json;
            this.raw = raw;
            this.contentType = contentType;
        }

        public static Response json(int status, JsonNode body) {
            return new Response(status, body, null, "application/json; charset=utf-8");
        }

        public static Response empty(int status) {
            return new Response(status, null, null, null);
        }

        public static Response text(int status, String contentType, String body) {
            return new Response(status, null, body.getBytes(StandardCharsets.UTF_8), contentType);
        }

        public Response header(String name, String value) {
            headers.add(new String[] {name, value});
            return this;
        }
    }

    public static void send(HttpExchange ex, Response r) throws IOException {
        for (String[] h : r.headers) ex.getResponseHeaders().add(h[0], h[1]);
        byte[] body = r.raw;
        if (r.json != null) body = JsonCodec.MAPPER.writeValueAsBytes(r.json);
        if (r.contentType != null) ex.getResponseHeaders().set("Content-Type", r.contentType);
        if (!ex.getResponseHeaders().containsKey("Cache-Control")) ex.getResponseHeaders().set("Cache-Control", "no-cache");
        boolean head = "HEAD".equals(ex.getRequestMethod());
        if (body == null || body.length == 0 || r.status == 204 || head) {
            ex.sendResponseHeaders(r.status, -1);
        } else {
            ex.sendResponseHeaders(r.status, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
        ex.close();
    }

    public static byte[] readBody(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    public static Map<String, String> query(HttpExchange ex) {
        return parseForm(ex.getRequestURI().getRawQuery());
    }

    public static Map<String, String> parseForm(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String part : raw.split("&")) {
            if (part.isEmpty()) continue;
            int eq = part.indexOf('=');
            String k = eq < 0 ? part : part.substring(0, eq);
            String v = eq < 0 ? "" : part.substring(eq + 1);
            out.put(decode(k), decode(v));
        }
        return out;
    }

    /** Percent-decodes; a malformed escape is kept as sent (bad input must never become a 500). */
    public static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    public static Map<String, String> cookies(HttpExchange ex) {
        Map<String, String> out = new HashMap<>();
        List<String> hs = ex.getRequestHeaders().get("Cookie");
        if (hs == null) return out;
        for (String h : hs) {
            for (String c : h.split(";")) {
                int eq = c.indexOf('=');
                if (eq > 0) out.put(c.substring(0, eq).trim(), c.substring(eq + 1).trim());
            }
        }
        return out;
    }

    public static String escapeHtml(Object o) {
        if (o == null) return "";
        String s = o.toString();
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
