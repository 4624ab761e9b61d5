package com.crosswalk.directory;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
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
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Sign-in. The REST API ({@code /rest/**}) takes HTTP Basic, a personal access token, or the browser's session.
 * A request with an {@code Authorization} header is signed in by that header alone (the session is ignored, an
 * unknown scheme is a 401: {@link AccessTokenAuthenticationFilter}), so only requests that really signed in with
 * Basic or Bearer skip the CSRF check; every form and every API write riding on the session cookie needs the token.
 * Pages use the login form; a one-time password link ({@code /password-link/…}) opens without signing in. Metrics ({@code /actuator/prometheus}, {@code /actuator/metrics}) need the platform
 * operator or the scrape token the operator configured ({@code crosswalk.metrics.scrape-token}). Only the login page,
 * static files and health are open. Every redirect is relative: the {@code Host} header is never reflected.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    /** The REST API's JSON and its Swagger UI (whose scripts set inline styles). */
    static final String API_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
            + "form-action 'self'";

    @Bean
    PasswordEncoder passwordEncoder(@Value("${crosswalk.sign-in.remember-verified-password:5m}") Duration remember) {
        // bcrypt by default, with the algorithm named in each stored hash so it can be raised later; a password that
        // matched is remembered a few minutes (HTTP Basic checks it on every request)
        return new RememberedPasswords(PasswordEncoderFactories.createDelegatingPasswordEncoder(), remember);
    }

    /** Publishes sign-in successes and failures (the {@link SignInThrottle} counts them). */
    @Bean
    AuthenticationEventPublisher authenticationEventPublisher(ApplicationEventPublisher events) {
        return new DefaultAuthenticationEventPublisher(events);
    }

    /**
     * The ERP's webhooks ({@code /hooks/**}): no user signs in — each request proves itself with its company's secret,
     * checked by the endpoint (erp/push); no session, no CSRF (nothing rides on a browser's cookies here).
     */
    @Bean
    @Order(-1)
    SecurityFilterChain erpHooks(HttpSecurity http) throws Exception {
        http.securityMatcher("/hooks/**")
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .sessionManagement(s -> s.sessionCreationPolicy(
                        org.springframework.security.config.http.SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(API_CSP)));
        return http.build();
    }

    @Bean
    @Order(0)
    SecurityFilterChain actuator(HttpSecurity http, ApiErrorWriter errors, SignInThrottle throttle,
            AccountLookup accounts, @Value("${crosswalk.metrics.scrape-token:}") String scrapeToken) throws Exception {
        http.securityMatcher("/actuator/**")
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyRequest().hasAnyRole("OPERATOR", MetricsScrapeTokenFilter.ROLE))
                .httpBasic(basic -> basic.authenticationEntryPoint(
                        (req, res, e) -> errors.write(res, 401, "Sign in required: the platform operator or the scrape token")))
                .addFilterBefore(new MetricsScrapeTokenFilter(scrapeToken, errors), BasicAuthenticationFilter.class)
                .addFilterBefore(new SignInThrottleFilter(throttle, errors), BasicAuthenticationFilter.class)
                .addFilterBefore(new ActiveAccountFilter(accounts, errors, true), AuthorizationFilter.class)
                .csrf(csrf -> csrf.disable()) // read-only endpoints
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> errors.write(res, 401,
                                "Sign in required: the platform operator or the scrape token"))
                        .accessDeniedHandler((req, res, ex) -> errors.write(res, 403,
                                "Only the platform operator (or the scrape token) may read the metrics")));
        return http.build();
    }

    @Bean
    @Order(1)
    SecurityFilterChain restApi(HttpSecurity http, AccountLookup accounts, ApiErrorWriter errors, SignInThrottle throttle)
            throws Exception {
        http.securityMatcher("/rest/**")
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint(
                        (req, res, e) -> errors.write(res, 401, "Sign in required: use HTTP Basic or a Bearer access token")))
                .addFilterBefore(new AccessTokenAuthenticationFilter(accounts, errors), BasicAuthenticationFilter.class)
                .addFilterBefore(new SignInThrottleFilter(throttle, errors), BasicAuthenticationFilter.class)
                .addFilterBefore(new ActiveAccountFilter(accounts, errors, true), AuthorizationFilter.class)
                .csrf(csrf -> csrf.requireCsrfProtectionMatcher(SecurityConfiguration::needsCsrfCheck))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(API_CSP)))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> errors.write(res, 401,
                                "Sign in required: use HTTP Basic or a Bearer access token"))
                        .accessDeniedHandler((req, res, ex) -> errors.write(res, 403,
                                "Forbidden: the request has no valid CSRF token or you may not do this")));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain pages(HttpSecurity http, SignInThrottle throttle, ApiErrorWriter errors, AccountLookup accounts)
            throws Exception {
        LoginUrlAuthenticationEntryPoint toLogin = new LoginUrlAuthenticationEntryPoint("/login");
        toLogin.setFavorRelativeUris(true);
        http.addFilterBefore(new SignInThrottleFilter(throttle, errors), UsernamePasswordAuthenticationFilter.class)
                .addFilterBefore(new ActiveAccountFilter(accounts, errors, false), AuthorizationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/error", "/css/**", "/js/**", "/img/**", "/webjars/**",
                                "/favicon.ico").permitAll()
                        // a one-time link to set a password: the link itself is the proof (people.PasswordLinks)
                        .requestMatchers("/password-link/*").permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false).permitAll())
                .exceptionHandling(e -> e.authenticationEntryPoint(toLogin))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout").permitAll())
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(
                                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                        + "frame-ancestors 'none'; form-action 'self'"))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    /**
     * A write riding on the browser's session must carry the CSRF token. A write with an {@code Authorization} header
     * is signed in by that header or refused (401) — never by the session — so another site can not borrow anything;
     * a write with no session cookie at all has no ambient credentials either (it is answered 401 when not signed in).
     */
    private static boolean needsCsrfCheck(HttpServletRequest request) {
        return !SAFE_METHODS.contains(request.getMethod())
                && !AccessTokenAuthenticationFilter.signsInByHeader(request)
                && request.getRequestedSessionId() != null;
    }
}
