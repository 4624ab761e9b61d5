package com.crosswalk.erp.connection;

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
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The company's ERP connection (ERP Integrations Admin). Credentials are write-only: stored encrypted, never returned
 * (only {@code password_set} / {@code oauth_client_secret_set}), never logged. Saving bumps {@code updated_at}, so
 * {@link ErpConnectors} rebuilds the connector (the old one signs out).
 */
@RestController
class ErpConnectionController {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ErpConnectionController.class);

    private final JdbcClient jdbc;
    private final Permissions permissions;
    private final SecretBox secrets;
    private final ErpConnectors connectors;
    private final AuditLog audit;

    ErpConnectionController(JdbcClient jdbc, Permissions permissions, SecretBox secrets, ErpConnectors connectors,
            AuditLog audit) {
        this.jdbc = jdbc;
        this.permissions = permissions;
        this.secrets = secrets;
        this.connectors = connectors;
        this.audit = audit;
    }

    /** PUT body; null fields keep their stored value (a blank password is "keep"). */
    record ConnectionBody(String erpType, String displayName, String baseUrl, String tenant, String branch,
            String endpointName, String endpointVersion, String authMode, String username,
            @Size(max = 1000) String password, String oauthClientId, @Size(max = 1000) String oauthClientSecret,
            String changeOrderClass, Integer maxSessions,
            Integer maxConcurrentRequests, Integer maxRequestsPerMinute) {

        @Override
        public String toString() {
            return "ConnectionBody[baseUrl=" + baseUrl + ", tenant=" + tenant + ", username=" + username + "]";
        }
    }

    @GetMapping("/rest/v1.0/companies/{companyId}/erp/connection")
    Map<String, Object> get(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.ADMIN);
        return view(companyId).orElseThrow(() -> new NotFoundException("No ERP connection is configured"));
    }

    @PutMapping("/rest/v1.0/companies/{companyId}/erp/connection")
    @Transactional
    Map<String, Object> put(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId,
            @Valid @RequestBody ConnectionBody b) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.ADMIN);
        Map<String, Object> before = view(companyId).orElse(null);
        Optional<ErpConnectionSettings> old = connectors.settings(companyId);
        String erpType = pick(b.erpType(), old.map(ErpConnectionSettings::erpType).orElse("acumatica"));
        String baseUrl = pick(b.baseUrl(), old.map(ErpConnectionSettings::baseUrl).orElse(null));
        if (baseUrl == null || !baseUrl.matches("^https?://.+")) {
            throw new BadRequestException("base_url must be an http(s) URL");
        }
        String authMode = pick(b.authMode(), old.map(ErpConnectionSettings::authMode).orElse("cookie"));
        if (!authMode.equals("cookie") && !authMode.equals("oauth")) {
            throw new BadRequestException("auth_mode must be cookie or oauth");
        }
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
        Map<String, Object> after = view(companyId).orElseThrow();
        Map<String, Object> auditAfter = new LinkedHashMap<>(after);
        auditAfter.put("password_changed", secret != null);
        auditAfter.put("oauth_client_secret_changed", oauthSecret != null);
        audit.record(companyId, user, "erp_connection.saved", "company", companyId, "ERP connection settings saved",
                before, auditAfter);
        connectors.evict(companyId);
        return after;
    }

    @PostMapping("/rest/v1.0/companies/{companyId}/erp/connection/test")
    ConnectionCheck test(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.ADMIN);
        ErpConnectionSettings settings = connectors.settings(companyId)
                .orElseThrow(() -> new NotFoundException("No ERP connection is configured"));
        try (ErpConnector connector = connectors.create(settings)) {
            return connector.testConnection();
        } catch (RuntimeException e) {
            // an outage or a refusal in its own words; anything else is a bug, logged with its stack trace
            return new ConnectionCheck(false, ErpFailures.isBug(e)
                    ? ErpFailures.describe(log, "Test connection of company " + companyId, e)
                    : connectors.displayName(companyId) + " could not be reached: " + e.getMessage());
        }
    }

    private Optional<Map<String, Object>> view(long companyId) {
        return jdbc.sql("""
                select c.erp_type, co.erp_display_name, c.base_url, c.tenant, c.branch, c.endpoint_name,
                       c.endpoint_version, c.auth_mode, c.username, c.secret_encrypted is not null,
                       c.oauth_client_id, c.oauth_secret_encrypted is not null, c.change_order_class, c.max_sessions,
                       c.max_concurrent_requests, c.max_requests_per_minute, c.updated_at
                from erp_connection c join company co on co.id = c.company_id where c.company_id = :c""")
                .param("c", companyId)
                .query((rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("erp_type", rs.getString(1));
                    m.put("display_name", rs.getString(2));
                    m.put("base_url", rs.getString(3));
                    m.put("tenant", rs.getString(4));
                    m.put("branch", rs.getString(5));
                    m.put("endpoint_name", rs.getString(6));
                    m.put("endpoint_version", rs.getString(7));
                    m.put("auth_mode", rs.getString(8));
                    m.put("username", rs.getString(9));
                    m.put("password_set", rs.getBoolean(10));
                    m.put("oauth_client_id", rs.getString(11));
                    m.put("oauth_client_secret_set", rs.getBoolean(12));
                    m.put("change_order_class", rs.getString(13));
                    m.put("max_sessions", rs.getInt(14));
                    m.put("max_concurrent_requests", rs.getInt(15));
                    m.put("max_requests_per_minute", rs.getInt(16));
                    m.put("updated_at", rs.getObject(17, java.time.OffsetDateTime.class));
                    return m;
                }).optional();
    }

    private static String pick(String v, String fallback) {
        return v == null || v.isBlank() ? fallback : v.trim();
    }
}
