package com.crosswalk.acumatica.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.crosswalk.acumatica.emulator.query.Filter;
import com.crosswalk.acumatica.emulator.store.AcumaticaException;
import com.crosswalk.acumatica.emulator.store.EntityType;
import com.crosswalk.acumatica.emulator.store.Rec;
import java.math.BigDecimal;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FilterTest {
    private final EntityType t = EntityType.of("ChangeOrder");

    private Rec co(String ref, String status, String ext, String total, String date) {
        return new Rec(t, UUID.randomUUID()).set("RefNbr", ref).set("Status", status).set("ExternalRefNbr", ext)
                .set("CommitmentsChangeTotal", new BigDecimal(total)).set("ChangeDate", date).set("Hold", false);
    }

    private boolean test(String f, Rec r) {
        return Filter.parse(f, t).test(r);
    }

    @Test
    void operatorsLiteralsAndPrecedence() {
        Rec a = co("000001", "Closed", "CW-1", "12500.00", "2025-03-01T00:00:00.000+00:00");
        assertThat(test("RefNbr eq '000001'", a)).isTrue();
        assertThat(test("status eq 'closed'", a)).isTrue(); // case-insensitive like SQL Server
        assertThat(test("Status ne 'Closed'", a)).isFalse();
        assertThat(test("CommitmentsChangeTotal gt 12000", a)).isTrue();
        assertThat(test("CommitmentsChangeTotal ge 12500.0", a)).isTrue();
        assertThat(test("CommitmentsChangeTotal lt 12500", a)).isFalse();
        assertThat(test("CommitmentsChangeTotal le 12500", a)).isTrue();
        assertThat(test("ChangeDate gt datetimeoffset'2025-02-28T23:00:00+00:00'", a)).isTrue();
        assertThat(test("ChangeDate lt datetimeoffset'2025-03-01T02:00:00+03:00'", a)).isFalse();
        assertThat(test("Status eq 'Open' or Status eq 'Closed' and ExternalRefNbr eq 'CW-1'", a)).isTrue();
        assertThat(test("(Status eq 'Open' or Status eq 'Closed') and ExternalRefNbr eq 'nope'", a)).isFalse();
        assertThat(test("not (Status eq 'Open')", a)).isTrue();
        assertThat(test("Hold eq false", a)).isTrue();
        assertThat(test("OriginalCORefNbr eq null", a)).isTrue();
        assertThat(test("ExternalRefNbr eq 'it''s'", co("2", "Open", "it's", "0", "2025-01-01"))).isTrue();
        assertThat(test("substringof('W-', ExternalRefNbr)", a)).isTrue();
        assertThat(test("startswith(ExternalRefNbr, 'CW')", a)).isTrue();
        assertThat(test("endswith(ExternalRefNbr, '2') eq false", a)).isTrue();
    }

    @Test
    void badFiltersAreRefused() {
        assertThatThrownBy(() -> Filter.parse("Nope eq 1", t)).isInstanceOf(AcumaticaException.class).hasMessageContaining("unknown field");
        assertThatThrownBy(() -> Filter.parse("RefNbr eq", t)).isInstanceOf(AcumaticaException.class);
        assertThatThrownBy(() -> Filter.parse("(RefNbr eq '1'", t)).isInstanceOf(AcumaticaException.class);
        assertThatThrownBy(() -> Filter.parse("RefNbr eq 'x", t)).isInstanceOf(AcumaticaException.class);
        assertThatThrownBy(() -> Filter.parse("Commitments/Amount eq 1", t)).isInstanceOf(AcumaticaException.class);
    }
}
