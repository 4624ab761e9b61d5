package com.crosswalk.erp.connection;

import com.crosswalk.erp.connector.ConnectionCheck;
import com.crosswalk.erp.connector.ErpFailures;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Each company's ERP connection health: Test connection through its connector, on a small pool of its own, cached
 * ({@code crosswalk.health.erp-cache}, 30 s) per company. Shown by the health group {@code erp-connections}
 * ({@code /actuator/health/erp-connections}; not part of readiness: one tenant's broken ERP must not take the service out of a
 * load balancer), by the gauge {@code crosswalk_erp_up{company_id}} (1 up, 0 down) and on the operator's page. The
 * gauge and the page never wait: they read the last result and start a fresh check in the background when it is
 * stale. A check still running is never started twice.
 */
@Component
public class ErpHealthChecks implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ErpHealthChecks.class);

    /** One company's last check. {@code checkedAt} null: never checked yet. */
    public record Status(long companyId, String companyName, String erp, Boolean up, String message,
            Instant checkedAt) {
    }

    record Company(long id, String name) {
    }

    private final JdbcClient jdbc;
    private final ErpConnectors connectors;
    private final Duration cacheTtl;
    private final ExecutorService checks;
    private final Map<Long, Status> last = new ConcurrentHashMap<>();
    private final Map<Long, Future<Status>> running = new ConcurrentHashMap<>();
    private final MeterRegistry meters;

    ErpHealthChecks(JdbcClient jdbc, ErpConnectors connectors, ObjectProvider<MeterRegistry> meters,
            @Value("${crosswalk.health.erp-cache:30s}") Duration cacheTtl) {
        this.jdbc = jdbc;
        this.connectors = connectors;
        this.cacheTtl = cacheTtl;
        this.meters = meters.getIfAvailable();
        AtomicInteger n = new AtomicInteger();
        this.checks = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "erp-health-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    List<Company> companies() {
        return jdbc.sql("""
                select c.id, c.name from erp_connection e join company c on c.id = e.company_id order by c.id""")
                .query((rs, n) -> new Company(rs.getLong(1), rs.getString(2))).list();
    }

    /** Every company's last result (starting a check in the background where it is stale); never waits. */
    public List<Status> latest() {
        return companies().stream().map(c -> {
            Status s = last.get(c.id());
            if (s == null || stale(s)) {
                refresh(c);
            }
            return s != null ? s : new Status(c.id(), c.name(), displayName(c.id()), null, "Checking…", null);
        }).toList();
    }

    /** Every company's result, waiting at most {@code timeout} for all of them (the health group). */
    Map<Company, Status> check(Duration timeout) {
        Map<Company, Future<Status>> futures = new LinkedHashMap<>();
        Map<Company, Status> out = new LinkedHashMap<>();
        for (Company c : companies()) {
            Status s = last.get(c.id());
            if (s != null && !stale(s)) {
                out.put(c, s);
            } else {
                futures.put(c, refresh(c));
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (var e : futures.entrySet()) {
            Company c = e.getKey();
            String erp = displayName(c.id());
            Status s;
            try {
                s = e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException ex) {
                // left running (bounded by the connector's own request timeout); the next check reuses it
                s = new Status(c.id(), c.name(), erp, false, erp + " did not answer within " + timeout.toSeconds()
                        + " s", Instant.now());
            } catch (ExecutionException ex) {
                s = new Status(c.id(), c.name(), erp, false, erp + " could not be checked", Instant.now());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                s = new Status(c.id(), c.name(), erp, false, "The check of " + erp + " was interrupted", Instant.now());
            }
            out.put(c, s);
        }
        return out;
    }

    private boolean stale(Status s) {
        return s.checkedAt() == null || Duration.between(s.checkedAt(), Instant.now()).compareTo(cacheTtl) > 0;
    }

    private Future<Status> refresh(Company c) {
        gauge(c.id());
        return running.computeIfAbsent(c.id(), id -> checks.submit(() -> {
            try {
                Status s = test(c);
                last.put(id, s);
                return s;
            } finally {
                running.remove(id);
            }
        }));
    }

    private Status test(Company c) {
        String erp = displayName(c.id());
        ConnectionCheck result;
        try {
            result = connectors.forCompany(c.id()).testConnection();
        } catch (RuntimeException e) {
            result = new ConnectionCheck(false, ErpFailures.isBug(e)
                    ? ErpFailures.describe(log, "The health check of company " + c.id() + "'s ERP", e)
                    : e.getMessage());
        }
        return new Status(c.id(), c.name(), erp, result.ok(), result.message(), Instant.now());
    }

    private void gauge(long companyId) {
        if (meters != null) {
            Gauge.builder("crosswalk.erp.up", this, h -> h.upValue(companyId))
                    .description("Whether the company's ERP connection answered its last check (1) or not (0)")
                    .tag("company_id", Long.toString(companyId))
                    .register(meters);
        }
    }

    /** The gauge's value: the last result (a stale one starts a fresh check); NaN before the first. */
    private double upValue(long companyId) {
        Status s = last.get(companyId);
        if (s == null || stale(s)) {
            companies().stream().filter(c -> c.id() == companyId).findFirst().ifPresent(this::refresh);
        }
        return s == null || s.up() == null ? Double.NaN : s.up() ? 1 : 0;
    }

    private String displayName(long companyId) {
        try {
            return connectors.displayName(companyId);
        } catch (RuntimeException e) {
            return ErpConnectors.DEFAULT_DISPLAY_NAME;
        }
    }

    /** The last result of one company, if checked. */
    public Optional<Status> last(long companyId) {
        return Optional.ofNullable(last.get(companyId));
    }

    @Override
    public void destroy() {
        checks.shutdownNow();
    }
}
