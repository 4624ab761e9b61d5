package com.crosswalk.acumatica.emulator.page;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sign-ins to the emulator's HTML pages (the stand-in for Acumatica's web UI), apart from API sessions: they do not
 * count against the license's API users. Each has a CSRF token that every form of the pages carries, and a one-shot
 * message shown on the next page (so no text travels in a URL).
 */
final class PageSessions {
    static final String COOKIE = "AcumaticaEmulatorPage";
    /** Double-submit token of the sign-in form (no session exists yet to hold it). */
    static final String LOGIN_COOKIE = "AcumaticaEmulatorLogin";
    static final Duration IDLE = Duration.ofHours(8);

    private static final SecureRandom RND = new SecureRandom();

    /** One signed-in browser. */
    static final class PageSession {
        final String id;
        final String user;
        final String tenant;
        final String csrf;
        volatile long lastAccessMs;
        volatile String flash;
        volatile boolean flashIsError;

        PageSession(String id, String user, String tenant, String csrf) {
            this.id = id;
            this.user = user;
            this.tenant = tenant;
            this.csrf = csrf;
            this.lastAccessMs = System.currentTimeMillis();
        }

        /** The message to show once, then forget. */
        String takeFlash() {
            String f = flash;
            flash = null;
            return f;
        }

        void flash(String message, boolean error) {
            this.flash = message;
            this.flashIsError = error;
        }
    }

    private final Map<String, PageSession> sessions = new ConcurrentHashMap<>();

    static String random() {
        byte[] b = new byte[24];
        RND.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    PageSession open(String user, String tenant) {
        purge();
        PageSession s = new PageSession(random(), user, tenant, random());
        sessions.put(s.id, s);
        return s;
    }

    /** The live session for a cookie value, or null. */
    PageSession find(String id) {
        if (id == null) return null;
        PageSession s = sessions.get(id);
        if (s == null) return null;
        long now = System.currentTimeMillis();
        if (now - s.lastAccessMs > IDLE.toMillis()) {
            sessions.remove(id);
            return null;
        }
        s.lastAccessMs = now;
        return s;
    }

    void close(PageSession s) {
        if (s != null) sessions.remove(s.id);
    }

    private void purge() {
        long now = System.currentTimeMillis();
        sessions.values().removeIf(s -> now - s.lastAccessMs > IDLE.toMillis());
    }

    /** Constant-time comparison of a submitted token with the expected one. */
    static boolean tokenMatches(String expected, String submitted) {
        if (expected == null || submitted == null) return false;
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), submitted.getBytes(StandardCharsets.UTF_8));
    }
}
