package com.crosswalk.directory;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The service's password encoder, which remembers for a few minutes the password that last matched each stored hash,
 * so that a REST client signing in with HTTP Basic on every request pays the BCrypt check (cost 10: 0.1–0.3 s of CPU
 * on a 2-core machine) once per {@code remember} period, not on every request.
 *
 * <p>What is remembered is an HMAC of the password under a key made at random by this process (never the password,
 * never written anywhere), filed under the stored hash itself: a changed password has a new stored hash and is never
 * found; a wrong password never matches the remembered HMAC and is checked by BCrypt (slow on purpose, and counted
 * by the sign-in throttle); a deactivated account is refused by the sign-in's own checks, which run on every request.
 * At most {@value #MAX_ENTRIES} hashes are remembered (all forgotten when full).
 */
final class RememberedPasswords implements PasswordEncoder {

    static final int MAX_ENTRIES = 10_000;

    private record Remembered(byte[] mac, long until) {
    }

    private final PasswordEncoder delegate;
    private final long rememberNanos;
    private final LongSupplier nanoTime;
    private final SecretKeySpec key;
    private final Map<String, Remembered> matched = new ConcurrentHashMap<>();

    RememberedPasswords(PasswordEncoder delegate, Duration remember) {
        this(delegate, remember, System::nanoTime);
    }

    RememberedPasswords(PasswordEncoder delegate, Duration remember, LongSupplier nanoTime) {
        this.delegate = delegate;
        this.rememberNanos = remember.toNanos();
        this.nanoTime = nanoTime;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return delegate.encode(rawPassword);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null || encodedPassword == null || rememberNanos <= 0) {
            return delegate.matches(rawPassword, encodedPassword);
        }
        byte[] mac = mac(rawPassword);
        long now = nanoTime.getAsLong();
        Remembered remembered = matched.get(encodedPassword);
        if (remembered != null && now - remembered.until() < 0 && MessageDigest.isEqual(remembered.mac(), mac)) {
            return true;
        }
        boolean matches = delegate.matches(rawPassword, encodedPassword);
        if (matches) {
            if (matched.size() >= MAX_ENTRIES) {
                matched.clear();
            }
            matched.put(encodedPassword, new Remembered(mac, now + rememberNanos));
        }
        return matches;
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return delegate.upgradeEncoding(encodedPassword);
    }

    private byte[] mac(CharSequence rawPassword) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(key);
            return hmac.doFinal(rawPassword.toString().getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
