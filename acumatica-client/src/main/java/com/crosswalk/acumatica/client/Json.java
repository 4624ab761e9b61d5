package com.crosswalk.acumatica.client;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Acumatica's {@code {"Field":{"value":...}}} wrapping: write only non-null values, read {@code {}} as null. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private Json() { }

    static ObjectNode object() { return MAPPER.createObjectNode(); }

    static JsonNode parse(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("Acumatica sent a body that is not JSON", e);
        }
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- writing -------------------------------------------------------------------------------------------

    static void put(ObjectNode n, String field, String v) {
        if (v != null) n.putObject(field).put("value", v);
    }

    static void put(ObjectNode n, String field, BigDecimal v) {
        if (v != null) n.putObject(field).put("value", v);
    }

    static void put(ObjectNode n, String field, Boolean v) {
        if (v != null) n.putObject(field).put("value", v);
    }

    static void put(ObjectNode n, String field, Integer v) {
        if (v != null) n.putObject(field).put("value", v);
    }

    /** Dates go out as {@code yyyy-MM-ddT00:00:00} (DateTimeValue without zone: Acumatica keeps the date as is). */
    static void put(ObjectNode n, String field, LocalDate v) {
        if (v != null) n.putObject(field).put("value", v + "T00:00:00");
    }

    static void putId(ObjectNode n, UUID id) {
        if (id != null) n.put("id", id.toString());
    }

    static <T> void putList(ObjectNode n, String field, List<T> items, Function<T, ObjectNode> mapper) {
        if (items == null) return;
        ArrayNode arr = n.putArray(field);
        for (T item : items) arr.add(mapper.apply(item));
    }

    // ---- reading -------------------------------------------------------------------------------------------

    private static JsonNode value(JsonNode n, String field) {
        if (n == null) return null;
        JsonNode f = n.get(field);
        if (f == null || f.isNull()) return null;
        JsonNode v = f.isObject() ? f.get("value") : f; // tolerate unwrapped values
        return v == null || v.isNull() ? null : v;
    }

    static String str(JsonNode n, String field) {
        JsonNode v = value(n, field);
        return v == null ? null : v.asText();
    }

    static BigDecimal dec(JsonNode n, String field) {
        JsonNode v = value(n, field);
        if (v == null) return null;
        if (v.isNumber()) return v.decimalValue();
        String s = v.asText().trim();
        return s.isEmpty() ? null : new BigDecimal(s);
    }

    static Boolean bool(JsonNode n, String field) {
        JsonNode v = value(n, field);
        if (v == null) return null;
        return v.isBoolean() ? v.booleanValue() : Boolean.valueOf(v.asText());
    }

    static Integer integer(JsonNode n, String field) {
        JsonNode v = value(n, field);
        if (v == null) return null;
        return v.isNumber() ? v.intValue() : Integer.valueOf(v.asText().trim());
    }

    /** Reads the date part of a DateTimeValue ({@code 2024-01-15T00:00:00+02:00} → 2024-01-15). */
    static LocalDate date(JsonNode n, String field) {
        String s = str(n, field);
        if (s == null || s.length() < 10) return null;
        return LocalDate.parse(s.substring(0, 10));
    }

    static UUID id(JsonNode n) {
        JsonNode v = n == null ? null : n.get("id");
        if (v == null || v.isNull() || v.asText().isBlank()) return null;
        try {
            return UUID.fromString(v.asText());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static <T> List<T> list(JsonNode n, String field, Function<JsonNode, T> mapper) {
        JsonNode arr = n == null ? null : n.get(field);
        if (arr == null || !arr.isArray()) return null;
        List<T> r = new ArrayList<>();
        for (JsonNode item : arr) r.add(mapper.apply(item));
        return r;
    }
}
