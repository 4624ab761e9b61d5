package com.crosswalk.shared;

/** The ERP could not be reached or failed; nothing was changed. */
public class ErpUnavailableException extends CrosswalkException {

    public ErpUnavailableException(String message) {
        super(message);
    }

    public ErpUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int httpStatus() {
        return 503;
    }
}
