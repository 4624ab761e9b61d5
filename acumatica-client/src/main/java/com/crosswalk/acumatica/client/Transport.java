package com.crosswalk.acumatica.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * HTTP exchanges with Acumatica: session pool (bounded by maxSessions), sign-in (cookie or OAuth), re-sign-in once
 * on 401, throttling (Bulkhead + RateLimiter), retries (Retry) and error mapping.
 */
final class Transport implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Transport.class);

    /** A successful response. */
    record Response(int status, String body, String location) {
        JsonNode json() { return Json.parse(body); }
    }

    private final AcumaticaClientConfig cfg;
    private final HttpClient http;
    private final Bulkhead bulkhead;
    private final RateLimiter rateLimiter;
    private final Retry safeRetry;
    private final Retry unsafeRetry;
    private final Semaphore sessionPermits;
    private final Deque<Session> idle = new ConcurrentLinkedDeque<>();
    private final List<Session> allSessions = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    Transport(AcumaticaClientConfig cfg) {
        this.cfg = cfg;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(cfg.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        Duration longWait = cfg.sessionWaitTimeout();
        this.bulkhead = Bulkhead.of("acumatica", BulkheadConfig.custom()
                .maxConcurrentCalls(cfg.maxConcurrentRequests())
                .maxWaitDuration(longWait)
                .build());
        int perMinute = cfg.maxRequestsPerMinute();
        RateLimiterConfig.Builder rl = RateLimiterConfig.custom().timeoutDuration(longWait);
        if (perMinute >= 60) {
            // spread evenly: per second instead of a burst of the whole minute
            rl.limitForPeriod(perMinute / 60).limitRefreshPeriod(Duration.ofSeconds(1));
        } else {
            rl.limitForPeriod(1).limitRefreshPeriod(Duration.ofMillis(60_000L / perMinute));
        }
        this.rateLimiter = RateLimiter.of("acumatica", rl.build());
        this.safeRetry = retry("acumatica-safe", true);
        this.unsafeRetry = retry("acumatica-unsafe", false);
        this.sessionPermits = new Semaphore(cfg.maxSessions(), true);
    }

    private Retry retry(String name, boolean safe) {
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(cfg.initialBackoff(), 2.0, 0.5,
                cfg.maxBackoff());
        RetryConfig rc = RetryConfig.custom()
                .maxAttempts(cfg.maxRetries() + 1)
                .intervalFunction(backoff)
                .retryOnException(e -> RetryRules.shouldRetry(e, safe))
                .failAfterMaxAttempts(false)
                .build();
        Retry r = Retry.of(name, rc);
        r.getEventPublisher().onRetry(ev -> log.info("Acumatica request failed, retry {} in {} ms: {}",
                ev.getNumberOfRetryAttempts(), ev.getWaitInterval().toMillis(),
                ev.getLastThrowable() == null ? "" : ev.getLastThrowable().getMessage()));
        return r;
    }

    AcumaticaClientConfig config() { return cfg; }

    // ---- public-ish entry points --------------------------------------------------------------------------

    /** Sends a request that is safe to repeat (GET, DELETE by key, logout); retries all retryable failures. */
    Response executeSafe(Call call) {
        return safeRetry.executeSupplier(() -> withSession(s -> exchange(s, call)));
    }

    /**
     * Sends a write that must not be duplicated: retried only when nothing was written (429, connection refused,
     * client throttle, sign-in failures). Other failures surface with {@link AcumaticaException#outcomeUnknown()}.
     */
    Response executeOnce(Call call) {
        return unsafeRetry.executeSupplier(() -> withSession(s -> exchange(s, call)));
    }

    /** Runs {@code body} with retries of the given kind. */
    <T> T retrying(boolean safe, Supplier<T> body) {
        return (safe ? safeRetry : unsafeRetry).executeSupplier(body);
    }

    /** Runs {@code fn} holding one session exclusively (waits for a free one). */
    <T> T withSession(Function<Session, T> fn) {
        ensureOpen();
        boolean acquired;
        try {
            acquired = sessionPermits.tryAcquire(cfg.sessionWaitTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcumaticaUnreachableException("Interrupted while waiting for an Acumatica session", null, -1,
                    false, e);
        }
        if (!acquired) {
            throw new AcumaticaRateLimitException("All Acumatica sessions stayed busy for "
                    + cfg.sessionWaitTimeout().toSeconds() + " s", null, -1, null);
        }
        Session s = idle.pollFirst();
        if (s == null) {
            s = new Session(cfg.sessionListener());
            allSessions.add(s);
        }
        try {
            return fn.apply(s);
        } finally {
            idle.addFirst(s);
            sessionPermits.release();
        }
    }

    /**
     * One request in a session: signs in if needed, sends, on 401 signs in again once and resends.
     * Non-2xx answers are thrown as mapped exceptions.
     */
    Response exchange(Session s, Call call) {
        ensureSignedIn(s);
        HttpResponse<String> r = send(s, call);
        if (r.statusCode() == 401) {
            log.info("Acumatica answered 401 to {} {}; signing in again ({})", call.method(), call.entity(), s);
            s.invalidate();
            ensureSignedIn(s);
            r = send(s, call);
        }
        return toResponse(r, call);
    }

    private Response toResponse(HttpResponse<String> r, Call call) {
        int status = r.statusCode();
        if (status >= 200 && status < 300) {
            return new Response(status, r.body(), r.headers().firstValue("location").orElse(null));
        }
        throw ErrorMapper.fromResponse(status, r.body(), call.label(), call.write());
    }

    // ---- sign-in / sign-out -------------------------------------------------------------------------------

    void ensureSignedIn(Session s) {
        if (cfg.usesOAuth()) {
            if (!s.signedIn() || !s.hasAccessToken()) {
                if (s.refreshToken() != null && refreshToken(s)) return;
                passwordGrant(s);
            } else if (s.tokenNeedsRefresh()) {
                if (!refreshToken(s)) passwordGrant(s);
            }
            return;
        }
        if (!s.signedIn()) cookieLogin(s);
    }

    private void cookieLogin(Session s) {
        ObjectNode body = Json.object();
        body.put("name", cfg.username());
        body.put("password", cfg.password());
        if (cfg.tenant() != null) body.put("tenant", cfg.tenant());
        if (cfg.branch() != null) body.put("branch", cfg.branch());
        Call call = new Call("POST", cfg.baseUrl() + "/entity/auth/login", "auth", "login", "sign-in",
                Json.write(body), Map.of(), false);
        HttpResponse<String> r = sendRaw(call, b -> { }, s);
        int st = r.statusCode();
        if (st >= 200 && st < 300) {
            s.storeCookies(r.headers());
            s.markSignedIn();
            log.debug("Signed in to Acumatica as {} ({})", cfg.username(), s);
            return;
        }
        throw signInError(st, r.body());
    }

    private AcumaticaException signInError(int status, String body) {
        AcumaticaException e = ErrorMapper.fromResponse(status, body, "sign-in", false);
        if (e instanceof AcumaticaRateLimitException || e instanceof AcumaticaServerException
                || e instanceof AcumaticaAuthenticationException) {
            return e;
        }
        if (status == 400 || status == 401 || status == 403 || status == 500) {
            return new AcumaticaAuthenticationException("Acumatica refused the sign-in for user '" + cfg.username()
                    + "'" + (cfg.tenant() == null ? "" : " in tenant '" + cfg.tenant() + "'"), e.getMessage(), status,
                    e.exceptionType());
        }
        return e;
    }

    private String oauthClientId() {
        String id = cfg.oauthClientId();
        if (!id.contains("@") && cfg.tenant() != null) id = id + "@" + cfg.tenant();
        return id;
    }

    private void passwordGrant(Session s) {
        String form = form("grant_type", "password", "client_id", oauthClientId(),
                "client_secret", cfg.oauthClientSecret(), "username", cfg.username(), "password", cfg.password(),
                "scope", cfg.oauthScope());
        HttpResponse<String> r = tokenRequest(s, form, "token");
        if (r.statusCode() == 200) {
            storeToken(s, r.body());
            log.debug("Got an OAuth token for {} ({})", cfg.username(), s);
            return;
        }
        throw oauthError(r);
    }

    /** @return true if a new access token was obtained; false if the refresh token was refused. */
    private boolean refreshToken(Session s) {
        String form = form("grant_type", "refresh_token", "client_id", oauthClientId(),
                "client_secret", cfg.oauthClientSecret(), "refresh_token", s.refreshToken());
        HttpResponse<String> r = tokenRequest(s, form, "refresh");
        if (r.statusCode() == 200) {
            storeToken(s, r.body());
            log.debug("Refreshed the OAuth token ({})", s);
            return true;
        }
        if (r.statusCode() == 400 || r.statusCode() == 401) {
            s.forgetRefreshToken();
            return false;
        }
        throw oauthError(r);
    }

    private HttpResponse<String> tokenRequest(Session s, String form, String action) {
        Call call = new Call("POST", cfg.baseUrl() + "/identity/connect/token", "oauth", action, "sign-in", form,
                Map.of("Content-Type", "application/x-www-form-urlencoded"), false);
        return sendRaw(call, b -> { }, s);
    }

    private void storeToken(Session s, String body) {
        JsonNode j = Json.parse(body);
        String access = j.path("access_token").asText(null);
        if (access == null) {
            throw new AcumaticaAuthenticationException("Acumatica's token endpoint sent no access token", null, 200,
                    null);
        }
        s.setTokens(access, j.path("refresh_token").asText(null), j.path("expires_in").asLong(3600));
    }

    private AcumaticaException oauthError(HttpResponse<String> r) {
        int st = r.statusCode();
        if (st == 400 || st == 401) {
            String err = null;
            try {
                JsonNode j = Json.parse(r.body());
                err = j.path("error_description").asText(j.path("error").asText(null));
            } catch (RuntimeException ignored) {
                // not JSON
            }
            return new AcumaticaAuthenticationException("Acumatica refused the OAuth sign-in for user '"
                    + cfg.username() + "' (client '" + cfg.oauthClientId() + "')" + (err == null ? "" : ": " + err),
                    String.valueOf(st), st, null);
        }
        return signInError(st, r.body());
    }

    private static String form(String... kv) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] == null) continue;
            if (sb.length() > 0) sb.append('&');
            sb.append(kv[i]).append('=').append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    /** Signs one session out (best effort, safe to retry). */
    private void signOut(Session s) {
        if (!s.signedIn()) return;
        Call call = new Call("POST", cfg.baseUrl() + "/entity/auth/logout", "auth", "logout", "sign-out", null,
                Map.of(), false);
        try {
            safeRetry.executeSupplier(() -> {
                HttpResponse<String> r = send(s, call);
                if (r.statusCode() >= 500 || r.statusCode() == 429) {
                    throw ErrorMapper.fromResponse(r.statusCode(), r.body(), "sign-out", false);
                }
                return r;
            });
        } catch (RuntimeException e) {
            log.warn("Signing out of Acumatica failed ({}): {}", s, e.getMessage());
        } finally {
            s.invalidate();
            s.forgetRefreshToken();
        }
    }

    /**
     * Signs out a session this client did not open, from its {@link Session#credentials()} (one a killed process
     * left). True when Acumatica closed it, or it was closed already (401); throws when Acumatica could not be asked.
     */
    boolean signOutLeftover(String credentials) {
        ensureOpen();
        Session s = Session.restore(credentials);
        Call call = new Call("POST", cfg.baseUrl() + "/entity/auth/logout", "auth", "logout", "sign-out", null,
                Map.of(), false);
        HttpResponse<String> r = safeRetry.executeSupplier(() -> {
            HttpResponse<String> x = send(s, call);
            if (x.statusCode() >= 500 || x.statusCode() == 429) {
                throw ErrorMapper.fromResponse(x.statusCode(), x.body(), "sign-out", false);
            }
            return x;
        });
        return r.statusCode() < 300 || r.statusCode() == 401;
    }

    /**
     * Gives a session up (one sign-out attempt, then forgets it): after a long-running operation was left unfinished
     * in it, any request but that operation's status would be refused, so the pool signs in anew instead.
     */
    void abandon(Session s) {
        Call call = new Call("POST", cfg.baseUrl() + "/entity/auth/logout", "auth", "logout", "sign-out", null,
                Map.of(), false);
        try {
            send(s, call);
        } catch (RuntimeException e) {
            log.debug("Signing out an abandoned session failed ({}): {}", s, e.getMessage());
        } finally {
            s.invalidate();
            s.forgetRefreshToken();
        }
    }

    /** Signs every session out; waits (up to 30 s) for requests in flight. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        int got = 0;
        try {
            for (; got < cfg.maxSessions(); got++) {
                if (!sessionPermits.tryAcquire(30, TimeUnit.SECONDS)) break;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Session> sessions = new ArrayList<>(allSessions);
        for (Session s : sessions) signOut(s);
        sessionPermits.release(got);
    }

    boolean isClosed() { return closed; }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("AcumaticaClient is closed");
    }

    // ---- the wire -----------------------------------------------------------------------------------------

    /** Sends with this session's credentials; follows nothing; maps I/O failures. */
    HttpResponse<String> send(Session s, Call call) {
        return sendRaw(call, s::authorize, s);
    }

    private HttpResponse<String> sendRaw(Call call, java.util.function.Consumer<HttpRequest.Builder> auth, Session s) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(call.url()))
                .timeout(cfg.requestTimeout())
                .header("Accept", "application/json");
        call.headers().forEach(b::header);
        if (call.body() != null) {
            if (!call.headers().containsKey("Content-Type")) b.header("Content-Type", "application/json");
            b.method(call.method(), HttpRequest.BodyPublishers.ofString(call.body(), StandardCharsets.UTF_8));
        } else {
            b.method(call.method(), HttpRequest.BodyPublishers.noBody());
        }
        auth.accept(b);
        HttpRequest request = b.build();

        try {
            RateLimiter.waitForPermission(rateLimiter);
        } catch (RequestNotPermitted e) {
            throw new AcumaticaRateLimitException("The client's request-per-minute limit kept the request waiting "
                    + "too long", e.getMessage(), -1, null);
        }
        try {
            bulkhead.acquirePermission();
        } catch (BulkheadFullException e) {
            throw new AcumaticaRateLimitException("Too many Acumatica requests in flight for too long",
                    e.getMessage(), -1, null);
        }
        long start = System.nanoTime();
        int status = -1;
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            status = r.statusCode();
            s.storeCookies(r.headers());
            if (log.isDebugEnabled()) {
                log.debug("{} {} -> {} in {} ms ({})", call.method(), pathOf(call.url()), status,
                        (System.nanoTime() - start) / 1_000_000, s);
            }
            return r;
        } catch (IOException e) {
            log.debug("{} {} failed: {}", call.method(), pathOf(call.url()), e.toString());
            throw ErrorMapper.fromIo(e, cfg.baseUrl(), call.label(), call.write());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcumaticaUnreachableException("Interrupted while waiting for Acumatica", null, -1,
                    call.write(), e);
        } finally {
            bulkhead.onComplete();
            long took = System.nanoTime() - start;
            try {
                cfg.listener().onRequest(call.method(), call.entity(), call.action(), status, took);
            } catch (RuntimeException e) {
                log.debug("request listener failed", e);
            }
        }
    }

    private static String pathOf(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }
}
