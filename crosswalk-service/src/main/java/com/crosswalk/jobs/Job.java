package com.crosswalk.jobs;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.OffsetDateTime;
import java.util.Locale;

/**
 * A background job as people see it: what it does ({@code kind}, e.g. {@code reconcile}), where it stands, how far
 * it got ({@code done} of {@code total}; total is null until known), and, once it has finished, one sentence
 * ({@code summary}) and how many of its records ended refused or in error ({@code errors}).
 */
public record Job(long id, long companyId, String kind, String subject, State state, int done, Integer total,
        Long requestedBy, String requestedByName, OffsetDateTime createdAt, OffsetDateTime startedAt,
        OffsetDateTime finishedAt, String summary, int errors) {

    public enum State {
        QUEUED, RUNNING, FINISHED, FAILED;

        @JsonValue
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        static State of(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    /** Queued or running: a page polls it, and a second start of the same kind finds it. */
    public boolean active() {
        return state == State.QUEUED || state == State.RUNNING;
    }

    /** 0–100 once the total is known, else null. */
    public Integer percent() {
        if (total == null) {
            return null;
        }
        return total == 0 ? 100 : (int) Math.min(100, Math.floor(100.0 * done / total));
    }
}
