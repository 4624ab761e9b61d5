package com.crosswalk.erp.connector;

/** The answer to Test connection: ok or not, and a sentence a person understands. */
public record ConnectionCheck(boolean ok, String message) {
}
