package com.crosswalk.acumatica.client;

import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One server-side session: either the cookies of a cookie sign-in or an OAuth access token (+ refresh token).
 * Used by one request at a time (the pool hands it out exclusively). Never logs its secrets.
 */
final class Session {

    private static final AtomicInteger IDS = new AtomicInteger();

    final int id = IDS.incrementAndGet();
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private String accessToken;
    private String refreshToken;
    private long accessTokenExpiresAtNanos;
    private boolean signedIn;

    synchronized boolean signedIn() { return signedIn; }

    synchronized void markSignedIn() { signedIn = true; }

    /** Forget everything (after sign-out, or when the server said 401). */
    synchronized void invalidate() {
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
    }

    synchronized boolean hasCookies() { return !cookies.isEmpty(); }

    /** Adds this session's credentials (Cookie or Authorization header) to a request. */
    synchronized void authorize(HttpRequest.Builder b) {
        if (accessToken != null) {
            b.header("Authorization", "Bearer " + accessToken);
        } else if (!cookies.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            cookies.forEach((k, v) -> {
                if (sb.length() > 0) sb.append("; ");
                sb.append(k).append('=').append(v);
            });
            b.header("Cookie", sb.toString());
        }
    }

    @Override
    public String toString() { return "session#" + id; }
}
