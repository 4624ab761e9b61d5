package com.crosswalk.directory;

import com.crosswalk.shared.Throttles;
import com.crosswalk.shared.Throttles.Limit;
import com.crosswalk.shared.TooManyRequestsException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing on the login form and HTTP Basic, for the whole cluster (the buckets are in
 * PostgreSQL, {@link Throttles}). Two keys, each a bucket of failed attempts refilled evenly over
 * {@code crosswalk.sign-in.window} (default 5 minutes):
 * <ul>
 * <li><b>login + address</b>: {@code max-failures-per-login-and-address} (default 5) wrong passwords, then one more
 *     try each {@code window / max} (a minute). Only that address is slowed for that login: someone guessing from
 *     elsewhere can not lock the real person out, and a successful sign-in clears it;</li>
 * <li><b>address</b>: {@code max-failures-per-address} (default 50) failures for any logins, then one more each
 *     {@code window / max} — password spraying from one address.</li>
 * </ul>
 * The address is the request's remote address, so behind a load balancer set {@code server.forward-headers-strategy}
 * (native or framework) and it is the client's, not the balancer's.
 */
@Component
public class SignInThrottle {

    private final Limit perLoginAndAddress;
    private final Limit perAddress;
    private final Throttles throttles;

    SignInThrottle(Throttles throttles,
            @Value("${crosswalk.sign-in.max-failures-per-login-and-address:5}") int maxPerLoginAndAddress,
            @Value("${crosswalk.sign-in.max-failures-per-address:50}") int maxPerAddress,
            @Value("${crosswalk.sign-in.window:5m}") Duration window) {
        this.throttles = throttles;
        this.perLoginAndAddress = new Limit("signin-la", maxPerLoginAndAddress, window);
        this.perAddress = new Limit("signin-a", maxPerAddress, window);
    }

    /** How long the login from that address must wait before trying again; empty when it may try now. */
    public Optional<Duration> blocked(String login, String address) {
        Optional<Duration> a = throttles.waitBefore(perLoginAndAddress, key(login, address));
        Optional<Duration> b = throttles.waitBefore(perAddress, String.valueOf(address));
        return a.isEmpty() ? b : b.isEmpty() ? a : Optional.of(a.get().compareTo(b.get()) > 0 ? a.get() : b.get());
    }

    public String refusal(Duration wait) {
        return "Too many failed sign-in attempts. Try again " + TooManyRequestsException.in(wait) + ".";
    }

    void failed(String login, String address) {
        throttles.record(perLoginAndAddress, key(login, address), 1);
        throttles.record(perAddress, String.valueOf(address), 1);
    }

    void succeeded(String login, String address) {
        throttles.reset(perLoginAndAddress, key(login, address));
    }

    @EventListener
    void onFailure(AbstractAuthenticationFailureEvent event) {
        failed(event.getAuthentication().getName(), address(event.getAuthentication().getDetails()));
    }

    @EventListener
    void onSuccess(AuthenticationSuccessEvent event) {
        Object details = event.getAuthentication().getDetails();
        if (details instanceof WebAuthenticationDetails) { // a sign-in with a password (not a token, not the CLI)
            succeeded(event.getAuthentication().getName(), address(details));
        }
    }

    private static String address(Object details) {
        return details instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : "";
    }

    private static String key(String login, String address) {
        return (login == null ? "" : login.trim().toLowerCase(Locale.ROOT)) + "\n" + address;
    }
}
