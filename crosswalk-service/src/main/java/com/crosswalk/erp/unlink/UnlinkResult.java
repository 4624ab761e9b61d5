package com.crosswalk.erp.unlink;

/**
 * The answer to one unlink: the outcome and the sentence shown to the person (green for {@link UnlinkOutcome#UNLINKED},
 * red otherwise). {@code id} is the record's id as asked.
 */
public record UnlinkResult(long id, UnlinkOutcome outcome, String message) {

    public boolean succeeded() {
        return outcome == UnlinkOutcome.UNLINKED;
    }

    public int status() {
        return outcome.httpStatus();
    }
}
