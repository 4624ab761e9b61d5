package com.crosswalk.erp.connection;

import com.crosswalk.erp.connector.ErpConnectionSettings;
import com.crosswalk.erp.connector.ErpConnector;
import com.crosswalk.erp.connector.ErpConnectorProvider;
import com.crosswalk.erp.connector.ErpSessionLog;
import com.crosswalk.shared.ErpUnavailableException;
import com.crosswalk.shared.SecretBox;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The ERP connector of each company: built from its {@code erp_connection} row by the provider of its ERP type,
 * cached, and rebuilt (the old one closed: its sessions signed out) when the settings change. Every connector is
 * closed on shutdown.
 *
 * <p>The connection's limits (API users, concurrent requests, requests per minute) are the ERP licence's, for all
 * instances together: each instance's connector gets its share of them ({@link ServiceInstances#share}), and is
 * rebuilt when the number of live instances changes. The replaced connector is closed (sessions signed out) after
 * {@code crosswalk.instances.close-grace} (default 5 s), so an export that already holds it finishes its requests.
 *
 * <p>No caller ever waits for a sign-out: a replaced or evicted connector is closed on a background thread, and a
 * connector is made under a lock of its company only, so one company's slow ERP never holds another's exports or
 * unlinks (nor a database transaction that evicts a connector after saving the settings).
 */
@Service
public class ErpConnectors implements DisposableBean {

    public static final String DEFAULT_DISPLAY_NAME = "Acumatica";
    private static final Logger log = LoggerFactory.getLogger(ErpConnectors.class);

    private final JdbcClient jdbc;
    private final SecretBox secrets;
    private final Map<String, ErpConnectorProvider> providers = new HashMap<>();
    private final Map<Long, Cached> cache = new ConcurrentHashMap<>();
    private final Map<Long, Object> companyLocks = new ConcurrentHashMap<>();

    private final ServiceInstances instances;
    private final ErpSessions sessions;
    private final Duration closeGrace;
    private final ScheduledExecutorService closer = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "erp-connector-close");
        t.setDaemon(true);
        return t;
    });

    private record Cached(OffsetDateTime settingsVersion, ServiceInstances.Snapshot instances, ErpConnector connector) {
    }

    @Autowired
    ErpConnectors(JdbcClient jdbc, SecretBox secrets, List<ErpConnectorProvider> providers,
            ServiceInstances instances, ErpSessions sessions, Environment env) {
        this(jdbc, secrets, providers, instances, sessions,
                env.getProperty("crosswalk.instances.close-grace", Duration.class, Duration.ofSeconds(5)));
    }

    /** Connectors sharing the limits with the other instances {@code instances} sees (their sessions not noted). */
    public ErpConnectors(JdbcClient jdbc, SecretBox secrets, List<ErpConnectorProvider> providers,
            ServiceInstances instances, Duration closeGrace) {
        this(jdbc, secrets, providers, instances, null, closeGrace);
    }

    private ErpConnectors(JdbcClient jdbc, SecretBox secrets, List<ErpConnectorProvider> providers,
            ServiceInstances instances, ErpSessions sessions, Duration closeGrace) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.instances = instances;
        this.sessions = sessions;
        this.closeGrace = closeGrace;
        for (ErpConnectorProvider p : providers) {
            this.providers.put(p.erpType(), p);
        }
    }

    /**
     * The company's connector. Throws {@link ErpUnavailableException} when the company has no ERP connection or its
     * ERP type is not supported.
     */
    public ErpConnector forCompany(long companyId) {
        OffsetDateTime version = settingsVersion(companyId)
                .orElseThrow(() -> new ErpUnavailableException("No ERP connection is configured for this company. "
                        + "Ask an ERP Integrations admin to set it up."));
        ServiceInstances.Snapshot live = instances.snapshot();
        Cached current = cache.get(companyId);
        if (current != null && current.settingsVersion().equals(version) && current.instances().equals(live)) {
            return current.connector();
        }
        synchronized (companyLocks.computeIfAbsent(companyId, id -> new Object())) {
            current = cache.get(companyId);
            if (current != null && current.settingsVersion().equals(version) && current.instances().equals(live)) {
                return current.connector();
            }
            ErpConnectionSettings settings = settings(companyId).map(s -> share(s, live))
                    .orElseThrow(() -> new ErpUnavailableException("No ERP connection is configured for this company."));
            ErpConnectorProvider provider = providers.get(settings.erpType());
            if (provider == null) {
                throw new ErpUnavailableException("The ERP type '" + settings.erpType() + "' is not supported");
            }
            // its sessions are noted, so that the next start signs them out if this process is killed
            ErpConnector fresh = provider.create(settings, sessions == null ? ErpSessionLog.NONE
                    : sessions.logFor(companyId, settings.baseUrl()));
            cache.put(companyId, new Cached(version, live, fresh));
            if (current == null) {
                firstUse(companyId);
            }
            if (current != null) {
                if (current.settingsVersion().equals(version)) {
                    log.info("ERP connector of company {} rebuilt for {} live instance(s): {} sessions, {} concurrent "
                            + "requests, {} requests/minute", companyId, live.live(), settings.maxSessions(),
                            settings.maxConcurrentRequests(), settings.maxRequestsPerMinute());
                }
                closeLater(companyId, current.connector());
            }
            return fresh;
        }
    }

    /** The company's ERP address as configured (no secret is decrypted to read it), or empty without a connection. */
    public Optional<String> baseUrl(long companyId) {
        return jdbc.sql("select base_url from erp_connection where company_id = :id").param("id", companyId)
                .query(String.class).optional();
    }

    private volatile java.util.function.LongConsumer firstUseHook = id -> { };

    /**
     * Called (under the company's lock, before its connector is handed out for the first time in this process) with
     * the company's id: {@link LeftoverErpSessions} signs out the sessions a killed instance left, so the first
     * export after a restart does not meet "API Login Limit" while dead sessions hold the licence's API users.
     */
    void onFirstUse(java.util.function.LongConsumer hook) {
        this.firstUseHook = hook == null ? id -> { } : hook;
    }

    private void firstUse(long companyId) {
        try {
            firstUseHook.accept(companyId);
        } catch (RuntimeException e) {
            log.info("Signing out the ERP sessions stopped instances left for company {} failed: {}", companyId,
                    e.getMessage());
        }
    }

    /** The company's ERP display name ("Acumatica" unless configured otherwise). */
    public String displayName(long companyId) {
        return jdbc.sql("select erp_display_name from company where id = :id").param("id", companyId)
                .query(String.class).optional().filter(s -> !s.isBlank()).orElse(DEFAULT_DISPLAY_NAME);
    }

    /**
     * Drops the cached connector of a company, e.g. after its settings were saved; it is closed (signed out) in the
     * background after the grace period, so calls already running on it finish and the caller never waits.
     */
    public void evict(long companyId) {
        Cached old = cache.remove(companyId);
        if (old != null) {
            closeLater(companyId, old.connector());
        }
    }

    /** Closes a replaced connector on the closer thread after {@code close-grace}; nobody waits for its sign-out. */
    private void closeLater(long companyId, ErpConnector old) {
        try {
            closer.schedule(new Closing(companyId, old), closeGrace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            log.debug("Not closing the old ERP connector of company {}: shutting down", companyId);
        }
    }

    /** A connector's sign-out, run by the closer thread (never by a caller of this class). */
    private record Closing(long companyId, ErpConnector connector) implements Runnable {
        @Override
        public void run() {
            closeQuietly(companyId, connector);
        }
    }

    /** The company's settings with secrets decrypted (in memory only), or empty when none are configured. */
    public Optional<ErpConnectionSettings> settings(long companyId) {
        return jdbc.sql("""
                select c.erp_type, co.erp_display_name, c.base_url, c.tenant, c.branch, c.endpoint_name,
                       c.endpoint_version, c.auth_mode, c.username, c.secret_encrypted, c.oauth_client_id,
                       c.oauth_secret_encrypted, c.change_order_class, c.max_sessions, c.max_concurrent_requests,
                       c.max_requests_per_minute
                from erp_connection c join company co on co.id = c.company_id
                where c.company_id = :id""")
                .param("id", companyId)
                .query((rs, n) -> new ErpConnectionSettings(companyId, rs.getString("erp_type"),
                        rs.getString("erp_display_name"), rs.getString("base_url"), rs.getString("tenant"),
                        rs.getString("branch"), rs.getString("endpoint_name"), rs.getString("endpoint_version"),
                        rs.getString("auth_mode"), rs.getString("username"), secrets.decrypt(rs.getBytes("secret_encrypted")),
                        rs.getString("oauth_client_id"), secrets.decrypt(rs.getBytes("oauth_secret_encrypted")),
                        rs.getString("change_order_class"), rs.getInt("max_sessions"),
                        rs.getInt("max_concurrent_requests"), rs.getInt("max_requests_per_minute")))
                .optional();
    }

    /**
     * The company's settings with this instance's share of the limits, as its connector uses them (empty when none
     * are configured).
     */
    public Optional<ErpConnectionSettings> instanceSettings(long companyId) {
        ServiceInstances.Snapshot live = instances.snapshot();
        return settings(companyId).map(s -> share(s, live));
    }

    private static ErpConnectionSettings share(ErpConnectionSettings s, ServiceInstances.Snapshot live) {
        int n = live.live();
        int rank = live.rank();
        return new ErpConnectionSettings(s.companyId(), s.erpType(), s.displayName(), s.baseUrl(), s.tenant(),
                s.branch(), s.endpointName(), s.endpointVersion(), s.authMode(), s.username(), s.password(),
                s.oauthClientId(), s.oauthClientSecret(), s.changeOrderClass(),
                ServiceInstances.share(s.maxSessions(), n, rank),
                ServiceInstances.share(s.maxConcurrentRequests(), n, rank),
                ServiceInstances.share(s.maxRequestsPerMinute(), n, rank));
    }

    /** A connector for settings not saved yet (Test connection); the caller closes it. */
    public ErpConnector create(ErpConnectionSettings settings) {
        ErpConnectorProvider provider = providers.get(settings.erpType());
        if (provider == null) {
            throw new ErpUnavailableException("The ERP type '" + settings.erpType() + "' is not supported");
        }
        return provider.create(settings);
    }

    private Optional<OffsetDateTime> settingsVersion(long companyId) {
        // erp_display_name is part of the settings too; updated_at is bumped on every save of the connection
        return jdbc.sql("select updated_at from erp_connection where company_id = :id").param("id", companyId)
                .query(OffsetDateTime.class).optional();
    }

    private static void closeQuietly(long companyId, ErpConnector connector) {
        try {
            connector.close();
        } catch (RuntimeException e) {
            log.warn("Closing the ERP connector of company {} failed: {}", companyId, e.toString());
        }
    }

    /**
     * Shutdown: every connector signs out (those replaced and still in their grace period too), all at once on
     * daemon threads, waited for at most {@link #SHUTDOWN_SIGN_OUT}: a slow ERP must not hold the service's exit (its
     * sessions then expire on the ERP's side).
     */
    @Override
    public void destroy() {
        List<Runnable> closing = new java.util.ArrayList<>(closer.shutdownNow());
        for (var e : cache.entrySet()) {
            closing.add(new Closing(e.getKey(), e.getValue().connector()));
        }
        cache.clear();
        List<Thread> threads = closing.stream().map(r -> {
            Thread t = new Thread(r, "erp-connector-sign-out");
            t.setDaemon(true);
            t.start();
            return t;
        }).toList();
        long deadline = System.nanoTime() + SHUTDOWN_SIGN_OUT.toNanos();
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The most a shutdown waits for the ERP sign-outs. */
    static final Duration SHUTDOWN_SIGN_OUT = Duration.ofMillis(1500);
}
