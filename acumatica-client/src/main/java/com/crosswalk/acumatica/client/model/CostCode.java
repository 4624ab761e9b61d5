package com.crosswalk.acumatica.client.model;

import java.util.UUID;

/** A cost code (PM209500, entity {@code CostCode}); key {@code costCodeId}. Nullable fields. */
public record CostCode(UUID id, String costCodeId, String description) {

    public static CostCode of(String costCodeId, String description) {
        return new CostCode(null, costCodeId, description);
    }
}
