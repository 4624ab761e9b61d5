package com.crosswalk.acumatica.client;

import com.crosswalk.acumatica.client.query.Filter;
import com.crosswalk.acumatica.client.query.Query;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryTest {

    @Test
    void selectFilterExpandTopSkipAreEncoded() {
        Query q = Query.select("VendorID", "VendorName")
                .where(Filter.eq("Status", "Active").and(Filter.ne("VendorClass", "EMPLOYEE")))
                .withExpand("MainContact")
                .limit(100)
                .skip(200);
        assertThat(q.toQueryString()).isEqualTo("$select=VendorID%2CVendorName"
                + "&$filter=Status%20eq%20%27Active%27%20and%20VendorClass%20ne%20%27EMPLOYEE%27"
                + "&$expand=MainContact&$skip=200&$top=100");
        assertThat(URI.create("http://x/e?" + q.toQueryString()).getQuery()).contains("Status eq 'Active'");
    }

    @Test
    void quotesAreDoubledAndSpecialCharactersEncoded() {
        Query q = Query.filter(Filter.eq("ExternalRefNbr", "O'Brien & Sons #1+2"));
        assertThat(q.filterExpression().expression()).isEqualTo("ExternalRefNbr eq 'O''Brien & Sons #1+2'");
        String qs = q.toQueryString();
        assertThat(qs).doesNotContain("&S").doesNotContain("#").doesNotContain("+").doesNotContain(" ");
        assertThat(URLDecoder.decode(qs.substring("$filter=".length()), StandardCharsets.UTF_8))
                .isEqualTo("ExternalRefNbr eq 'O''Brien & Sons #1+2'");
    }

    @Test
    void literalsByType() {
        assertThat(Filter.eq("Hold", true).expression()).isEqualTo("Hold eq true");
        assertThat(Filter.gt("Amount", new BigDecimal("12.50")).expression()).isEqualTo("Amount gt 12.50");
        assertThat(Filter.eq("POLineNbr", 3).expression()).isEqualTo("POLineNbr eq 3");
        assertThat(Filter.startsWith("RefNbr", "00").expression()).isEqualTo("startswith(RefNbr,'00')");
        assertThat(Filter.eq("A", "x").or(Filter.eq("B", "y")).expression()).isEqualTo("(A eq 'x' or B eq 'y')");
    }

    @Test
    void fieldNamesAreChecked() {
        assertThatThrownBy(() -> Filter.eq("Status eq 'x' or 1", "y")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyQueryAndPagingStripped() {
        assertThat(Query.all().toQueryString()).isEmpty();
        assertThat(Query.expand("Details").where(Filter.eq("A", "b")).limit(5).withoutPaging().toQueryString())
                .isEqualTo("$expand=Details");
    }

    @Test
    void keyPathEncodesSegments() {
        assertThat(EntityApi.keyPath("Normal", "PO 0001")).isEqualTo("Normal/PO%200001");
        assertThatThrownBy(() -> EntityApi.keyPath("")).isInstanceOf(IllegalArgumentException.class);
    }
}
