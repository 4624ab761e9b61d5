package com.crosswalk.acumatica.client;

/**
 * The ERP could not be reached or did not answer: connection refused, timeout, dropped connection, or a
 * 502/503/504 from a proxy. Retryable. {@link #outcomeUnknown()} is false only when the request surely never
 * arrived (connection refused / connect timeout).
 */
public class AcumaticaUnreachableException extends AcumaticaException {
    public AcumaticaUnreachableException(String userMessage, String detail, int httpStatus, boolean outcomeUnknown,
                                         Throwable cause) {
        super(userMessage, detail, httpStatus, null, true, outcomeUnknown, cause);
    }
}
