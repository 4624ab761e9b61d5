package com.crosswalk.erp.connector;

/**
 * The ERP refused the data (validation, a missing setup, a closed period...). Retrying the same data will not
 * help; the message says, in plain words, what a person must fix.
 */
public class ErpRejectedException extends RuntimeException {

    public ErpRejectedException(String message) {
        super(message);
    }

    public ErpRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
