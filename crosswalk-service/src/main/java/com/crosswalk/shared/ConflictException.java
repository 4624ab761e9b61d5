package com.crosswalk.shared;

/** The record's state forbids the change (locked by a link, wrong status, already unlinked...). */
public class ConflictException extends CrosswalkException {

    public ConflictException(String message) {
        super(message);
    }

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }

    private java.util.List<String> problems = java.util.List.of();

    /** A refusal with the list of what is missing (e.g. Send to ERP's unmet prerequisites). */
    public static ConflictException withProblems(String message, java.util.List<String> problems) {
        ConflictException e = new ConflictException(message);
        e.problems = java.util.List.copyOf(problems);
        return e;
    }

    @Override
    public java.util.List<String> problems() {
        return problems;
    }

    @Override
    public int httpStatus() {
        return 409;
    }
}
