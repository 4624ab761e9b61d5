package com.crosswalk.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * A password that matched is remembered for a while under its stored hash (HTTP Basic checks the password on every
 * request): the BCrypt check runs again for a wrong password, another stored hash (a changed password) and once the
 * while is over — never does a password that did not match pass.
 */
class RememberedPasswordsTest {

    /** The service's own encoder (real BCrypt), counting the checks it is asked for. */
    static final class Counting implements PasswordEncoder {
        final PasswordEncoder real = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        final AtomicInteger checks = new AtomicInteger();

        @Override
        public String encode(CharSequence raw) {
            return real.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            checks.incrementAndGet();
            return real.matches(raw, encoded);
        }
    }

    @Test
    void aMatchedPasswordIsRememberedUnderItsStoredHashForAWhile() {
        Counting bcrypt = new Counting();
        AtomicLong now = new AtomicLong(0);
        RememberedPasswords passwords = new RememberedPasswords(bcrypt, Duration.ofMinutes(5), now::get);
        String stored = passwords.encode("correct horse");

        assertThat(passwords.matches("correct horse", stored)).isTrue();
        assertThat(passwords.matches("correct horse", stored)).isTrue();
        assertThat(passwords.matches("correct horse", stored)).isTrue();
        assertThat(bcrypt.checks).as("checked once, then remembered").hasValue(1);

        assertThat(passwords.matches("correct horsf", stored)).as("a wrong password").isFalse();
        assertThat(passwords.matches("", stored)).isFalse();
        assertThat(bcrypt.checks).as("wrong passwords are always checked").hasValue(3);
        assertThat(passwords.matches("correct horse", stored)).as("still remembered").isTrue();
        assertThat(bcrypt.checks).hasValue(3);

        String changed = passwords.encode("correct horse");
        assertThat(passwords.matches("correct horse", changed)).as("another stored hash").isTrue();
        assertThat(bcrypt.checks).hasValue(4);
        String other = passwords.encode("battery staple");
        assertThat(passwords.matches("correct horse", other)).as("a password remembered for another hash").isFalse();

        now.addAndGet(Duration.ofMinutes(5).toNanos());
        int before = bcrypt.checks.get();
        assertThat(passwords.matches("correct horse", stored)).as("checked again once the while is over").isTrue();
        assertThat(bcrypt.checks).hasValue(before + 1);
    }

    @Test
    void zeroRemembersNothing() {
        Counting bcrypt = new Counting();
        RememberedPasswords passwords = new RememberedPasswords(bcrypt, Duration.ZERO);
        String stored = passwords.encode("pw");
        assertThat(passwords.matches("pw", stored)).isTrue();
        assertThat(passwords.matches("pw", stored)).isTrue();
        assertThat(bcrypt.checks).hasValue(2);
        assertThat(passwords.matches(null, stored)).isFalse();
    }
}
