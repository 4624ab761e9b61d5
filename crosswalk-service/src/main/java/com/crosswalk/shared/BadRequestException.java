package com.crosswalk.shared;

/** The request itself is wrong (malformed, out of range, unknown field). */
public class BadRequestException extends CrosswalkException {

    public BadRequestException(String message) {
        super(message);
    }

    public BadRequestException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int httpStatus() {
        return 400;
    }
}
