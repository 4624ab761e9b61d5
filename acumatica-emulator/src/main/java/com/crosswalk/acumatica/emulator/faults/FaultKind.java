package com.crosswalk.acumatica.emulator.faults;

/** What an injected fault does to the request. */
public enum FaultKind {
    /** 500 HttpError (System.Exception). */
    ERROR_500,
    /** 503 Service Unavailable (IIS-style HTML body). */
    ERROR_503,
    /** 429 HttpError, as when a license limit is exceeded. */
    TOO_MANY_REQUESTS_429,
    /** Hangs for the configured hang time (longer than a client's timeout), then closes the connection. */
    TIMEOUT,
    /** Closes the socket without any response. */
    DROP_CONNECTION
}
