package com.crosswalk.erp.connection;

import io.swagger.v3.oas.annotations.media.Schema;
import com.crosswalk.audit.AuditLog;
import com.crosswalk.directory.PermissionLevel;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.erp.connector.ConnectionCheck;
import com.crosswalk.erp.connector.ErpConnectionSettings;
import com.crosswalk.erp.connector.ErpConnector;
import com.crosswalk.erp.connector.ErpFailures;
import com.crosswalk.shared.BadRequestException;
import com.crosswalk.shared.NotFoundException;
import com.crosswalk.shared.SecretBox;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

/**
 * The company's ERP connection (ERP Integrations Admin), for the REST API and the settings page alike. Credentials are
 * write-only: stored encrypted, never returned (only {@code password_set} / {@code oauth_client_secret_set}), never
 * logged. Saving bumps {@code updated_at}, so {@link ErpConnectors} rebuilds the connector (the old one signs out).
 */
@org.springframework.stereotype.Service
public class ErpConnectionService {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ErpConnectionService.class);

    private final JdbcClient jdbc;
    private final Permissions permissions;
    private final SecretBox secrets;
    private final ErpConnectors connectors;
    private final AuditLog audit;
    private final ErpUrlPolicy urlPolicy;

    ErpConnectionService(JdbcClient jdbc, Permissions permissions, SecretBox secrets, ErpConnectors connectors,
            AuditLog audit, ErpUrlPolicy urlPolicy) {
        this.urlPolicy = urlPolicy;
        this.jdbc = jdbc;
        this.permissions = permissions;
        this.secrets = secrets;
        this.connectors = connectors;
        this.audit = audit;
    }

    /** PUT body; null fields keep their stored value (a blank password is "keep"). */
    @Schema(name = "ErpConnectionUpdate")
    public record ConnectionBody(String erpType, String displayName, String baseUrl, String tenant, String branch,
            String endpointName, String endpointVersion, String authMode, String username,
            @Size(max = 1000) String password, String oauthClientId, @Size(max = 1000) String oauthClientSecret,
            String changeOrderClass, Integer maxSessions,
            Integer maxConcurrentRequests, Integer maxRequestsPerMinute) {

        @Override
        public String toString() {
            return "ConnectionBody[baseUrl=" + baseUrl + ", tenant=" + tenant + ", username=" + username + "]";
        }
    }

    /** The connection as the API shows it: every setting but the secrets, of which only whether they are set. */
    @Schema(name = "ErpConnection")
    public record ConnectionView(String erpType, String displayName, String baseUrl, String tenant, String branch,
            String endpointName, String endpointVersion, String authMode, String username, boolean passwordSet,
            String oauthClientId, boolean oauthClientSecretSet, String changeOrderClass, int maxSessions,
            int maxConcurrentRequests, int maxRequestsPerMinute, java.time.OffsetDateTime updatedAt) {

        Map<String, Object> forAudit() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("erp_type", erpType);
            m.put("display_name", displayName);
            m.put("base_url", baseUrl);
            m.put("tenant", tenant);
            m.put("branch", branch);
            m.put("endpoint_name", endpointName);
            m.put("endpoint_version", endpointVersion);
            m.put("auth_mode", authMode);
            m.put("username", username);
            m.put("password_set", passwordSet);
            m.put("oauth_client_id", oauthClientId);
            m.put("oauth_client_secret_set", oauthClientSecretSet);
            m.put("change_order_class", changeOrderClass);
            m.put("max_sessions", maxSessions);
            m.put("max_concurrent_requests", maxConcurrentRequests);
            m.put("max_requests_per_minute", maxRequestsPerMinute);
            m.put("updated_at", updatedAt);
            return m;
        }
    }

    /** The connection, or 404 when none is configured. */
    public ConnectionView get(SignedInUser user, long companyId) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.ADMIN);
        return view(companyId).orElseThrow(() -> new NotFoundException("No ERP connection is configured"));
    }

    /** Saves the settings given (null = keep; a blank password keeps the stored one); audited. */
    @Transactional
    public ConnectionView save(SignedInUser user, long companyId, ConnectionBody b) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.ADMIN);
        Map<String, Object> before = view(companyId).map(ConnectionView::forAudit).orElse(null);
        Optional<ErpConnectionSettings> old = connectors.settings(companyId);
        String erpType = pick(b.erpType(), old.map(ErpConnectionSettings::erpType).orElse("acumatica"));
        String baseUrl = pick(b.baseUrl(), old.map(ErpConnectionSettings::baseUrl).orElse(null));
        if (baseUrl == null || !baseUrl.matches("^https?://.+")) {
            throw new BadRequestException("base_url must be an http(s) URL");
        }
        urlPolicy.check(baseUrl);
        String authMode = pick(b.authMode(), old.map(ErpConnectionSettings::authMode).orElse("cookie"));
        if (!authMode.equals("cookie") && !authMode.equals("oauth")) {
            throw new BadRequestException("auth_mode must be cookie or oauth");
        }
        old.ifPresent(o -> requireSecretsForNewTarget(o, b, baseUrl));
        byte[] secret = b.password() != null && !b.password().isEmpty() ? secrets.encrypt(b.password()) : null;
        byte[] oauthSecret = b.oauthClientSecret() != null && !b.oauthClientSecret().isEmpty()
                ? secrets.encrypt(b.oauthClientSecret()) : null;
        jdbc.sql("""
                insert into erp_connection (company_id, erp_type, base_url, tenant, branch, endpoint_name,
                    endpoint_version, auth_mode, username, secret_encrypted, oauth_client_id, oauth_secret_encrypted,
                    change_order_class, max_sessions, max_concurrent_requests, max_requests_per_minute, updated_at)
                values (:c, :type, :url, :tenant, :branch, coalesce(:ep, 'Default'), coalesce(:ver, '24.200.001'),
                    :auth, :user, :secret, :oid, :osecret, coalesce(:cls, 'COMMITMENT'), coalesce(:ms, 2),
                    coalesce(:mc, 4), coalesce(:mr, 600), clock_timestamp())
                on conflict (company_id) do update set erp_type = excluded.erp_type, base_url = excluded.base_url,
                    tenant = coalesce(:tenant, erp_connection.tenant), branch = coalesce(:branch, erp_connection.branch),
                    endpoint_name = coalesce(:ep, erp_connection.endpoint_name),
                    endpoint_version = coalesce(:ver, erp_connection.endpoint_version),
                    auth_mode = excluded.auth_mode, username = coalesce(:user, erp_connection.username),
                    secret_encrypted = coalesce(:secret, erp_connection.secret_encrypted),
                    oauth_client_id = coalesce(:oid, erp_connection.oauth_client_id),
                    oauth_secret_encrypted = coalesce(:osecret, erp_connection.oauth_secret_encrypted),
                    change_order_class = coalesce(:cls, erp_connection.change_order_class),
                    max_sessions = coalesce(:ms, erp_connection.max_sessions),
                    max_concurrent_requests = coalesce(:mc, erp_connection.max_concurrent_requests),
                    max_requests_per_minute = coalesce(:mr, erp_connection.max_requests_per_minute),
                    updated_at = clock_timestamp()""")
                .param("c", companyId).param("type", erpType).param("url", baseUrl).param("tenant", b.tenant())
                .param("branch", b.branch()).param("ep", b.endpointName()).param("ver", b.endpointVersion())
                .param("auth", authMode).param("user", b.username()).param("secret", secret)
                .param("oid", b.oauthClientId()).param("osecret", oauthSecret).param("cls", b.changeOrderClass())
                .param("ms", b.maxSessions()).param("mc", b.maxConcurrentRequests())
                .param("mr", b.maxRequestsPerMinute())
                .update();
        if (b.displayName() != null && !b.displayName().isBlank()) {
            jdbc.sql("update company set erp_display_name = :n where id = :c").param("n", b.displayName().trim())
                    .param("c", companyId).update();
        }
        ConnectionView after = view(companyId).orElseThrow();
        Map<String, Object> auditAfter = after.forAudit();
        auditAfter.put("password_changed", secret != null);
        auditAfter.put("oauth_client_secret_changed", oauthSecret != null);
        audit.record(companyId, user, "erp_connection.saved", "company", companyId, "ERP connection settings saved",
                before, auditAfter);
        connectors.evict(companyId);
        return after;
    }

    /**
     * The stored password (or OAuth secret) goes only where it went before: pointing the connection at another
     * server, tenant or user needs it typed again, or whoever may edit the URL could send it to a host of theirs.
     */
    private static void requireSecretsForNewTarget(ErpConnectionSettings old, ConnectionBody b, String baseUrl) {
        boolean newTarget = !same(baseUrl, old.baseUrl()) || changed(b.tenant(), old.tenant())
                || changed(b.username(), old.username());
        if (newTarget && (b.password() == null || b.password().isEmpty()) && old.password() != null) {
            throw new BadRequestException("password is required when base_url, tenant or username changes: the stored "
                    + "password is only ever sent where it was saved for");
        }
        boolean newOauthTarget = !same(baseUrl, old.baseUrl()) || changed(b.oauthClientId(), old.oauthClientId());
        if (newOauthTarget && (b.oauthClientSecret() == null || b.oauthClientSecret().isEmpty())
                && old.oauthClientSecret() != null) {
            throw new BadRequestException("oauth_client_secret is required when base_url or oauth_client_id changes");
        }
    }

    private static boolean same(String a, String b) {
        return a != null && b != null && a.trim().replaceAll("/+$", "").equalsIgnoreCase(b.trim().replaceAll("/+$", ""));
    }

    private static boolean changed(String given, String stored) {
        return given != null && !given.isBlank() && !given.trim().equals(stored);
    }

    /**
     * Signs in to the ERP with the saved settings. The answer says whether it worked, in plain words: never the
     * remote server's own text, and never whether the address refused or did not answer (that would make this a
     * probe of what the server can reach). The details go to the server log.
     */
    public ConnectionCheck test(SignedInUser user, long companyId) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.ADMIN);
        ErpConnectionSettings settings = connectors.settings(companyId)
                .orElseThrow(() -> new NotFoundException("No ERP connection is configured"));
        urlPolicy.check(settings.baseUrl());
        String erp = connectors.displayName(companyId);
        ConnectionCheck result;
        try (ErpConnector connector = connectors.create(settings)) {
            result = connector.testConnection();
        } catch (RuntimeException e) {
            // a bug is logged with its stack trace (its id in the answer); an outage or refusal only in the server log:
            // the answer never tells refused from timed out
            if (ErpFailures.isBug(e)) {
                return new ConnectionCheck(false, ErpFailures.describe(log, "Test connection of company " + companyId, e));
            }
            result = new ConnectionCheck(false, e.toString());
        }
        if (result.ok()) {
            return new ConnectionCheck(true, "Connected: " + erp + " accepted the sign-in with these settings.");
        }
        log.info("Test connection of company {} failed: {}", companyId, result.message());
        return new ConnectionCheck(false, erp + " did not accept a connection with these settings. Check the URL, "
                + "tenant, username and password, and that " + erp + " can be reached from Crosswalk.");
    }

    private Optional<ConnectionView> view(long companyId) {
        return jdbc.sql("""
                select c.erp_type, co.erp_display_name, c.base_url, c.tenant, c.branch, c.endpoint_name,
                       c.endpoint_version, c.auth_mode, c.username, c.secret_encrypted is not null,
                       c.oauth_client_id, c.oauth_secret_encrypted is not null, c.change_order_class, c.max_sessions,
                       c.max_concurrent_requests, c.max_requests_per_minute, c.updated_at
                from erp_connection c join company co on co.id = c.company_id where c.company_id = :c""")
                .param("c", companyId)
                .query((rs, n) -> new ConnectionView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getBoolean(10), rs.getString(11), rs.getBoolean(12), rs.getString(13), rs.getInt(14),
                        rs.getInt(15), rs.getInt(16), rs.getObject(17, java.time.OffsetDateTime.class)))
                .optional();
    }

    private static String pick(String v, String fallback) {
        return v == null || v.isBlank() ? fallback : v.trim();
    }
}
