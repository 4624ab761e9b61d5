package com.crosswalk.commitments;

import com.crosswalk.shared.BadRequestException;
import java.math.BigDecimal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Turns cost code / cost type codes ("03-300", "S") into the company's ids, and checks money figures. */
@Component
class CostReferences {

    static final BigDecimal MAX_AMOUNT = new BigDecimal("9999999999999.99");
    static final BigDecimal MAX_QUANTITY = new BigDecimal("99999999999.9999");

    private final JdbcClient jdbc;

    CostReferences(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Long costCodeId(long companyId, String code, String field) {
        if (code == null) {
            return null;
        }
        return jdbc.sql("select id from cost_code where company_id = :c and code = :code").param("c", companyId)
                .param("code", code.trim()).query(Long.class).optional()
                .orElseThrow(() -> new BadRequestException(field + ": the cost code '" + clip(code) + "' does not exist"));
    }

    Long costTypeId(long companyId, String code, String field) {
        if (code == null) {
            return null;
        }
        return jdbc.sql("select id from cost_type where company_id = :c and code = :code").param("c", companyId)
                .param("code", code.trim()).query(Long.class).optional()
                .orElseThrow(() -> new BadRequestException(field + ": the cost type '" + clip(code) + "' does not exist"));
    }

    static void checkAmount(BigDecimal value, String field) {
        if (value == null) {
            return;
        }
        if (value.abs().compareTo(MAX_AMOUNT) > 0) {
            throw new BadRequestException(field + " must be between -9,999,999,999,999.99 and 9,999,999,999,999.99");
        }
        if (value.stripTrailingZeros().scale() > 2) {
            throw new BadRequestException(field + " may have at most 2 decimals");
        }
    }

    static void checkQuantity(BigDecimal value, String field) {
        if (value == null) {
            return;
        }
        if (value.abs().compareTo(MAX_QUANTITY) > 0) {
            throw new BadRequestException(field + " must be between -99,999,999,999.9999 and 99,999,999,999.9999");
        }
        if (value.stripTrailingZeros().scale() > 4) {
            throw new BadRequestException(field + " may have at most 4 decimals");
        }
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
