package com.crosswalk.shared;

/** Another company's record, or one that does not exist: never tells which. */
public class NotFoundException extends CrosswalkException {

    public NotFoundException(String message) {
        super(message);
    }

    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int httpStatus() {
        return 404;
    }
}
