package com.crosswalk.acumatica.client;

/**
 * Acumatica answered with a server error (5xx) that is not a known business error. Retryable; for writes the
 * outcome is unknown (the error may have happened after the write).
 */
public class AcumaticaServerException extends AcumaticaException {
    public AcumaticaServerException(String userMessage, String detail, int httpStatus, String exceptionType,
                                    boolean retryable, boolean outcomeUnknown) {
        super(userMessage, detail, httpStatus, exceptionType, retryable, outcomeUnknown, null);
    }
}
