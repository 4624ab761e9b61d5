package com.crosswalk.acumatica.client;

/**
 * Base of every failure reported by the client (unchecked).
 *
 * <ul>
 *   <li>{@link #userMessage()} — one sentence a person understands, e.g.
 *   {@code Acumatica refused the change order: ExternalRefNbr: '...' is too long (max 30)}.</li>
 *   <li>{@link #isRetryable()} — sending the same request later may succeed (429, 5xx, timeouts, connection drops).</li>
 *   <li>{@link #outcomeUnknown()} — the request may or may not have been carried out (timeout, dropped connection,
 *   5xx after sending); a write must be checked by re-reading before it is sent again.</li>
 * </ul>
 */
public class AcumaticaException extends RuntimeException {

    private final String userMessage;
    private final int httpStatus;
    private final String exceptionType;
    private final boolean retryable;
    private final boolean outcomeUnknown;

    public AcumaticaException(String userMessage, String detail, int httpStatus, String exceptionType,
                              boolean retryable, boolean outcomeUnknown, Throwable cause) {
        super(detail == null || detail.isBlank() ? userMessage : userMessage + " [" + detail + "]", cause);
        this.userMessage = userMessage;
        this.httpStatus = httpStatus;
        this.exceptionType = exceptionType;
        this.retryable = retryable;
        this.outcomeUnknown = outcomeUnknown;
    }

    /** A message for a person (no stack traces, no secrets). */
    public String userMessage() { return userMessage; }

    /** HTTP status of the response, or -1 when none arrived. */
    public int httpStatus() { return httpStatus; }

    /** Acumatica's {@code exceptionType} (e.g. {@code PX.Api.ContractBased.NoEntitySatisfiesTheConditionException}), or null. */
    public String exceptionType() { return exceptionType; }

    /** Whether trying again later may succeed. */
    public boolean isRetryable() { return retryable; }

    /** Whether the request may have been carried out although it failed (check before re-sending a write). */
    public boolean outcomeUnknown() { return outcomeUnknown; }
}
