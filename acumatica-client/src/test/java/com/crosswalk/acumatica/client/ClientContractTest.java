package com.crosswalk.acumatica.client;

import com.crosswalk.acumatica.client.model.ChangeOrder;
import com.crosswalk.acumatica.client.model.ChangeOrderClass;
import com.crosswalk.acumatica.client.model.ChangeOrderCommitmentLine;
import com.crosswalk.acumatica.client.model.CostCode;
import com.crosswalk.acumatica.client.model.Project;
import com.crosswalk.acumatica.client.model.ProjectBudget;
import com.crosswalk.acumatica.client.model.ProjectTask;
import com.crosswalk.acumatica.client.model.ProjectTransaction;
import com.crosswalk.acumatica.client.model.ProjectTransactionLine;
import com.crosswalk.acumatica.client.model.PurchaseOrder;
import com.crosswalk.acumatica.client.model.PurchaseOrderLine;
import com.crosswalk.acumatica.client.model.Subcontract;
import com.crosswalk.acumatica.client.model.SubcontractLine;
import com.crosswalk.acumatica.client.model.Vendor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client-side contract check: every field the mappers can send (all record fields set) exists in the
 * Default 24.200.001 and 23.200.001 schemas of its entity with a matching wrapper type (StringValue ↔ text, DecimalValue ↔ number,
 * ...). The swagger comes from the emulator jar's resources.
 */
class ClientContractTest {

    private JsonNode schemas;

    /** The schemas of contract Default/{version} (OpenAPI 3 for 24.200.001, Swagger 2.0 for 23.200.001). */
    private static JsonNode schemasOf(String version) throws Exception {
        try (InputStream in = ClientContractTest.class.getResourceAsStream("/acumatica/Default_" + version + ".swagger.json")) {
            assertThat(in).as("swagger on the test classpath (acumatica-emulator resources)").isNotNull();
            JsonNode root = Json.MAPPER.readTree(in);
            return root.has("openapi") ? root.path("components").path("schemas") : root.path("definitions");
        }
    }

    static final UUID ID = UUID.randomUUID();
    static final BigDecimal N = new BigDecimal("1.5");
    static final LocalDate D = LocalDate.of(2025, 1, 2);

    @ParameterizedTest(name = "Default/{0}")
    @ValueSource(strings = {"23.200.001", "24.200.001"})
    void everyMappedFieldExistsWithTheRightType(String version) throws Exception {
        schemas = schemasOf(version);
        assertThat(schemas.has("ChangeOrder")).isTrue();
        List<String> violations = new ArrayList<>();
        check("ChangeOrder", Mappers.CHANGE_ORDER.toJson(new ChangeOrder(ID, "R", "P", "C", D, "d", "X", "S", true,
                "N", "O", N, List.of(new ChangeOrderCommitmentLine(ID, "01", "CC", "V", "Subcontract", "SC", 1,
                "Update", "INV", "EA", N, N, N, "d", "ACC")))), "", violations);
        check("Vendor", Mappers.VENDOR.toJson(new Vendor(ID, "V", "n", "l", "Active", "c", "t", "USD")), "", violations);
        check("Project", Mappers.PROJECT.toJson(new Project(ID, "P", "d", "C", "Active", false, "x", "T")), "",
                violations);
        check("ProjectTask", Mappers.PROJECT_TASK.toJson(new ProjectTask(ID, "P", "01", "d", "Active", true, "x")),
                "", violations);
        check("CostCode", Mappers.COST_CODE.toJson(new CostCode(ID, "01-100", "d")), "", violations);
        check("ChangeOrderClass", Mappers.CHANGE_ORDER_CLASS.toJson(new ChangeOrderClass(ID, "C", "d", true, true,
                false, false)), "", violations);
        check("Subcontract", Mappers.SUBCONTRACT.toJson(new Subcontract(ID, "SC", "Open", D, D, "d", "V", "MAIN",
                "USD", "r", N, N, List.of(new SubcontractLine(ID, 1, "P", "01", "CC", "INV", "d", N, "EA", N, N, N)), true, N)),
                "", violations);
        check("PurchaseOrder", Mappers.PURCHASE_ORDER.toJson(new PurchaseOrder(ID, "Normal", "PO", "Open", false, D,
                "d", "V", "P", "USD", "r", N, N, List.of(new PurchaseOrderLine(ID, 1, "Goods for Project", "INV", "d",
                "P", "01", "CC", N, "EA", N, N)))), "", violations);
        check("ProjectBudget", Mappers.PROJECT_BUDGET.toJson(new ProjectBudget(ID, "P", "01", "SUBCON", "N/A", "CC", "d", "Expense",
                N, N, N, N, N, N, N, N, N, N, N, N)), "", violations);
        check("ProjectTransaction", Mappers.PROJECT_TRANSACTION.toJson(new ProjectTransaction(ID, "PM", "PM000001", "Released", "d",
                "Bill", "000101", N, List.of(new ProjectTransactionLine(ID, 1L, "P", "01", "SUBCON", "CC", D, "d", "V", N, N, true)))),
                "", violations);
        for (String read : ProjectBudget.FIELDS) {
            if (!properties("ProjectBudget").containsKey(read)) violations.add("ProjectBudget has no " + read);
        }
        assertThat(violations).isEmpty();
    }

    private void check(String schemaName, ObjectNode body, String path, List<String> out) {
        Map<String, JsonNode> props = properties(schemaName);
        Iterator<Map.Entry<String, JsonNode>> it = body.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            String p = path + schemaName + "." + f.getKey();
            JsonNode prop = props.get(f.getKey());
            if (prop == null) {
                out.add(p + ": not in schema");
                continue;
            }
            JsonNode v = f.getValue();
            if (v.isArray()) {
                String item = ref(prop.path("items"));
                if (item == null) { out.add(p + ": not an array"); continue; }
                for (JsonNode line : v) check(item, (ObjectNode) line, p + "[]/", out);
            } else if (v.isObject()) {
                String wrapper = ref(prop);
                JsonNode value = v.get("value");
                boolean ok = switch (wrapper == null ? "" : wrapper) {
                    case "StringValue" -> value.isTextual();
                    case "DecimalValue", "DoubleValue" -> value.isNumber();
                    case "BooleanValue" -> value.isBoolean();
                    case "IntValue", "ShortValue", "LongValue", "ByteValue" -> value.isIntegralNumber();
                    case "DateTimeValue" -> value.isTextual() && value.asText().matches("\\d{4}-\\d\\d-\\d\\d.*");
                    default -> false;
                };
                if (!ok) out.add(p + ": " + value + " does not fit " + wrapper);
            } else if (!f.getKey().equals("id")) {
                out.add(p + ": unexpected plain value");
            }
        }
    }

    private Map<String, JsonNode> properties(String schemaName) {
        Map<String, JsonNode> out = new java.util.HashMap<>();
        collect(schemas.path(schemaName), out);
        return out;
    }

    private void collect(JsonNode schema, Map<String, JsonNode> out) {
        String r = ref(schema);
        if (r != null) { collect(schemas.path(r), out); return; }
        schema.path("properties").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        for (JsonNode part : schema.path("allOf")) collect(part, out);
    }

    private static String ref(JsonNode n) {
        String r = n.path("$ref").asText(null);
        return r == null ? null : r.substring(r.lastIndexOf('/') + 1);
    }
}
