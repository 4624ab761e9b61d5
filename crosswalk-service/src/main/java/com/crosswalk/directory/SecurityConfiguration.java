package com.crosswalk.directory;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Sign-in. The REST API ({@code /rest/**}) takes HTTP Basic, a personal access token, or the browser's session;
 * CSRF is checked on every form and on every API write made with the session cookie (a write carrying an
 * Authorization header cannot be forged by another site). Pages use the login form. Only the login page,
 * static files and health are open.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Bean
    PasswordEncoder passwordEncoder() {
        // bcrypt by default, with the algorithm named in each stored hash so it can be raised later
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** Publishes sign-in successes and failures (the {@link SignInThrottle} counts them). */
    @Bean
    AuthenticationEventPublisher authenticationEventPublisher(ApplicationEventPublisher events) {
        return new DefaultAuthenticationEventPublisher(events);
    }

    @Bean
    @Order(1)
    SecurityFilterChain restApi(HttpSecurity http, AccountLookup accounts, ApiErrorWriter errors, SignInThrottle throttle)
            throws Exception {
        http.securityMatcher("/rest/**")
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/rest/openapi/**", "/rest/docs/**").authenticated()
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint(
                        (req, res, e) -> errors.write(res, 401, "Sign in required: use HTTP Basic or a Bearer access token")))
                .addFilterBefore(new AccessTokenAuthenticationFilter(accounts, errors), BasicAuthenticationFilter.class)
                .addFilterBefore(new SignInThrottleFilter(throttle, errors), BasicAuthenticationFilter.class)
                .csrf(csrf -> csrf.requireCsrfProtectionMatcher(SecurityConfiguration::needsCsrfCheck))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> errors.write(res, 401,
                                "Sign in required: use HTTP Basic or a Bearer access token"))
                        .accessDeniedHandler((req, res, ex) -> errors.write(res, 403,
                                "Forbidden: the request has no valid CSRF token or you may not do this")));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain pages(HttpSecurity http, SignInThrottle throttle, ApiErrorWriter errors) throws Exception {
        http.addFilterBefore(new SignInThrottleFilter(throttle, errors), UsernamePasswordAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/error", "/actuator/health", "/actuator/health/**",
                                "/css/**", "/js/**", "/img/**", "/webjars/**", "/favicon.ico").permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false).permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout").permitAll())
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(
                                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                        + "frame-ancestors 'none'; form-action 'self'"))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    /**
     * A write riding on the browser's session must carry the CSRF token. A write with an Authorization header, or
     * with no session cookie at all, has no ambient credentials another site could borrow: it is not checked here and
     * is answered 401 when it is not signed in (it used to be a 403 "no valid CSRF token", which told an API client
     * that forgot its credentials the wrong thing).
     */
    private static boolean needsCsrfCheck(HttpServletRequest request) {
        return !SAFE_METHODS.contains(request.getMethod()) && request.getHeader("Authorization") == null
                && request.getRequestedSessionId() != null;
    }
}
