package com.crosswalk.erp.push;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A push notification as Acumatica sends it (Integration Development Guide, "Push Notifications: Format"): the rows new
 * in the monitored query's results, the rows gone from them (an updated row is in both), the query's name, the
 * tenant, the data transaction's {@code Id} (to drop duplicates) and {@code TimeStamp} (to order them). Its names are
 * Acumatica's, not the API's snake_case; fields Acumatica may add later are ignored. Crosswalk never trusts the rows'
 * content: it only takes the keys they name and re-reads those records from the ERP.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@Schema(name = "AcumaticaPushNotification", description = "Acumatica's push notification (SM302000, Webhook destination)")
public record AcumaticaNotification(
        @JsonProperty("Inserted") @Schema(description = "rows new in the query's results") List<JsonNode> inserted,
        @JsonProperty("Deleted") @Schema(description = "rows gone from the query's results") List<JsonNode> deleted,
        @JsonProperty("Query") String query,
        @JsonProperty("CompanyId") @Schema(description = "the Acumatica tenant") String companyId,
        @JsonProperty("Id") @Schema(description = "the data transaction's id: a repeated delivery has the same")
        String id,
        @JsonProperty("TimeStamp") Long timeStamp,
        @JsonProperty("AdditionalInfo") JsonNode additionalInfo) {

    List<JsonNode> rows() {
        List<JsonNode> out = new java.util.ArrayList<>();
        if (inserted != null) {
            out.addAll(inserted);
        }
        if (deleted != null) {
            out.addAll(deleted);
        }
        return out;
    }
}
