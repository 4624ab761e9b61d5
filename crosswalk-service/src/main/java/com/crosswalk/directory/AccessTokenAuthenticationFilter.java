package com.crosswalk.directory;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** {@code Authorization: Bearer <personal access token>} for the REST API. An unknown token is a 401. */
public class AccessTokenAuthenticationFilter extends OncePerRequestFilter {

    private final AccountLookup accounts;
    private final ApiErrorWriter errors;

    public AccessTokenAuthenticationFilter(AccountLookup accounts, ApiErrorWriter errors) {
        this.accounts = accounts;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            var user = accounts.findByToken(header.substring(7).trim());
            if (user.isEmpty()) {
                errors.write(response, 401, "The access token is not valid or has been revoked");
                return;
            }
            var authentication = UsernamePasswordAuthenticationToken.authenticated(user.get(), null,
                    user.get().getAuthorities());
            SecurityContextHolder.getContext().setAuthentication(authentication);
        }
        chain.doFilter(request, response);
    }
}
