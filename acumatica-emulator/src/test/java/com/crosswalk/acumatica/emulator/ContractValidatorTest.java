package com.crosswalk.acumatica.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.acumatica.emulator.contract.ContractValidator;
import com.fasterxml.jackson.databind.ObjectMapper;
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
}
