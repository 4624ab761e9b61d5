package com.crosswalk.acumatica.emulator.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Default/24.200.001 OpenAPI document, loaded once from the classpath, with $ref and allOf resolution. */
public final class Swagger {
    public static final String RESOURCE = "/acumatica/Default_24.200.001.swagger.json";
    private static volatile Swagger instance;

    private final JsonNode root;
    private final JsonNode schemas;
    private final Map<String, Map<String, JsonNode>> propertyCache = new java.util.concurrent.ConcurrentHashMap<>();

    private Swagger(JsonNode root) {
        this.root = root;
        this.schemas = root.path("components").path("schemas");
    }

    public static Swagger get() {
        Swagger s = instance;
        if (s == null) {
            synchronized (Swagger.class) {
                if (instance == null) {
                    try (InputStream in = Swagger.class.getResourceAsStream(RESOURCE)) {
                        if (in == null) throw new IllegalStateException("Missing classpath resource " + RESOURCE);
                        instance = new Swagger(new ObjectMapper().readTree(in));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                s = instance;
            }
        }
        return s;
    }

    public JsonNode root() { return root; }

    public boolean hasSchema(String name) { return schemas.has(name); }

    public JsonNode schema(String name) {
        JsonNode n = schemas.get(name);
        if (n == null) throw new IllegalArgumentException("No schema " + name);
        return n;
    }

    /** Follows a {@code $ref} (if any). */
    public JsonNode deref(JsonNode schema) {
        int guard = 0;
        while (schema != null && schema.has("$ref") && guard++ < 20) {
            schema = schema(refName(schema.get("$ref").asText()));
        }
        return schema;
    }

    public static String refName(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    /** Name of the schema a property refers to ($ref or array items $ref), or null. */
    public static String refOf(JsonNode prop) {
        if (prop.has("$ref")) return refName(prop.get("$ref").asText());
        if (prop.has("items") && prop.get("items").has("$ref")) return refName(prop.get("items").get("$ref").asText());
        return null;
    }

    /** All properties of a schema, merging allOf parts; property schemas are returned unresolved. */
    public Map<String, JsonNode> properties(String schemaName) {
        return propertyCache.computeIfAbsent(schemaName, n -> properties(schema(n)));
    }

    public Map<String, JsonNode> properties(JsonNode schema) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        collect(deref(schema), out);
        return out;
    }

    private void collect(JsonNode schema, Map<String, JsonNode> out) {
        if (schema == null) return;
        if (schema.has("allOf")) {
            for (JsonNode part : schema.get("allOf")) collect(deref(part), out);
        }
        JsonNode props = schema.get("properties");
        if (props != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), e.getValue());
            }
        }
    }
}
