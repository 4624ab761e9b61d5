package com.crosswalk.erp.connector;

/**
 * Where a connector notes the ERP sessions it holds, so that the sessions of a process killed before it could sign
 * out are signed out by the next start instead of holding the licence's API users until the ERP times them out
 * ({@link ErpConnector#signOutLeftoverSession}). Thread-safe; a failure to note is logged, never thrown.
 */
public interface ErpSessionLog {

    /** Notes nothing (CLI runs, connection tests). */
    ErpSessionLog NONE = new ErpSessionLog() {
        @Override
        public void opened(String sessionId, String credentials) {
        }

        @Override
        public void closed(String sessionId) {
        }
    };

    /** A session was signed in, or its credentials changed; {@code credentials} is secret (kept encrypted). */
    void opened(String sessionId, String credentials);

    /** The session was signed out or ended by the ERP. */
    void closed(String sessionId);
}
