package com.crosswalk.acumatica.client.model;

import java.util.UUID;

/** A project (PM301000, entity {@code Project}); key {@code projectId}. Nullable fields. */
public record Project(UUID id, String projectId, String description, String customer, String status, Boolean hold,
                      String externalRefNbr, String projectTemplateId) {

    /** A project to insert. */
    public static Project of(String projectId, String description, String customer) {
        return new Project(null, projectId, description, customer, null, null, null, null);
    }
}
