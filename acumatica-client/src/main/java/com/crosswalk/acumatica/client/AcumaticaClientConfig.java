package com.crosswalk.acumatica.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable configuration of an {@link AcumaticaClient}. Build it with {@link #builder()}.
 *
 * <p>Authentication is cookie sign-in ({@code /entity/auth/login}) unless {@link Builder#oauth(String, String)}
 * was called, in which case the OAuth 2.0 resource-owner password grant is used with the same username/password.
 */
public final class AcumaticaClientConfig {

    private final String baseUrl;
    private final String endpointName;
    private final String endpointVersion;
    private final String tenant;
    private final String branch;
    private final String username;
    private final String password;
    private final String oauthClientId;
    private final String oauthClientSecret;
    private final String oauthScope;
    private final int maxSessions;
    private final int maxConcurrentRequests;
    private final int maxRequestsPerMinute;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration actionPollInterval;
    private final Duration actionTimeout;
    private final Duration sessionWaitTimeout;
    private final AcumaticaRequestListener listener;
    private final AcumaticaSessionListener sessionListener;

    private AcumaticaClientConfig(Builder b) {
        this.baseUrl = stripSlash(Objects.requireNonNull(b.baseUrl, "baseUrl"));
        this.endpointName = Objects.requireNonNull(b.endpointName, "endpointName");
        this.endpointVersion = Objects.requireNonNull(b.endpointVersion, "endpointVersion");
        this.tenant = b.tenant;
        this.branch = b.branch;
        this.username = Objects.requireNonNull(b.username, "username");
        this.password = Objects.requireNonNull(b.password, "password");
        this.oauthClientId = b.oauthClientId;
        this.oauthClientSecret = b.oauthClientSecret;
        this.oauthScope = b.oauthScope;
        this.maxSessions = positive(b.maxSessions, "maxSessions");
        this.maxConcurrentRequests = positive(b.maxConcurrentRequests, "maxConcurrentRequests");
        this.maxRequestsPerMinute = positive(b.maxRequestsPerMinute, "maxRequestsPerMinute");
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        if (b.maxRetries < 0) throw new IllegalArgumentException("maxRetries must be >= 0");
        this.maxRetries = b.maxRetries;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.actionPollInterval = b.actionPollInterval;
        this.actionTimeout = b.actionTimeout;
        this.sessionWaitTimeout = b.sessionWaitTimeout;
        this.listener = b.listener == null ? AcumaticaRequestListener.NONE : b.listener;
        this.sessionListener = b.sessionListener == null ? AcumaticaSessionListener.NONE : b.sessionListener;
    }

    private static int positive(int v, String name) {
        if (v <= 0) throw new IllegalArgumentException(name + " must be > 0");
        return v;
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** A new builder with production defaults (2 sessions, 4 concurrent requests, 600/min, 5 min timeout, 5 retries). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.baseUrl = baseUrl; b.endpointName = endpointName; b.endpointVersion = endpointVersion;
        b.tenant = tenant; b.branch = branch; b.username = username; b.password = password;
        b.oauthClientId = oauthClientId; b.oauthClientSecret = oauthClientSecret; b.oauthScope = oauthScope;
        b.maxSessions = maxSessions; b.maxConcurrentRequests = maxConcurrentRequests;
        b.maxRequestsPerMinute = maxRequestsPerMinute; b.connectTimeout = connectTimeout;
        b.requestTimeout = requestTimeout; b.maxRetries = maxRetries; b.initialBackoff = initialBackoff;
        b.maxBackoff = maxBackoff; b.actionPollInterval = actionPollInterval; b.actionTimeout = actionTimeout;
        b.sessionWaitTimeout = sessionWaitTimeout; b.listener = listener;
        b.sessionListener = sessionListener;
        return b;
    }

    public String baseUrl() { return baseUrl; }
    public String endpointName() { return endpointName; }
    public String endpointVersion() { return endpointVersion; }
    public String tenant() { return tenant; }
    public String branch() { return branch; }
    public String username() { return username; }
    /** The password; never log it. */
    String password() { return password; }
    public boolean usesOAuth() { return oauthClientId != null; }
    public String oauthClientId() { return oauthClientId; }
    /** The client secret; never log it. */
    String oauthClientSecret() { return oauthClientSecret; }
    public String oauthScope() { return oauthScope; }
    public int maxSessions() { return maxSessions; }
    public int maxConcurrentRequests() { return maxConcurrentRequests; }
    public int maxRequestsPerMinute() { return maxRequestsPerMinute; }
    public Duration connectTimeout() { return connectTimeout; }
    public Duration requestTimeout() { return requestTimeout; }
    public int maxRetries() { return maxRetries; }
    public Duration initialBackoff() { return initialBackoff; }
    public Duration maxBackoff() { return maxBackoff; }
    public Duration actionPollInterval() { return actionPollInterval; }
    public Duration actionTimeout() { return actionTimeout; }
    public Duration sessionWaitTimeout() { return sessionWaitTimeout; }
    public AcumaticaRequestListener listener() { return listener; }
    public AcumaticaSessionListener sessionListener() { return sessionListener; }

    /** {@code <baseUrl>/entity/<endpointName>/<endpointVersion>}. */
    public String endpointUrl() {
        return baseUrl + "/entity/" + endpointName + "/" + endpointVersion;
    }

    @Override
    public String toString() { // no secrets
        return "AcumaticaClientConfig[baseUrl=" + baseUrl + ", endpoint=" + endpointName + "/" + endpointVersion
                + ", tenant=" + tenant + ", username=" + username + ", auth=" + (usesOAuth() ? "oauth" : "cookie")
                + ", maxSessions=" + maxSessions + ", maxConcurrentRequests=" + maxConcurrentRequests
                + ", maxRequestsPerMinute=" + maxRequestsPerMinute + ", requestTimeout=" + requestTimeout
                + ", maxRetries=" + maxRetries + "]";
    }

    /** Builder for {@link AcumaticaClientConfig}. */
    public static final class Builder {
        private String baseUrl;
        private String endpointName = "Default";
        private String endpointVersion = "24.200.001";
        private String tenant;
        private String branch;
        private String username;
        private String password;
        private String oauthClientId;
        private String oauthClientSecret;
        private String oauthScope = "api offline_access";
        private int maxSessions = 2;
        private int maxConcurrentRequests = 4;
        private int maxRequestsPerMinute = 600;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofMinutes(5);
        private int maxRetries = 5;
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration actionPollInterval = Duration.ofSeconds(1);
        private Duration actionTimeout = Duration.ofMinutes(15);
        private Duration sessionWaitTimeout = Duration.ofMinutes(10);
        private AcumaticaRequestListener listener;
        private AcumaticaSessionListener sessionListener;

        private Builder() { }

        /** Instance root, e.g. {@code https://erp.example.com/AcumaticaERP} (without {@code /entity}). */
        public Builder baseUrl(String v) { baseUrl = v; return this; }
        /** Endpoint name, default {@code Default}. */
        public Builder endpointName(String v) { endpointName = v; return this; }
        /** Endpoint version, default {@code 24.200.001}. */
        public Builder endpointVersion(String v) { endpointVersion = v; return this; }
        /** Tenant (company) to sign in to; for OAuth it is appended to the client id as {@code id@tenant} if absent. */
        public Builder tenant(String v) { tenant = v; return this; }
        /** Optional branch sent at cookie sign-in. */
        public Builder branch(String v) { branch = v; return this; }
        public Builder username(String v) { username = v; return this; }
        public Builder password(String v) { password = v; return this; }
        /** Use OAuth 2.0 (password grant with username/password, then refresh_token grant). */
        public Builder oauth(String clientId, String clientSecret) {
            oauthClientId = Objects.requireNonNull(clientId); oauthClientSecret = clientSecret; return this;
        }
        /** OAuth scope, default {@code api offline_access}. */
        public Builder oauthScope(String v) { oauthScope = v; return this; }
        /** Maximum number of simultaneously signed-in sessions (the license's API users). */
        public Builder maxSessions(int v) { maxSessions = v; return this; }
        /** Maximum number of requests in flight at once. */
        public Builder maxConcurrentRequests(int v) { maxConcurrentRequests = v; return this; }
        /** Maximum number of requests started per minute. */
        public Builder maxRequestsPerMinute(int v) { maxRequestsPerMinute = v; return this; }
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        /** Read timeout of one request; keep it long, Acumatica queues requests silently. */
        public Builder requestTimeout(Duration v) { requestTimeout = v; return this; }
        /** Retries after the first attempt for retryable failures (0 = no retries). */
        public Builder maxRetries(int v) { maxRetries = v; return this; }
        /** First backoff of the exponential backoff (with 50% jitter, factor 2). */
        public Builder initialBackoff(Duration v) { initialBackoff = v; return this; }
        public Builder maxBackoff(Duration v) { maxBackoff = v; return this; }
        /** Interval between polls of a long-running action's Location (default 1 s). */
        public Builder actionPollInterval(Duration v) { actionPollInterval = v; return this; }
        /** Give up waiting for a long-running action after this long (default 15 min). */
        public Builder actionTimeout(Duration v) { actionTimeout = v; return this; }
        /** How long a request waits for a free session (default 10 min). */
        public Builder sessionWaitTimeout(Duration v) { sessionWaitTimeout = v; return this; }
        /** Optional metrics hook called after every HTTP exchange. */
        public Builder listener(AcumaticaRequestListener v) { listener = v; return this; }
        /** Optional hook told of every session signed in and out (to sign out, later, what a killed process left). */
        public Builder sessionListener(AcumaticaSessionListener v) { sessionListener = v; return this; }

        public AcumaticaClientConfig build() { return new AcumaticaClientConfig(this); }
    }
}
