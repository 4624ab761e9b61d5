package com.crosswalk.acumatica.client;

import com.crosswalk.acumatica.client.model.ChangeOrder;
import com.crosswalk.acumatica.client.model.ChangeOrderCommitmentLine;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class MappingTest {

    @Test
    void onlyNonNullFieldsAreSentWrapped() {
        ChangeOrder draft = ChangeOrder.draft("RIVERSIDE", "COMMITMENT", LocalDate.of(2025, 3, 1), "Added rebar",
                "CW-1", List.of(ChangeOrderCommitmentLine.update("01", "03-300", "APEXCON", "Subcontract", "SC0001", 1,
                        new BigDecimal("12500.00"), "rebar")));
        String json = Json.write(Mappers.CHANGE_ORDER.toJson(draft));
        assertThat(json).isEqualTo("{\"ProjectID\":{\"value\":\"RIVERSIDE\"},\"Class\":{\"value\":\"COMMITMENT\"},"
                + "\"ChangeDate\":{\"value\":\"2025-03-01T00:00:00\"},\"Description\":{\"value\":\"Added rebar\"},"
                + "\"ExternalRefNbr\":{\"value\":\"CW-1\"},\"Hold\":{\"value\":true},"
                + "\"Commitments\":[{\"ProjectTaskID\":{\"value\":\"01\"},\"CostCode\":{\"value\":\"03-300\"},"
                + "\"Vendor\":{\"value\":\"APEXCON\"},\"POType\":{\"value\":\"Subcontract\"},"
                + "\"PONbr\":{\"value\":\"SC0001\"},\"POLineNbr\":{\"value\":1},\"Status\":{\"value\":\"Update\"},"
                + "\"Amount\":{\"value\":12500.00},\"Description\":{\"value\":\"rebar\"}}]}");
    }

    @Test
    void emptyObjectsReadAsNullAndDatesKeepTheirDay() {
        UUID id = UUID.randomUUID();
        JsonNode n = Json.parse("{\"id\":\"" + id + "\",\"rowNumber\":1,\"RefNbr\":{\"value\":\"000003\"},"
                + "\"ChangeDate\":{\"value\":\"2025-03-01T00:00:00+02:00\"},\"Description\":{},"
                + "\"Hold\":{\"value\":false},\"Status\":{\"value\":\"Closed\"},\"ReverseStatus\":{\"value\":\"None\"},"
                + "\"CommitmentsChangeTotal\":{\"value\":12500.1234567},\"OriginalCORefNbr\":{},"
                + "\"_links\":{\"self\":\"/x\"},\"custom\":{},"
                + "\"Commitments\":[{\"id\":\"" + id + "\",\"POLineNbr\":{\"value\":2},\"Amount\":{\"value\":\"5.5\"}}]}");
        ChangeOrder co = Mappers.CHANGE_ORDER.fromJson(n);
        assertThat(co.id()).isEqualTo(id);
        assertThat(co.refNbr()).isEqualTo("000003");
        assertThat(co.changeDate()).isEqualTo(LocalDate.of(2025, 3, 1));
        assertThat(co.description()).isNull();
        assertThat(co.originalCoRefNbr()).isNull();
        assertThat(co.hold()).isFalse();
        assertThat(co.isReleased()).isTrue();
        assertThat(co.commitmentsChangeTotal()).isEqualByComparingTo("12500.1234567");
        assertThat(co.commitments()).singleElement().satisfies(l -> {
            assertThat(l.poLineNbr()).isEqualTo(2);
            assertThat(l.amount()).isEqualByComparingTo("5.5");
            assertThat(l.vendor()).isNull();
        });
    }

    @Test
    void detailsAbsentUnlessExpanded() {
        assertThat(Mappers.SUBCONTRACT.fromJson(Json.parse("{\"SubcontractNbr\":{\"value\":\"SC0001\"}}")).details())
                .isNull();
        assertThat(Mappers.PURCHASE_ORDER.fromJson(Json.parse("{\"Details\":[]}")).details()).isEmpty();
    }

    @Test
    void subcontractRetainageIsWrittenAndRead() {
        var sc = com.crosswalk.acumatica.client.model.Subcontract.draft("V", null, "d", List.of())
                .withRetainage(new java.math.BigDecimal("10"));
        var json = Mappers.SUBCONTRACT.toJson(sc);
        assertThat(json.at("/ApplyRetainage/value").asBoolean()).isTrue();
        assertThat(json.at("/RetainagePct/value").decimalValue()).isEqualByComparingTo("10");
        var back = Mappers.SUBCONTRACT.fromJson(json);
        assertThat(back.applyRetainage()).isTrue();
        assertThat(back.retainagePct()).isEqualByComparingTo("10");
        var none = Mappers.SUBCONTRACT.toJson(sc.withRetainage(java.math.BigDecimal.ZERO));
        assertThat(none.at("/ApplyRetainage/value").asBoolean(true)).isFalse();
        assertThat(none.has("RetainagePct")).isFalse();
        assertThat(Mappers.SUBCONTRACT.toJson(com.crosswalk.acumatica.client.model.Subcontract.draft("V", null, "d",
                List.of())).has("ApplyRetainage")).isFalse();
    }

    @Test
    void usablePicksTheMostAdvancedNonReversedChangeOrder() {
        ChangeOrder reversed = co("000001", "Closed", "Reversed");
        ChangeOrder onHold = co("000004", "On Hold", "None");
        ChangeOrder open = co("000005", "Open", "None");
        assertThat(ChangeOrderApi.usable(List.of(reversed, onHold, open))).contains(open);
        assertThat(ChangeOrderApi.usable(List.of(reversed))).isEmpty();
        assertThat(ChangeOrderApi.usable(List.of(co("000006", "Canceled", "None")))).isEmpty();
    }

    private static ChangeOrder co(String ref, String status, String reverse) {
        return new ChangeOrder(null, ref, "P", "C", null, null, "CW-1", status, null, reverse, null, null, null);
    }
}
