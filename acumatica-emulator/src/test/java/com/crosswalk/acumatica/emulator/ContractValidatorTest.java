package com.crosswalk.acumatica.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.acumatica.emulator.contract.ContractValidator;
import com.crosswalk.acumatica.emulator.contract.Swagger;
import com.crosswalk.acumatica.emulator.store.EntityDef;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContractValidatorTest {
    private final ContractValidator v = new ContractValidator();
    private final ObjectMapper m = new ObjectMapper();

    @Test
    void acceptsAValidChangeOrder() throws Exception {
        assertThat(v.validate("ChangeOrder", m.readTree(Api.newCo("X-1", 1, "100.5")))).isEmpty();
        assertThat(v.validate("ChangeOrder", m.readTree("{\"id\":\"6f9619ff-8b86-d011-b42d-00c04fc964ff\",\"rowNumber\":1,\"note\":{},"
                + "\"ChangeDate\":{\"value\":\"2025-01-01T00:00:00+02:00\"},\"custom\":{\"Document\":{\"UsrX\":{\"type\":\"CustomStringField\",\"value\":\"a\"}}},"
                + "\"_links\":{\"self\":\"/x\"}}"))).isEmpty();
    }

    @Test
    void reportsViolations() throws Exception {
        assertThat(v.validate("ChangeOrder", m.readTree("{\"RefNbr\":\"000001\"}")))
                .singleElement().asString().contains("$.RefNbr").contains("expected object");
        assertThat(v.validate("ChangeOrder", m.readTree("{\"ReferenceNbr\":{\"value\":\"x\"}}")))
                .singleElement().asString().contains("property not in the contract");
        assertThat(v.validate("ChangeOrder", m.readTree("{\"Hold\":{\"value\":\"yes\"}}")))
                .singleElement().asString().contains("$.Hold.value").contains("expected boolean");
        assertThat(v.validate("ChangeOrder", m.readTree("{\"CommitmentsChangeTotal\":{\"value\":\"12\"}}"))).hasSize(1);
        assertThat(v.validate("ChangeOrder", m.readTree("{\"Commitments\":{\"Amount\":{\"value\":1}}}")))
                .singleElement().asString().contains("expected array");
        assertThat(v.validate("ChangeOrder", m.readTree("{\"Commitments\":[{\"POLineNbr\":{\"value\":1.5}}]}")))
                .singleElement().asString().contains("$.Commitments[0].POLineNbr.value");
        assertThat(v.validate("ChangeOrder", m.readTree("{\"id\":\"not-a-guid\",\"ChangeDate\":{\"value\":\"yesterday\"}}"))).hasSize(2);
        assertThat(v.validate("ReleaseChangeOrder", m.readTree("{}"))).singleElement().asString().contains("required property 'entity'");
        assertThat(v.validate("HttpError", m.readTree("{\"message\":5}"))).hasSize(1);
        assertThat(v.validateArray("ChangeOrder", m.readTree("[{\"Status\":{\"value\":1}}]"))).hasSize(1);
    }

    /**
     * The store keeps records in the 24.200.001 shape and serves them through 23.200.001 too: for the eight entities
     * (and every detail and linked entity they reach) the two contracts declare the same fields with the same types,
     * but for one field of the linked Contact.
     */
    @Test
    void bothVersionsDeclareTheSameFieldsForTheEmulatedEntities() {
        Swagger v24 = Swagger.of("24.200.001");
        Swagger v23 = Swagger.of("23.200.001");
        assertThat(v23.openApi3()).isFalse();
        assertThat(v24.openApi3()).isTrue();
        Deque<String> todo = new ArrayDeque<>();
        for (EntityDef d : EntityDef.ALL) todo.add(d.name());
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String schema = todo.pop();
            if (!seen.add(schema)) continue;
            Map<String, JsonNode> a = v24.properties(schema);
            Map<String, JsonNode> b = v23.properties(schema);
            Set<String> only24 = new HashSet<>(a.keySet());
            only24.removeAll(b.keySet());
            // the differences: 24.200.001 added Contact.ExtRefNbr (a linked entity, kept as sent) and the landed-cost
            // link of a bill line (BillDetail LCType/LCNbr/LCLineNbr; landed costs are not emulated)
            assertThat(only24).as(schema).isEqualTo(schema.equals("Contact") ? Set.of("ExtRefNbr")
                    : schema.equals("BillDetail") ? Set.of("LCType", "LCNbr", "LCLineNbr") : Set.of());
            assertThat(a.keySet()).as(schema).containsAll(b.keySet());
            for (String f : b.keySet()) {
                assertThat(Swagger.refOf(b.get(f))).as(schema + "." + f).isEqualTo(Swagger.refOf(a.get(f)));
                assertThat(b.get(f).path("type").asText()).as(schema + "." + f).isEqualTo(a.get(f).path("type").asText());
                String ref = Swagger.refOf(a.get(f));
                if (ref != null && !ref.endsWith("Value") && !ref.equals("FileLink") && !ref.equals("CustomField")) todo.add(ref);
            }
        }
        assertThat(seen).contains("ChangeOrderCommitment", "SubcontractDetail", "Contact");
        // actions the client calls exist in both, with the same body schema
        for (String action : new String[] {"RemoveChangeOrderFromHold", "HoldChangeOrder", "ReleaseChangeOrder", "ReverseChangeOrder"}) {
            assertThat(v23.actionSchema("ChangeOrder", action)).isEqualTo(v24.actionSchema("ChangeOrder", action)).isEqualTo(action);
        }
        assertThat(v23.hasSchema("ChangeOrderCustomAction")).isTrue();
    }

    @Test
    void acceptsTheNullsAcumaticaSendsAndWorkflowActions() throws Exception {
        assertThat(v.validate("ChangeOrder", m.readTree("{\"note\":{\"value\":\"\"},\"Commitments\":[{\"note\":null}],"
                + "\"custom\":{\"Document\":{\"ReversingRefNbr\":{\"type\":\"CustomStringField\",\"value\":null}}},"
                + "\"_workflowActions\":[{\"coCancel\":{}}]}"))).isEmpty();
        assertThat(v.validate("ChangeOrder", m.readTree("{\"Description\":{\"value\":null}}"))).hasSize(1);
    }
}
