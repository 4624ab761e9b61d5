package com.crosswalk.shared;

import java.time.Duration;

/** The caller has done this too often; try again after {@link #retryAfter()}. Nothing was changed. */
public class TooManyRequestsException extends CrosswalkException {

    private final Duration retryAfter;

    public TooManyRequestsException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public int httpStatus() {
        return 429;
    }

    /** "in 1 minute", "in 12 seconds": when a refused person may try again. */
    public static String in(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        if (seconds < 60) {
            return "in " + seconds + (seconds == 1 ? " second" : " seconds");
        }
        long minutes = (seconds + 59) / 60;
        return "in " + minutes + (minutes == 1 ? " minute" : " minutes");
    }
}
