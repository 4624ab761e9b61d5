package com.crosswalk.acumatica.client;

/**
 * Hears of the client's server sessions, so that a process killed before {@link AcumaticaClient#close()} could sign
 * them out leaves a note a later process can act on: each open session counts against the licence's API users until
 * Acumatica times it out (10 minutes for a cookie sign-in, the token's lifetime for OAuth), and a process that
 * restarts at once would find them all taken. Keep what {@link #sessionOpened} hands over somewhere that outlives the
 * process, and pass it to {@link AcumaticaClient#signOutLeftoverSession(String)} from the next one.
 *
 * <p>Called on the thread that uses the session, before the session's first request (so a note exists before the
 * session does any work); implementations must be thread-safe. Exceptions they throw are logged and ignored.
 */
public interface AcumaticaSessionListener {

    /** A listener that does nothing. */
    AcumaticaSessionListener NONE = new AcumaticaSessionListener() {
        @Override
        public void sessionOpened(String sessionId, String credentials) {
        }

        @Override
        public void sessionClosed(String sessionId) {
        }
    };

    /**
     * A session was signed in, or its credentials changed (new cookies, a refreshed token).
     *
     * @param sessionId   unique to this session (a random UUID), the same in {@link #sessionClosed}
     * @param credentials opaque text that authorises requests in this session: as secret as a password, keep it
     *                    encrypted
     */
    void sessionOpened(String sessionId, String credentials);

    /** The session was signed out, or the server ended it (the note can go). */
    void sessionClosed(String sessionId);
}
