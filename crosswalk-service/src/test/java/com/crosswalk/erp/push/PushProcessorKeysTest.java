package com.crosswalk.erp.push;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which records a notification makes Crosswalk read again: every one it names, except a change order shown released
 * and not reversed (how our own exports leave them — those notifications cost no ERP request).
 */
class PushProcessorKeysTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static AcumaticaNotification n(String inserted, String deleted) {
        return JSON.readValue("""
                {"Inserted":[%s],"Deleted":[%s],"Query":"q","CompanyId":"Demo","Id":"1","TimeStamp":1}"""
                .formatted(inserted, deleted), AcumaticaNotification.class);
    }

    private static String row(String ref, String status, String reverse, String original) {
        return """
                {"RefNbr":"%s","Status":"%s","ReverseStatus":"%s","ExternalRefNbr":"CW-1-CCO-9-1","OriginalCORefNbr":%s}"""
                .formatted(ref, status, reverse, original == null ? "null" : "\"" + original + "\"");
    }

    @Test
    void ourOwnExportReleasedNeedsNoRead() {
        AcumaticaNotification released = n(row("000042", "Closed", "None", null), row("000042", "Open", "None", null));
        assertThat(PushProcessor.keys(released)).isEmpty();
    }

    @Test
    void aReversalADeletionAndAReversingChangeOrderAreRead() {
        assertThat(PushProcessor.keys(n(row("000042", "Closed", "Reversed", null), row("000042", "Closed", "None", null))))
                .contains("000042");
        assertThat(PushProcessor.keys(n("", row("000042", "Closed", "None", null)))).contains("000042");
        assertThat(PushProcessor.keys(n(row("000043", "Closed", "None", "000042"), row("000043", "Open", "None", "000042"))))
                .contains("000042", "000043");
    }

    @Test
    void onlyKeyFieldsCountAndNothingElseOfTheRow() {
        AcumaticaNotification odd = n("""
                {"RefNbr":"  000050 ","Description":"000051","Amount":12,"PONbr":"SC0001","ReferenceNbr":"B-7"}""", "");
        assertThat(PushProcessor.keys(odd)).containsExactly("000050", "B-7");
    }
}
