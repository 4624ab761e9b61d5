package com.crosswalk.acumatica.client;

import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server-side session: either the cookies of a cookie sign-in or an OAuth access token (+ refresh token).
 * Used by one request at a time (the pool hands it out exclusively). Never logs its secrets.
 */
final class Session {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Logger log = LoggerFactory.getLogger(Session.class);
    private static final String COOKIE = "cookie:";
    private static final String BEARER = "bearer:";

    final int id = IDS.incrementAndGet();
    /** For {@link AcumaticaSessionListener}: unique beyond this process. */
    private final String key = UUID.randomUUID().toString();
    private final AcumaticaSessionListener listener;
    /** The credentials last handed to the listener (null: none, or closed). */
    private String announced;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private String accessToken;
    private String refreshToken;
    private long accessTokenExpiresAtNanos;
    private boolean signedIn;

    Session() {
        this(AcumaticaSessionListener.NONE);
    }

    Session(AcumaticaSessionListener listener) {
        this.listener = listener;
    }

    /** A signed-in session from {@link #credentials()} of another (a killed process's), to sign it out. */
    static Session restore(String credentials) {
        Session s = new Session();
        if (credentials.startsWith(BEARER)) {
            s.accessToken = credentials.substring(BEARER.length());
        } else if (credentials.startsWith(COOKIE)) {
            for (String pair : credentials.substring(COOKIE.length()).split("; ")) {
                int eq = pair.indexOf('=');
                if (eq > 0) s.cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        } else {
            throw new IllegalArgumentException("Not session credentials of this client");
        }
        s.signedIn = true;
        return s;
    }

    synchronized boolean signedIn() { return signedIn; }

    synchronized void markSignedIn() {
        signedIn = true;
        announce();
    }

    /** What authorises this session's requests: {@code bearer:<token>} or {@code cookie:<Cookie header>}. */
    synchronized String credentials() {
        if (accessToken != null) return BEARER + accessToken;
        if (cookies.isEmpty()) return null;
        return COOKIE + cookieHeader();
    }

    private String cookieHeader() {
        StringBuilder sb = new StringBuilder();
        cookies.forEach((k, v) -> {
            if (sb.length() > 0) sb.append("; ");
            sb.append(k).append('=').append(v);
        });
        return sb.toString();
    }

    /** Tells the listener of new or changed credentials of a signed-in session. */
    private void announce() {
        String now = signedIn ? credentials() : null;
        if (now == null || now.equals(announced)) return;
        announced = now;
        try {
            listener.sessionOpened(key, now);
        } catch (RuntimeException e) {
            log.warn("Session listener failed on sign-in ({}): {}", this, e.toString());
        }
    }

    /** Forget everything (after sign-out, or when the server said 401). */
    synchronized void invalidate() {
        if (announced != null) {
            announced = null;
            try {
                listener.sessionClosed(key);
            } catch (RuntimeException e) {
                log.warn("Session listener failed on sign-out ({}): {}", this, e.toString());
            }
        }
        signedIn = false;
        cookies.clear();
        accessToken = null;
        accessTokenExpiresAtNanos = 0;
        // refresh token kept: it may still get a new access token without the password
    }

    synchronized void forgetRefreshToken() { refreshToken = null; }

    synchronized String refreshToken() { return refreshToken; }

    synchronized void setTokens(String access, String refresh, long expiresInSeconds) {
        this.accessToken = access;
        if (refresh != null) this.refreshToken = refresh;
        long lifetime = Math.max(1, expiresInSeconds);
        // refresh when 90% of the lifetime has passed (at least 5 s early when possible)
        long early = Math.max(Math.min(5, lifetime / 2), lifetime / 10);
        this.accessTokenExpiresAtNanos = System.nanoTime() + (lifetime - early) * 1_000_000_000L;
        this.signedIn = true;
        announce();
    }

    synchronized boolean tokenNeedsRefresh() {
        return accessToken != null && System.nanoTime() - accessTokenExpiresAtNanos >= 0;
    }

    synchronized boolean hasAccessToken() { return accessToken != null; }

    /** Remembers cookies from {@code Set-Cookie} headers. */
    synchronized void storeCookies(HttpHeaders headers) {
        for (String sc : headers.allValues("set-cookie")) {
            int semi = sc.indexOf(';');
            String pair = semi < 0 ? sc : sc.substring(0, semi);
            int eq = pair.indexOf('=');
            if (eq <= 0) continue;
            String name = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            boolean expired = sc.toLowerCase().contains("expires=thu, 01-jan-1970") || sc.toLowerCase().contains("max-age=0");
            if (value.isEmpty() || expired) cookies.remove(name); else cookies.put(name, value);
        }
        if (signedIn && accessToken == null) announce(); // renewed cookies of a signed-in session
    }

    synchronized boolean hasCookies() { return !cookies.isEmpty(); }

    /** Adds this session's credentials (Cookie or Authorization header) to a request. */
    synchronized void authorize(HttpRequest.Builder b) {
        if (accessToken != null) {
            b.header("Authorization", "Bearer " + accessToken);
        } else if (!cookies.isEmpty()) {
            b.header("Cookie", cookieHeader());
        }
    }

    @Override
    public String toString() { return "session#" + id; }
}
