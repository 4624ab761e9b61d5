package com.crosswalk.acumatica.client;

/**
 * 429: the license's limits were hit (API Login Limit, too many requests), or the client's own throttle gave up
 * waiting. Nothing was written; retryable.
 */
public class AcumaticaRateLimitException extends AcumaticaException {
    public AcumaticaRateLimitException(String userMessage, String detail, int httpStatus, String exceptionType) {
        super(userMessage, detail, httpStatus, exceptionType, true, false, null);
    }
}
