package com.crosswalk.acumatica.client;

/** Which failures may be retried as is. */
final class RetryRules {

    private RetryRules() { }

    /**
     * @param e    the failure
     * @param safe whether the request can be repeated without duplicating a write (GET, DELETE by key, logout)
     * @return true if sending the same request again is allowed and may help
     */
    static boolean shouldRetry(Throwable e, boolean safe) {
        if (!(e instanceof AcumaticaException ae)) return false;
        if (!ae.isRetryable()) return false;
        return safe || !ae.outcomeUnknown();
    }
}
