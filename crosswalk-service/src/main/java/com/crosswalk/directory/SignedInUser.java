package com.crosswalk.directory;

import com.crosswalk.audit.Actor;
import java.util.Collection;
import java.util.List;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * Who is signed in, however they signed in (page, HTTP Basic, access token, CLI). Permissions are not cached
 * here: {@link Permissions} reads them fresh, so a revoked privilege takes effect on the next request.
 */
public final class SignedInUser implements UserDetails, CredentialsContainer, Actor {

    private final long id;
    private final Long companyId;
    private final String login;
    private final String displayName;
    private final boolean operator;
    private final boolean active;
    private String passwordHash;

    public SignedInUser(long id, Long companyId, String login, String displayName, boolean operator, boolean active,
            String passwordHash) {
        this.id = id;
        this.companyId = companyId;
        this.login = login;
        this.displayName = displayName;
        this.operator = operator;
        this.active = active;
        this.passwordHash = passwordHash;
    }

    @Override
    public long id() {
        return id;
    }

    /** The user's company; null for the platform operator. */
    public Long companyId() {
        return companyId;
    }

    @Override
    public String login() {
        return login;
    }

    public String displayName() {
        return displayName;
    }

    public boolean isOperator() {
        return operator;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority(operator ? "ROLE_OPERATOR" : "ROLE_USER"));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return login;
    }

    @Override
    public boolean isEnabled() {
        return active;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    @Override
    public String toString() {
        return "SignedInUser[" + login + "]";
    }
}
