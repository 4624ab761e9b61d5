package com.crosswalk.directory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing on the login form and HTTP Basic: after {@code crosswalk.sign-in.max-failures-per-login}
 * (default 5) failed attempts for one login, or {@code max-failures-per-ip} (default 20) from one address, within
 * {@code crosswalk.sign-in.window} (default 5 minutes), further attempts are refused until the window has passed.
 * A successful sign-in clears the login's count. In memory, per instance, bounded: at most {@value #MAX_KEYS} keys.
 */
@Component
public class SignInThrottle {

    static final int MAX_KEYS = 10_000;

    private record Window(Instant start, int failures) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final int maxPerLogin;
    private final int maxPerIp;
    private final Duration window;
    private final Clock clock = Clock.systemUTC();

    SignInThrottle(@Value("${crosswalk.sign-in.max-failures-per-login:5}") int maxPerLogin,
            @Value("${crosswalk.sign-in.max-failures-per-ip:20}") int maxPerIp,
            @Value("${crosswalk.sign-in.window:5m}") Duration window) {
        this.maxPerLogin = maxPerLogin;
        this.maxPerIp = maxPerIp;
        this.window = window;
    }

    /** Seconds until the login or address may try again; 0 when it may now. */
    public long blockedForSeconds(String login, String ip) {
        return Math.max(blocked("login:" + normalize(login), maxPerLogin), blocked("ip:" + ip, maxPerIp));
    }

    public String refusal(long seconds) {
        long minutes = Math.max(1, (seconds + 59) / 60);
        return "Too many failed sign-in attempts. Try again in " + minutes + (minutes == 1 ? " minute." : " minutes.");
    }

    private long blocked(String key, int max) {
        Window w = windows.get(key);
        if (w == null || w.failures() < max) {
            return 0;
        }
        long left = Duration.between(clock.instant(), w.start().plus(window)).toSeconds();
        return Math.max(0, left);
    }

    void failed(String login, String ip) {
        if (windows.size() >= MAX_KEYS) {
            Instant now = clock.instant();
            windows.values().removeIf(w -> w.start().plus(window).isBefore(now));
            if (windows.size() >= MAX_KEYS) {
                windows.clear();
            }
        }
        count("login:" + normalize(login));
        if (ip != null) {
            count("ip:" + ip);
        }
    }

    private void count(String key) {
        Instant now = clock.instant();
        windows.compute(key, (k, w) -> w == null || w.start().plus(window).isBefore(now)
                ? new Window(now, 1) : new Window(w.start(), w.failures() + 1));
    }

    void succeeded(String login) {
        windows.remove("login:" + normalize(login));
    }

    @EventListener
    void onFailure(AbstractAuthenticationFailureEvent event) {
        Object details = event.getAuthentication().getDetails();
        failed(event.getAuthentication().getName(),
                details instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null);
    }

    @EventListener
    void onSuccess(AuthenticationSuccessEvent event) {
        succeeded(event.getAuthentication().getName());
    }

    private static String normalize(String login) {
        return login == null ? "" : login.trim().toLowerCase(java.util.Locale.ROOT);
    }
}
