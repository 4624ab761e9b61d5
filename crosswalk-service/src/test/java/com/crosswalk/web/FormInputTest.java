package com.crosswalk.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Amounts as people type them: a comma only between groups of three digits. */
class FormInputTest {

    @Test
    void amounts() {
        assertThat(FormInput.amount("1,500.25")).contains(new BigDecimal("1500.25"));
        assertThat(FormInput.amount(" -12 ")).contains(new BigDecimal("-12"));
        assertThat(FormInput.amount("1,234,567")).contains(new BigDecimal("1234567"));
        assertThat(FormInput.amount("0.5")).contains(new BigDecimal("0.5"));
        for (String bad : new String[] {"1,5", "1,50", "15,00.00", ",500", "1.500,25", "1e3", "abc", "", "12.", ".5",
                "0x1F", "1 500", "--1", "١٢"}) {
            assertThat(FormInput.amount(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void ids() {
        assertThat(FormInput.id("12")).contains(12L);
        for (String bad : new String[] {"0", "-1", "012", "0x1", "1e3", "99999999999999999999", "abc", ""}) {
            assertThat(FormInput.id(bad)).as(bad).isEmpty();
        }
    }
}
