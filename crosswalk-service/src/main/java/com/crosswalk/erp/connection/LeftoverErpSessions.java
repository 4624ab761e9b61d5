package com.crosswalk.erp.connection;

import com.crosswalk.erp.connector.ErpConnectionSettings;
import com.crosswalk.shared.ErpUnavailableException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Signs out the ERP sessions that instances killed before they could sign out left open ({@link ErpSessions}), so
 * that they do not hold the licence's API users until the ERP times them out (Acumatica: 10 minutes idle; with a
 * trial licence's 2 API users, a service started again at once could not sign in until then). Runs for a company
 * before its connector is first used in this process ({@link ErpConnectors#onFirstUse}), once as soon as
 * the service is ready (on a background thread: an unreachable ERP never delays the start), then every
 * {@code crosswalk.instances.heartbeat-interval × missed-heartbeats} for instances on other hosts that die later.
 *
 * <p>A leftover whose sign-out the ERP could not be asked for is tried again at the next pass; one older than an hour
 * is forgotten (Acumatica has closed it: 10 minutes for cookies, the token's hour for OAuth), and so is one whose
 * company now points at another ERP address.
 */
@Component
class LeftoverErpSessions implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LeftoverErpSessions.class);
    private static final Duration ERP_CLOSES_THEM_AFTER = Duration.ofHours(1);

    private final ErpSessions sessions;
    private final ErpConnectors connectors;
    private final ServiceInstances instances;
    private final Duration interval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "erp-leftover-sessions");
        t.setDaemon(true);
        return t;
    });

    LeftoverErpSessions(ErpSessions sessions, ErpConnectors connectors, ServiceInstances instances, Environment env) {
        this.sessions = sessions;
        this.connectors = connectors;
        this.instances = instances;
        Duration beat = env.getProperty("crosswalk.instances.heartbeat-interval", Duration.class, Duration.ofSeconds(5));
        int missed = env.getProperty("crosswalk.instances.missed-heartbeats", Integer.class, 3);
        this.interval = beat.multipliedBy(Math.max(1, missed));
        if (instances.registers()) {
            connectors.onFirstUse(id -> sweep(id));
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (!instances.registers()) {
            return;
        }
        long ms = Math.max(1, interval.toMillis());
        timer.scheduleWithFixedDelay(this::sweepQuietly, 0, ms, TimeUnit.MILLISECONDS);
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("Looking for ERP sessions left by stopped instances failed: {}", e.getMessage());
        }
    }

    /** One pass; returns the number of leftover sessions signed out (or found closed already). */
    int sweep() {
        return sweep(null);
    }

    /** One pass over one company's leftovers (before its connector's first use), or every company's (null). */
    int sweep(Long onlyCompany) {
        int signedOut = 0;
        for (ErpSessions.Leftover leftover : sessions.leftovers()) {
            if (onlyCompany != null && leftover.companyId() != onlyCompany) {
                continue;
            }
            if (leftover.updatedAt().isBefore(OffsetDateTime.now().minus(ERP_CLOSES_THEM_AFTER))) {
                sessions.forget(leftover.id());
                continue;
            }
            Optional<ErpConnectionSettings> settings = connectors.settings(leftover.companyId());
            if (settings.isEmpty() || !leftover.baseUrl().equals(settings.get().baseUrl())) {
                sessions.forget(leftover.id()); // the company's ERP moved: its old address is not ours to call
                continue;
            }
            try {
                boolean closed = connectors.forCompany(leftover.companyId()).signOutLeftoverSession(leftover.credentials());
                sessions.forget(leftover.id());
                if (closed) {
                    signedOut++;
                }
                log.info("ERP session left open by stopped instance {} (company {}): {}", leftover.instanceId(),
                        leftover.companyId(), closed ? "signed out" : "could not be signed out, forgotten");
            } catch (ErpUnavailableException e) {
                log.info("ERP session left open by stopped instance {} (company {}): the ERP could not be reached, "
                        + "trying again in {} s", leftover.instanceId(), leftover.companyId(), interval.toSeconds());
            }
        }
        return signedOut;
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
