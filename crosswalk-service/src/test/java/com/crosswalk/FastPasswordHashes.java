package com.crosswalk;

import java.util.Map;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The tests' application context hashes new passwords with BCrypt at cost 4 instead of the service's 10 (the
 * service's own encoder is unchanged: same {@code {bcrypt}} format, same check, only fewer rounds). A sign-in checks
 * the password: at cost 10 that is 0.1–0.3 s of CPU on the 2-core CI machine, and the suite signs in hundreds of users
 * it makes, several times each (the service remembers a matched password for a few minutes only —
 * {@code RememberedPasswords} — and the wrong ones are checked every time). Hashes of any other algorithm or cost are still checked by the
 * service's own encoder. Imported by {@link IntegrationTest} only (not a component: the service processes that some
 * tests start from the test classpath keep the real encoder).
 */
public final class FastPasswordHashes {

    @Bean
    static BeanPostProcessor fastPasswordHashes() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (!(bean instanceof PasswordEncoder service) || bean instanceof FastEncoder) {
                    return bean;
                }
                return new FastEncoder(service);
            }
        };
    }

    /** BCrypt cost 4 for new hashes; every stored hash is checked as the service checks it. */
    static final class FastEncoder implements PasswordEncoder {

        private final PasswordEncoder service;
        private final DelegatingPasswordEncoder fast;

        FastEncoder(PasswordEncoder service) {
            this.service = service;
            this.fast = new DelegatingPasswordEncoder("bcrypt", Map.of("bcrypt", new BCryptPasswordEncoder(4)));
        }

        @Override
        public String encode(CharSequence rawPassword) {
            return fast.encode(rawPassword);
        }

        @Override
        public boolean matches(CharSequence rawPassword, String encodedPassword) {
            return service.matches(rawPassword, encodedPassword);
        }

        @Override
        public boolean upgradeEncoding(String encodedPassword) {
            return fast.upgradeEncoding(encodedPassword); // a cost-4 hash is not re-hashed at every sign-in
        }
    }
}
