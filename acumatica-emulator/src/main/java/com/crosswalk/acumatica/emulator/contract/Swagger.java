package com.crosswalk.acumatica.emulator.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One published contract of the Default endpoint, loaded once from the classpath, with $ref and allOf resolution.
 * Two formats: 24.200.001 is OpenAPI 3.0.1 (schemas under {@code components/schemas}, action bodies in
 * {@code requestBody}), 23.200.001 is Swagger 2.0 (schemas under {@code definitions}, action bodies as the
 * {@code in: body} parameter) — both as Acumatica publishes them (AcumaticaRESTAPIClientForCSharp/EndpointDefinitions).
 */
public final class Swagger {
    public static final String ENDPOINT_NAME = "Default";
    /** The contract the project targets; the store's record shapes come from it. */
    public static final String DEFAULT_VERSION = "24.200.001";
    /** Every version the emulator serves, oldest first. */
    public static final List<String> VERSIONS = List.of("23.200.001", "24.200.001");
    public static final String RESOURCE = "/acumatica/Default_24.200.001.swagger.json";
    private static final Map<String, Swagger> LOADED = new ConcurrentHashMap<>();

    private final String version;
    private final JsonNode root;
    private final JsonNode schemas;
    private final boolean openApi3;
    private final Map<String, Map<String, JsonNode>> propertyCache = new ConcurrentHashMap<>();

    private Swagger(String version, JsonNode root) {
        this.version = version;
        this.root = root;
        this.openApi3 = root.has("openapi");
        this.schemas = openApi3 ? root.path("components").path("schemas") : root.path("definitions");
    }

    /** The 24.200.001 contract. */
    public static Swagger get() {
        return of(DEFAULT_VERSION);
    }

    /** The contract of one endpoint version; IllegalArgumentException for a version the emulator does not serve. */
    public static Swagger of(String version) {
        if (!VERSIONS.contains(version)) throw new IllegalArgumentException("No contract Default/" + version);
        return LOADED.computeIfAbsent(version, Swagger::load);
    }

    private static Swagger load(String version) {
        String resource = "/acumatica/Default_" + version + ".swagger.json";
        try (InputStream in = Swagger.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("Missing classpath resource " + resource);
            return new Swagger(version, new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String version() { return version; }

    /** OpenAPI 3 (24.200.001) rather than Swagger 2.0 (23.200.001). */
    public boolean openApi3() { return openApi3; }

    public JsonNode root() { return root; }

    public boolean hasSchema(String name) { return schemas.has(name); }

    public JsonNode schema(String name) {
        JsonNode n = schemas.get(name);
        if (n == null) throw new IllegalArgumentException("No schema " + name + " in Default/" + version);
        return n;
    }

    /** Whether the contract declares {@code /<path>} (e.g. {@code /ChangeOrder/ReleaseChangeOrder}). */
    public boolean hasPath(String path) {
        return root.path("paths").has(path);
    }

    /**
     * The schema of the request body of {@code POST /<entity>/<action>} when the contract declares that action
     * (e.g. {@code ReleaseChangeOrder}), else null. Custom actions go through {@code /<entity>/{actionName}} with the
     * {@code <entity>CustomAction} schema instead.
     */
    public String actionSchema(String entity, String action) {
        JsonNode post = root.path("paths").path("/" + entity + "/" + action).path("post");
        if (post.isMissingNode()) return null;
        JsonNode s;
        if (openApi3) {
            s = post.path("requestBody").path("content").path("application/json").path("schema");
        } else {
            s = null;
            for (JsonNode p : post.path("parameters")) {
                if ("body".equals(p.path("in").asText())) s = p.path("schema");
            }
        }
        return s != null && s.has("$ref") ? refName(s.get("$ref").asText()) : null;
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
