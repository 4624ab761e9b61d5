package com.crosswalk.shared;

/**
 * An error a person can act on. Its message is shown as is (REST: {"message": ...}; pages: next to what caused it),
 * so it must never carry secrets or internals. Each subclass stands for one HTTP status.
 */
public abstract class CrosswalkException extends RuntimeException {

    protected CrosswalkException(String message) {
        super(message);
    }

    protected CrosswalkException(String message, Throwable cause) {
        super(message, cause);
    }

    public abstract int httpStatus();

    /** The unmet prerequisites behind a refusal, as data (the REST API adds them as {@code problems}); usually none. */
    public java.util.List<String> problems() {
        return java.util.List.of();
    }
}
