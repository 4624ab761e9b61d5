package com.crosswalk.acumatica.emulator.auth;

import com.crosswalk.acumatica.emulator.store.AcumaticaException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * API sessions: cookie sign-in (/entity/auth/login) and OAuth 2.0 tokens (/identity/connect/token). Each counts
 * against the license's API-user limit; cookie sessions close after the idle timeout, OAuth ones when the token expires.
 */
public final class SessionManager {
    public static final String INVALID_CREDENTIALS = "Error: Invalid credentials. Please try again.";
    public static final String LOGIN_LIMIT = "API Login Limit";

    /** One server session. */
    public static final class Session {
        public final String sessionId;
        public final String aspxAuth;
        public final String user;
        public final String tenant;
        public final boolean oauth;
        public volatile String accessToken;
        public volatile String refreshToken;
        public volatile boolean offlineAccess;
        public volatile String scope;
        volatile long lastAccessMs;
        volatile long expiresAtMs;

        Session(String sessionId, String aspxAuth, String user, String tenant, boolean oauth) {
            this.sessionId = sessionId;
            this.aspxAuth = aspxAuth;
            this.user = user;
            this.tenant = tenant;
            this.oauth = oauth;
        }
    }

    private static final SecureRandom RND = new SecureRandom();
    private final Map<String, Session> byAuth = new ConcurrentHashMap<>();
    private final Map<String, Session> bySessionId = new ConcurrentHashMap<>();
    private final Map<String, Session> byToken = new ConcurrentHashMap<>();
    private final Map<String, Session> byRefresh = new ConcurrentHashMap<>();
    private final String user, password, tenant;
    private volatile Duration idleTimeout;
    private volatile Duration tokenLifetime;
    private final IntSupplier maxSessions;
    private volatile int maxSeen;
    private final java.util.concurrent.atomic.AtomicLong logins = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong logouts = new java.util.concurrent.atomic.AtomicLong();

    public SessionManager(String user, String password, String tenant, Duration idleTimeout, Duration tokenLifetime, IntSupplier maxSessions) {
        this.user = user;
        this.password = password;
        this.tenant = tenant;
        this.idleTimeout = idleTimeout;
        this.tokenLifetime = tokenLifetime;
        this.maxSessions = maxSessions;
    }

    public void setIdleTimeout(Duration d) { this.idleTimeout = d; }

    public void setTokenLifetime(Duration d) { this.tokenLifetime = d; }

    public Duration tokenLifetime() { return tokenLifetime; }

    public String tenant() { return tenant; }

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        RND.nextBytes(b);
        return HexFormat.of().withUpperCase().formatHex(b);
    }

    private boolean credentialsOk(String name, String pwd, String ten) {
        return user.equalsIgnoreCase(String.valueOf(name).trim()) && password.equals(pwd)
                && (ten == null || ten.isBlank() || tenant.equalsIgnoreCase(ten.trim()));
    }

    /** Cookie sign-in. Reuses {@code current} if it is still a live session of the same user. */
    public synchronized Session login(String name, String pwd, String ten, Session current) {
        if (!credentialsOk(name, pwd, ten)) throw AcumaticaException.px(INVALID_CREDENTIALS);
        purgeExpired();
        if (current != null && !current.oauth && bySessionId.containsKey(current.sessionId)) {
            touch(current);
            logins.incrementAndGet();
            return current;
        }
        checkLimit();
        Session s = new Session(random(12).toLowerCase(), random(64), name, tenant, false);
        touch(s);
        byAuth.put(s.aspxAuth, s);
        bySessionId.put(s.sessionId, s);
        logins.incrementAndGet();
        maxSeen = Math.max(maxSeen, bySessionId.size());
        return s;
    }

    private void checkLimit() {
        int max = maxSessions.getAsInt();
        if (max > 0 && bySessionId.size() >= max) {
            throw new AcumaticaException(429, LOGIN_LIMIT, "API Login Limit: the number of concurrent API sessions allowed by the license ("
                    + max + ") has been reached.", "PX.Data.PXException", null);
        }
    }

    /** OAuth resource-owner password grant: a new session with an access token (and a refresh token with offline_access). */
    public synchronized Session issueToken(String name, String pwd, String scope) {
        if (!credentialsOk(name, pwd, null)) return null;
        purgeExpired();
        checkLimit();
        Session s = new Session(random(12).toLowerCase(), random(64), name, tenant, true);
        s.scope = scope == null || scope.isBlank() ? "api" : scope;
        s.offlineAccess = s.scope.contains("offline_access");
        newToken(s);
        bySessionId.put(s.sessionId, s);
        byAuth.put(s.aspxAuth, s);
        logins.incrementAndGet();
        maxSeen = Math.max(maxSeen, bySessionId.size());
        return s;
    }

    /** refresh_token grant; null if the refresh token is unknown. */
    public synchronized Session refresh(String refreshToken) {
        Session s = byRefresh.remove(refreshToken);
        if (s == null) return null;
        purgeExpired();
        if (!bySessionId.containsKey(s.sessionId)) { // the session ended with its token: a new one starts
            checkLimit();
            bySessionId.put(s.sessionId, s);
            byAuth.put(s.aspxAuth, s);
        }
        byToken.remove(s.accessToken);
        newToken(s);
        maxSeen = Math.max(maxSeen, bySessionId.size());
        return s;
    }

    private void newToken(Session s) {
        s.accessToken = random(32);
        s.expiresAtMs = System.currentTimeMillis() + tokenLifetime.toMillis();
        s.lastAccessMs = System.currentTimeMillis();
        byToken.put(s.accessToken, s);
        if (s.offlineAccess) {
            s.refreshToken = random(32);
            byRefresh.put(s.refreshToken, s);
        }
    }

    private void touch(Session s) {
        s.lastAccessMs = System.currentTimeMillis();
    }

    /** The live session for a bearer token or the cookies, or null (→ 401). */
    public Session authenticate(String bearer, String aspxAuth, String sessionId) {
        long now = System.currentTimeMillis();
        Session s = null;
        if (bearer != null) {
            s = byToken.get(bearer);
            if (s != null && (now > s.expiresAtMs || !bySessionId.containsKey(s.sessionId))) {
                if (now > s.expiresAtMs) end(s);
                return null;
            }
            if (s != null) touch(s);
            return s;
        }
        if (aspxAuth != null) s = byAuth.get(aspxAuth);
        if (s == null && sessionId != null) s = bySessionId.get(sessionId);
        if (s == null || s.oauth) return null;
        if (now - s.lastAccessMs > idleTimeout.toMillis()) {
            end(s);
            return null;
        }
        touch(s);
        return s;
    }

    public synchronized void logout(Session s) {
        if (s != null) {
            end(s);
            byRefresh.values().removeIf(x -> x == s);
            logouts.incrementAndGet();
        }
    }

    private void end(Session s) {
        bySessionId.remove(s.sessionId);
        byAuth.remove(s.aspxAuth);
        if (s.accessToken != null) byToken.remove(s.accessToken);
    }

    private void purgeExpired() {
        long now = System.currentTimeMillis();
        for (Session s : bySessionId.values()) {
            boolean expired = s.oauth ? now > s.expiresAtMs : now - s.lastAccessMs > idleTimeout.toMillis();
            if (expired) end(s);
        }
    }

    public synchronized int activeSessions() {
        purgeExpired();
        return bySessionId.size();
    }

    public int maxConcurrentSessionsSeen() { return maxSeen; }

    public long logins() { return logins.get(); }

    public long logouts() { return logouts.get(); }

    /** Ends every session now (cookies and tokens stop working; refresh tokens stay usable, as after an app-pool recycle). */
    public synchronized void expireAll() {
        bySessionId.clear();
        byAuth.clear();
        byToken.clear();
    }

    public synchronized void resetCounters() {
        maxSeen = bySessionId.size();
        logins.set(0);
        logouts.set(0);
    }
}
