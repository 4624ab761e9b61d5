package com.crosswalk.acumatica.client;

/** Sign-in failed (bad credentials, bad OAuth client) or a 401/403 that a fresh sign-in did not cure. Not retryable. */
public class AcumaticaAuthenticationException extends AcumaticaException {
    public AcumaticaAuthenticationException(String userMessage, String detail, int httpStatus, String exceptionType) {
        super(userMessage, detail, httpStatus, exceptionType, false, false, null);
    }
}
