package com.crosswalk.directory;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The {@code Authorization} header of a REST request. With one, the request is signed in by it alone: the session's
 * sign-in is set aside, so HTTP Basic must succeed (Spring's filter after this one, else 401), a Bearer personal
 * access token must be valid (else 401), and any other scheme — or an empty header — is a 401. That is what lets the
 * CSRF check skip such requests: none of them can ride on the browser's session.
 */
public class AccessTokenAuthenticationFilter extends OncePerRequestFilter {

    private final AccountLookup accounts;
    private final ApiErrorWriter errors;

    public AccessTokenAuthenticationFilter(AccountLookup accounts, ApiErrorWriter errors) {
        this.accounts = accounts;
        this.errors = errors;
    }

    /** True when the request carries an Authorization header (and is therefore signed in by it, or refused). */
    static boolean signsInByHeader(HttpServletRequest request) {
        return request.getHeader("Authorization") != null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        SecurityContextHolder.clearContext(); // the header, not the session, says who this is
        if (header.regionMatches(true, 0, "Bearer ", 0, 7) && header.length() > 7) {
            var user = accounts.findByToken(header.substring(7).trim());
            if (user.isEmpty()) {
                errors.write(response, 401, "The access token is not valid or has been revoked");
                return;
            }
            var authentication = UsernamePasswordAuthenticationToken.authenticated(user.get(), null,
                    user.get().getAuthorities());
            var context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(authentication);
            SecurityContextHolder.setContext(context);
        } else if (!header.regionMatches(true, 0, "Basic ", 0, 6) || header.length() <= 6) {
            errors.write(response, 401, "Sign in with HTTP Basic or a Bearer access token (Authorization: Basic … "
                    + "or Bearer …)");
            return;
        }
        chain.doFilter(request, response);
    }
}
