package com.crosswalk.acumatica.client.model;

import java.util.UUID;

/**
 * A change order class (PM203000, entity {@code ChangeOrderClass}); key {@code classId}. A class with only
 * {@code commitments} set is a commitment change order class. Nullable fields.
 */
public record ChangeOrderClass(UUID id, String classId, String description, Boolean active, Boolean commitments,
                               Boolean costBudget, Boolean revenueBudget) {
}
