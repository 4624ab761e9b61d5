package com.crosswalk.erp.connection;

import com.crosswalk.erp.connector.ConnectionCheck;
import com.crosswalk.shared.CrosswalkException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Health {@code erp}: for each company with an ERP connection, Test connection through its connector
 * ({@link ErpConnectors#forCompany}), UP when every company's ERP answers, DOWN when one does not. Details name the
 * company and say what happened in plain words (never a credential). A check is cached
 * ({@code crosswalk.health.erp-cache}, 30 s) and bounded ({@code crosswalk.health.erp-timeout}, 5 s, for all companies
 * together): a health request never waits longer, and a check still running is not started twice. Member of the
 * readiness group only; the overall {@code /actuator/health} leaves it out ({@link ErpHealthGroups}).
 */
@Component("erpHealthIndicator")
class ErpHealthIndicator implements HealthIndicator, DisposableBean {

    private final JdbcClient jdbc;
    private final ErpConnectors connectors;
    private final Duration cacheTtl;
    private final Duration timeout;
    private final ExecutorService checks;
    private final Map<Long, Future<ConnectionCheck>> running = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private volatile Health cached;
    private volatile long cachedAt;

    ErpHealthIndicator(JdbcClient jdbc, ErpConnectors connectors,
            @Value("${crosswalk.health.erp-cache:30s}") Duration cacheTtl,
            @Value("${crosswalk.health.erp-timeout:5s}") Duration timeout) {
        this.jdbc = jdbc;
        this.connectors = connectors;
        this.cacheTtl = cacheTtl;
        this.timeout = timeout;
        AtomicInteger n = new AtomicInteger();
        this.checks = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "erp-health-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private record Company(long id, String name) {
    }

    @Override
    public Health health() {
        Health h = cached;
        if (h != null && System.nanoTime() - cachedAt < cacheTtl.toNanos()) {
            return h;
        }
        synchronized (lock) {
            h = cached;
            if (h != null && System.nanoTime() - cachedAt < cacheTtl.toNanos()) {
                return h;
            }
            h = check();
            cached = h;
            cachedAt = System.nanoTime();
            return h;
        }
    }

    private Health check() {
        List<Company> companies = jdbc.sql("""
                select c.id, c.name from erp_connection e join company c on c.id = e.company_id order by c.id""")
                .query((rs, n) -> new Company(rs.getLong(1), rs.getString(2))).list();
        if (companies.isEmpty()) {
            return Health.up().withDetail("message", "No company has an ERP connection").build();
        }
        Map<Company, Future<ConnectionCheck>> futures = new LinkedHashMap<>();
        for (Company c : companies) {
            futures.put(c, running.computeIfAbsent(c.id(), id -> checks.submit(() -> {
                try {
                    return connectors.forCompany(id).testConnection();
                } finally {
                    running.remove(id);
                }
            })));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean allUp = true;
        Map<String, Object> details = new LinkedHashMap<>();
        for (var e : futures.entrySet()) {
            String erp = displayName(e.getKey().id());
            ConnectionCheck result;
            try {
                result = e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException ex) {
                // left running (bounded by the connector's own request timeout); the next check reuses it
                result = new ConnectionCheck(false, erp + " did not answer within " + timeout.toSeconds() + " s");
            } catch (ExecutionException ex) {
                result = new ConnectionCheck(false, ex.getCause() instanceof CrosswalkException ce ? ce.getMessage()
                        : erp + " could not be reached");
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                result = new ConnectionCheck(false, "The check of " + erp + " was interrupted");
            }
            allUp &= result.ok();
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("status", result.ok() ? "UP" : "DOWN");
            one.put("erp", erp);
            one.put("message", result.message());
            details.put(e.getKey().name(), one);
        }
        return (allUp ? Health.up() : Health.down()).withDetails(details).build();
    }

    private String displayName(long companyId) {
        try {
            return connectors.displayName(companyId);
        } catch (RuntimeException e) {
            return ErpConnectors.DEFAULT_DISPLAY_NAME;
        }
    }

    @Override
    public void destroy() {
        checks.shutdownNow();
    }
}
