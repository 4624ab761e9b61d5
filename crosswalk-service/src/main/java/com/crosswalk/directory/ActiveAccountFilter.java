package com.crosswalk.directory;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signs out, cleanly, a browser session whose user was deactivated or deleted since signing in: the session is
 * invalidated and the page goes to the login page ("no longer active"), an API call gets 401. A request signed in by
 * its own {@code Authorization} header was checked just now (HTTP Basic and tokens refuse inactive users).
 */
class ActiveAccountFilter extends OncePerRequestFilter {

    private final AccountLookup accounts;
    private final ApiErrorWriter errors;
    private final boolean api;

    ActiveAccountFilter(AccountLookup accounts, ApiErrorWriter errors, boolean api) {
        this.accounts = accounts;
        this.errors = errors;
        this.api = api;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof SignedInUser user
                && !AccessTokenAuthenticationFilter.signsInByHeader(request) && !accounts.isActive(user.id())) {
            SecurityContextHolder.clearContext();
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            if (api) {
                errors.write(response, 401, "Your account is no longer active: you have been signed out");
            } else {
                response.sendRedirect(request.getContextPath() + "/login?inactive");
            }
            return;
        }
        chain.doFilter(request, response);
    }
}
