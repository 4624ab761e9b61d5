package com.crosswalk.directory;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a sign-in attempt (HTTP Basic on the API: 429 with a message; the login form: back to the login page with
 * an error) while {@link SignInThrottle} blocks the login or the address. Other requests pass untouched.
 */
class SignInThrottleFilter extends OncePerRequestFilter {

    private final SignInThrottle throttle;
    private final ApiErrorWriter errors;

    SignInThrottleFilter(SignInThrottle throttle, ApiErrorWriter errors) {
        this.throttle = throttle;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String login = null;
        boolean form = false;
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                login = colon < 0 ? decoded : decoded.substring(0, colon);
            } catch (IllegalArgumentException e) {
                login = null; // Spring Security answers 401 for a malformed header
            }
        } else if ("POST".equals(request.getMethod()) && "/login".equals(request.getServletPath())) {
            login = request.getParameter("username");
            form = true;
        }
        if (login != null) {
            var wait = throttle.blocked(login, request.getRemoteAddr());
            if (wait.isPresent()) {
                if (form) {
                    response.sendRedirect(request.getContextPath() + "/login?locked");
                } else {
                    response.setHeader("Retry-After", Long.toString(Math.max(1, wait.get().toSeconds())));
                    errors.write(response, 429, throttle.refusal(wait.get()));
                }
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
