package com.crosswalk.shared;

/** The user lacks a permission; the message names each one missing. */
public class ForbiddenException extends CrosswalkException {

    public ForbiddenException(String message) {
        super(message);
    }

    public ForbiddenException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int httpStatus() {
        return 403;
    }
}
