package com.crosswalk.acumatica.client.model;

import java.util.UUID;

/** A project task (PM302000, entity {@code ProjectTask}); keys {@code projectId}, {@code projectTaskId}. Nullable fields. */
public record ProjectTask(UUID id, String projectId, String projectTaskId, String description, String status,
                          Boolean isDefault, String externalRefNbr) {

    public static ProjectTask of(String projectId, String projectTaskId, String description) {
        return new ProjectTask(null, projectId, projectTaskId, description, null, null, null);
    }
}
