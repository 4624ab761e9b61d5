package com.crosswalk.shared;

/** The record's state forbids the change (locked by a link, wrong status, already unlinked...). */
public class ConflictException extends CrosswalkException {

    public ConflictException(String message) {
        super(message);
    }

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int httpStatus() {
        return 409;
    }
}
