package com.crosswalk.acumatica.emulator.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A structural validator of JSON bodies against the swagger's component schemas: types of every property,
 * wrapper schemas (StringValue, DecimalValue, ...), arrays of detail entities, formats uuid/date-time/int32,
 * nullable, required, additionalProperties, the CustomField discriminator.
 *
 * <p>Stricter than OpenAPI on one point, on purpose: a property the schema does not declare is a violation
 * (a misspelt field such as {@code ReferenceNbr} on ChangeOrder would be silently ignored by Acumatica).
 * The only exceptions are Acumatica system fields the swagger leaves out: {@code _links} on every entity,
 * {@code delete} (request-only, for detail lines) and {@code _workflowActions} (the {@code $adHocSchema} answer,
 * Integration Development Guide "Retrieve the Schema of Custom Fields and Workflow Actions").
 *
 * <p>Two nulls the contract does not mark nullable are accepted because Acumatica sends them: {@code "note": null}
 * (detail and linked entities in production responses) and {@code "value": null} of a custom field (the
 * {@code $adHocSchema} example of the Integration Development Guide).
 */
public final class ContractValidator {
    private static final Pattern UUID = Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private final Swagger swagger;

    public ContractValidator(Swagger swagger) {
        this.swagger = swagger;
    }

    public ContractValidator() {
        this(Swagger.get());
    }

    /** Validates {@code body} against component schema {@code schemaName}; returns violations (empty = valid). */
    public List<String> validate(String schemaName, JsonNode body) {
        List<String> out = new ArrayList<>();
        if (!swagger.hasSchema(schemaName)) {
            out.add("$: no schema " + schemaName + " in the contract");
            return out;
        }
        validate(swagger.schema(schemaName), body, "$", out, isEntity(schemaName), false);
        return out;
    }

    /** Validates an array of entities (GetList response). */
    public List<String> validateArray(String itemSchema, JsonNode body) {
        List<String> out = new ArrayList<>();
        if (!body.isArray()) {
            out.add("$: expected array of " + itemSchema + " but was " + body.getNodeType());
            return out;
        }
        for (int i = 0; i < body.size(); i++) {
            validate(swagger.schema(itemSchema), body.get(i), "$[" + i + "]", out, true, false);
        }
        return out;
    }

    private boolean isEntity(String schemaName) {
        JsonNode s = swagger.schema(schemaName);
        if (s.has("allOf")) {
            for (JsonNode p : s.get("allOf")) {
                if (p.has("$ref") && Swagger.refName(p.get("$ref").asText()).equals("Entity")) return true;
            }
        }
        return false;
    }

    private void validate(JsonNode schema, JsonNode node, String path, List<String> out, boolean entity) {
        validate(schema, node, path, out, entity, false);
    }

    private void validate(JsonNode schema, JsonNode node, String path, List<String> out, boolean entity,
            boolean customField) {
        String refName = schema.has("$ref") ? Swagger.refName(schema.get("$ref").asText()) : null;
        if (refName != null) {
            entity = isEntity(refName);
            schema = swagger.deref(schema);
        }
        if (node == null || node.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) out.add(path + ": null is not allowed");
            return;
        }
        // discriminator (CustomField): validate against the concrete subtype named by "type"
        if (schema.has("discriminator") && node.isObject() && node.has("type")) {
            String sub = node.get("type").asText();
            if (swagger.hasSchema(sub)) {
                validate(swagger.schema(sub), node, path, out, false, true);
            } else {
                out.add(path + ".type: unknown custom field type '" + sub + "'");
            }
            return;
        }
        String type = schema.path("type").asText(schema.has("allOf") || schema.has("properties") ? "object" : "");
        switch (type) {
            case "object" -> validateObject(schema, node, path, out, entity, customField);
            case "array" -> {
                if (!node.isArray()) {
                    out.add(path + ": expected array but was " + node.getNodeType());
                    return;
                }
                for (int i = 0; i < node.size(); i++) validate(schema.get("items"), node.get(i), path + "[" + i + "]", out, false);
            }
            case "string" -> {
                if (!node.isTextual()) {
                    out.add(path + ": expected string but was " + node.getNodeType());
                    return;
                }
                String f = schema.path("format").asText("");
                if (f.equals("uuid") && !UUID.matcher(node.asText()).matches()) out.add(path + ": not a uuid: '" + node.asText() + "'");
                if (f.equals("date-time") && !isDateTime(node.asText())) out.add(path + ": not a date-time: '" + node.asText() + "'");
            }
            case "number" -> {
                if (!node.isNumber()) out.add(path + ": expected number but was " + node.getNodeType());
            }
            case "integer" -> {
                if (!node.isIntegralNumber()) {
                    out.add(path + ": expected integer but was " + node.getNodeType());
                } else if (schema.path("format").asText("").equals("int32") && !node.canConvertToInt()) {
                    out.add(path + ": out of int32 range");
                } else if (schema.path("format").asText("").equals("int16") && (node.asLong() > Short.MAX_VALUE || node.asLong() < Short.MIN_VALUE)) {
                    out.add(path + ": out of int16 range");
                }
            }
            case "boolean" -> {
                if (!node.isBoolean()) out.add(path + ": expected boolean but was " + node.getNodeType());
            }
            default -> { /* untyped schema: anything goes */ }
        }
    }

    private void validateObject(JsonNode schema, JsonNode node, String path, List<String> out, boolean entity,
            boolean customField) {
        if (!node.isObject()) {
            out.add(path + ": expected object but was " + node.getNodeType()
                    + (node.isValueNode() ? " (Acumatica wraps values as {\"value\": ...})" : ""));
            return;
        }
        Map<String, JsonNode> props = swagger.properties(schema);
        JsonNode additional = additionalProperties(schema);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode ps = props.get(name);
            String p = path + "." + name;
            if (e.getValue().isNull() && (name.equals("note") || customField && name.equals("value"))) {
                continue; // nulls Acumatica sends although the contract does not declare them nullable
            }
            if (ps != null) {
                validate(ps, e.getValue(), p, out, false);
            } else if (additional != null && additional.isObject()) {
                validate(additional, e.getValue(), p, out, false);
            } else if (additional != null && additional.isBoolean() && additional.asBoolean()) {
                // allowed
            } else if (entity && (name.equals("_links") || name.equals("delete") || name.equals("_workflowActions"))) {
                if (name.equals("delete") && !e.getValue().isBoolean()) out.add(p + ": expected boolean");
                if (name.equals("_links") && !e.getValue().isObject()) out.add(p + ": expected object");
                if (name.equals("_workflowActions") && !e.getValue().isArray()) out.add(p + ": expected array");
            } else {
                out.add(p + ": property not in the contract");
            }
        }
        for (JsonNode req : requiredOf(schema)) {
            if (!node.has(req.asText())) out.add(path + ": required property '" + req.asText() + "' is missing");
        }
    }

    private JsonNode additionalProperties(JsonNode schema) {
        if (schema.has("additionalProperties")) return schema.get("additionalProperties");
        if (schema.has("allOf")) {
            for (JsonNode p : schema.get("allOf")) {
                JsonNode a = additionalProperties(swagger.deref(p));
                if (a != null) return a;
            }
        }
        return null;
    }

    private List<JsonNode> requiredOf(JsonNode schema) {
        List<JsonNode> r = new ArrayList<>();
        if (schema.has("required")) schema.get("required").forEach(r::add);
        if (schema.has("allOf")) {
            for (JsonNode p : schema.get("allOf")) r.addAll(requiredOf(swagger.deref(p)));
        }
        return r;
    }

    /** RFC 3339 date-time; Acumatica also accepts a date or a date-time without offset on input. */
    static boolean isDateTime(String s) {
        try {
            OffsetDateTime.parse(s);
            return true;
        } catch (RuntimeException e) {
            // fall through
        }
        try {
            LocalDateTime.parse(s);
            return true;
        } catch (RuntimeException e) {
            // fall through
        }
        try {
            LocalDate.parse(s);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
