package com.crosswalk.acumatica.emulator.store;

import com.crosswalk.acumatica.emulator.contract.Swagger;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The shape of one contract schema (top-level or detail entity), derived from the swagger. */
public final class EntityType {
    /** Kind of a value held in a wrapper schema such as StringValue. */
    public enum ValueKind { STRING, DECIMAL, BOOLEAN, DATETIME, INT, LONG, GUID }

    /** One property: a wrapped value, a detail collection (array of entities) or a linked entity (object). */
    public record Prop(String name, int index, ValueKind kind, String wrapper, boolean detail, boolean linked, String refSchema) {
        public boolean isValue() { return kind != null; }
    }

    private static final Set<String> SYSTEM = Set.of("id", "rowNumber", "note", "custom", "error", "files");
    private static final Map<String, EntityType> CACHE = new ConcurrentHashMap<>();

    private final String schema;
    private final List<Prop> props = new ArrayList<>();
    private final Map<String, Prop> byName = new HashMap<>();
    private final Map<String, Prop> byLowerName = new HashMap<>();

    private EntityType(String schema) {
        this.schema = schema;
        Swagger sw = Swagger.get();
        for (Map.Entry<String, JsonNode> e : sw.properties(schema).entrySet()) {
            String name = e.getKey();
            if (SYSTEM.contains(name)) continue;
            JsonNode p = e.getValue();
            String ref = Swagger.refOf(p);
            Prop prop;
            int idx = props.size();
            if ("array".equals(p.path("type").asText())) {
                prop = new Prop(name, idx, null, null, true, false, ref);
            } else if (ref != null && kindOf(ref) != null) {
                prop = new Prop(name, idx, kindOf(ref), ref, false, false, ref);
            } else if (ref != null) {
                prop = new Prop(name, idx, null, null, false, true, ref);
            } else {
                continue;
            }
            props.add(prop);
            byName.put(name, prop);
            byLowerName.put(name.toLowerCase(Locale.ROOT), prop);
        }
    }

    public static EntityType of(String schema) {
        return CACHE.computeIfAbsent(schema, EntityType::new);
    }

    static ValueKind kindOf(String wrapper) {
        return switch (wrapper) {
            case "StringValue" -> ValueKind.STRING;
            case "DecimalValue", "DoubleValue" -> ValueKind.DECIMAL;
            case "BooleanValue" -> ValueKind.BOOLEAN;
            case "DateTimeValue" -> ValueKind.DATETIME;
            case "IntValue", "ShortValue", "ByteValue" -> ValueKind.INT;
            case "LongValue" -> ValueKind.LONG;
            case "GuidValue" -> ValueKind.GUID;
            default -> null;
        };
    }

    public String schema() { return schema; }
    public List<Prop> props() { return props; }
    public int size() { return props.size(); }

    public Prop prop(String name) { return byName.get(name); }

    /** Case-insensitive lookup, as Acumatica resolves field names in $filter/$select. */
    public Prop propIgnoreCase(String name) { return byLowerName.get(name.toLowerCase(Locale.ROOT)); }

    public int index(String name) {
        Prop p = byName.get(name);
        if (p == null) throw new IllegalArgumentException(schema + " has no field " + name);
        return p.index();
    }
}
