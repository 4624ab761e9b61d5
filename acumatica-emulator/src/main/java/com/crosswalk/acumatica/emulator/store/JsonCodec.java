package com.crosswalk.acumatica.emulator.store;

import com.crosswalk.acumatica.emulator.store.EntityType.Prop;
import com.crosswalk.acumatica.emulator.store.EntityType.ValueKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Converts records to Acumatica's JSON ({"Field":{"value":...}}) and wrapped input values back to Java values. */
public final class JsonCodec {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    public static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final DateTimeFormatter DT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");

    private JsonCodec() {
    }

    /** Field-level errors: record → (field → message); plus an entity-level message per record. */
    public record Errors(Map<Rec, Map<String, String>> fields, Map<Rec, String> entity) {
        public boolean isEmpty() { return fields.isEmpty() && entity.isEmpty(); }
    }

    public static ObjectNode render(Rec r, EntityDef def, Projection p, int rowNumber, Errors errors, String linkBase) {
        ObjectNode o = F.objectNode();
        o.put("id", r.id.toString());
        o.put("rowNumber", rowNumber);
        // an empty note: {"value":""} on a top-level entity, null on a detail line (as Acumatica answers)
        if (def != null) o.putObject("note").put("value", r.note == null ? "" : r.note);
        else if (r.note == null) o.putNull("note");
        else o.putObject("note").put("value", r.note);
        Map<String, String> fe = errors == null ? null : errors.fields().get(r);
        for (Prop prop : r.type.props()) {
            Object val = r.v[prop.index()];
            if (prop.isValue()) {
                if (!p.selects(prop.name())) continue;
                ObjectNode w = wrap(prop.kind(), val);
                if (fe != null && fe.containsKey(prop.name())) w.put("error", fe.get(prop.name()));
                o.set(prop.name(), w);
            } else if (prop.detail()) {
                Projection child = p.expanded(prop.name());
                if (child == null) continue;
                if (child == Projection.ALL && val == null) continue;
                ArrayNode arr = o.putArray(prop.name());
                if (val != null) {
                    int row = 1;
                    for (Object line : (List<?>) val) arr.add(render((Rec) line, null, child, row++, errors, null));
                }
            } else if (prop.linked()) {
                if (val != null && p.expanded(prop.name()) != null) o.set(prop.name(), (JsonNode) val);
            }
        }
        o.putObject("custom");
        if (errors != null && errors.entity().containsKey(r)) o.put("error", errors.entity().get(r));
        if (def != null && linkBase != null) {
            ObjectNode links = o.putObject("_links");
            links.put("self", linkBase + "/" + def.name() + "/" + r.id);
            links.put("files:put", linkBase + "/files/" + def.graph() + "/" + def.view() + "/" + r.id + "/{filename}");
        }
        return o;
    }

    public static ObjectNode wrap(ValueKind kind, Object val) {
        ObjectNode w = F.objectNode();
        if (val == null) return w;
        switch (kind) {
            case DECIMAL -> w.put("value", (BigDecimal) val);
            case BOOLEAN -> w.put("value", (Boolean) val);
            case INT -> w.put("value", ((Number) val).intValue());
            case LONG -> w.put("value", ((Number) val).longValue());
            default -> w.put("value", val.toString());
        }
        return w;
    }

    /** Thrown for a value that cannot be converted to the field's type. */
    public static final class BadValue extends Exception {
        public BadValue(String m) {
            super(m);
        }
    }

    /** The wrapped input {"value": x} → Java value; {@code NO_VALUE} when the wrapper has no "value". */
    public static final Object NO_VALUE = new Object();

    public static Object parse(Prop prop, JsonNode wrapper) throws BadValue {
        if (wrapper == null || !wrapper.isObject()) throw new BadValue("The value must be wrapped as {\"value\": ...}.");
        if (!wrapper.has("value")) return NO_VALUE;
        JsonNode n = wrapper.get("value");
        if (n.isNull()) return null;
        return switch (prop.kind()) {
            case STRING -> n.isValueNode() ? n.asText() : bad(prop, n);
            case GUID -> {
                try {
                    yield UUID.fromString(n.asText()).toString();
                } catch (IllegalArgumentException e) {
                    yield bad(prop, n);
                }
            }
            case DECIMAL -> {
                if (n.isNumber()) yield n.decimalValue();
                try {
                    yield new BigDecimal(n.asText().trim());
                } catch (NumberFormatException e) {
                    yield bad(prop, n);
                }
            }
            case INT, LONG -> {
                if (n.isIntegralNumber()) yield prop.kind() == ValueKind.INT ? (Object) n.intValue() : (Object) n.longValue();
                try {
                    long l = new BigDecimal(n.asText().trim()).longValueExact();
                    yield prop.kind() == ValueKind.INT ? (Object) (int) l : (Object) l;
                } catch (RuntimeException e) {
                    yield bad(prop, n);
                }
            }
            case BOOLEAN -> {
                if (n.isBoolean()) yield n.booleanValue();
                String t = n.asText().trim().toLowerCase();
                if (t.equals("true") || t.equals("false")) yield Boolean.parseBoolean(t);
                yield bad(prop, n);
            }
            case DATETIME -> {
                String t = normalizeDateTime(n.asText());
                if (t == null) yield bad(prop, n);
                yield t;
            }
        };
    }

    private static Object bad(Prop prop, JsonNode n) throws BadValue {
        throw new BadValue("The value '" + n.asText() + "' cannot be converted to the type of the " + prop.name() + " field.");
    }

    public static String normalizeDateTime(String s) {
        try {
            return OffsetDateTime.parse(s).format(DT);
        } catch (RuntimeException e) {
            // next
        }
        try {
            return LocalDateTime.parse(s).atOffset(ZoneOffset.UTC).format(DT);
        } catch (RuntimeException e) {
            // next
        }
        try {
            return LocalDate.parse(s).atStartOfDay().atOffset(ZoneOffset.UTC).format(DT);
        } catch (RuntimeException e) {
            return null;
        }
    }

    public static String now() {
        return OffsetDateTime.now(ZoneOffset.UTC).format(DT);
    }

    public static String today() {
        return LocalDate.now(ZoneOffset.UTC).atStartOfDay().atOffset(ZoneOffset.UTC).format(DT);
    }

    public static ObjectNode httpError(String message, String exceptionMessage, String exceptionType) {
        ObjectNode o = F.objectNode();
        o.put("message", message);
        if (exceptionMessage != null) {
            o.put("exceptionMessage", exceptionMessage);
            o.put("exceptionType", exceptionType);
            o.put("stackTrace", "   at " + exceptionType + "..ctor()\r\n   at PX.Api.ContractBased.EntityService.Process()");
        }
        return o;
    }
}
