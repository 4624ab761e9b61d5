package com.crosswalk.shared;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The REST API's message body: every error ({@code {"message": "..."}}, with the unmet prerequisites of a refusal as
 * {@code problems}) and a few plain outcomes (unlink).
 */
@Schema(name = "Message", description = "What happened, in words a person can act on")
public record ApiMessage(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String message,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "each unmet prerequisite of a refusal")
        List<String> problems) {

    public ApiMessage(String message) {
        this(message, null);
    }
}
