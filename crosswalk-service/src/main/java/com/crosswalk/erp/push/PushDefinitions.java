package com.crosswalk.erp.push;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The push notifications a company creates in Acumatica for Crosswalk (Integration → Push Notifications, SM302000,
 * destination type Webhook): each monitors a generic inquiry over the documents we export, with the fields that change
 * when a person edits, reverses, releases or deletes one. The keys in those fields are all Crosswalk reads.
 */
public final class PushDefinitions {

    /**
     * @param entity the Default endpoint's entity the inquiry reads (the demo's emulator monitors it directly)
     */
    @Schema(name = "PushNotificationDefinition")
    public record Definition(String name, String inquiryOver, String entity, List<String> fields, String why) {
    }

    public static final Definition CHANGE_ORDERS = new Definition("Crosswalk change orders",
            "Change Orders (PM308000; the ChangeOrder entity)", "ChangeOrder",
            List.of("RefNbr", "Status", "ReverseStatus", "ExternalRefNbr", "OriginalCORefNbr"),
            "a synced CCO's change order reversed, released or deleted turns the CCO to Gone or Changed within seconds");

    public static final Definition BILLS = new Definition("Crosswalk bills",
            "Bills and Adjustments (AP301000; the Bill entity)", "Bill",
            List.of("Type", "ReferenceNbr", "Status", "Balance", "VendorRef"),
            "a synced invoice's bill reversed or deleted turns the invoice to Gone or Changed, and a payment released "
                    + "or voided (the bill's Balance moves) shows on the invoice within seconds");

    public static final List<Definition> ALL = List.of(CHANGE_ORDERS, BILLS);

    private PushDefinitions() {
    }
}
