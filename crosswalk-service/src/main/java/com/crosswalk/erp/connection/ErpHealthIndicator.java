package com.crosswalk.erp.connection;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health {@code erp}: each company's ERP connection ({@link ErpHealthChecks}), UP when every company's ERP answers,
 * DOWN when one does not; details name the company and say what happened in plain words (never a credential). A
 * health request waits at most {@code crosswalk.health.erp-timeout} (5 s) for all companies together. Member of the
 * health group {@code erp-connections} only ({@code /actuator/health/erp-connections}): neither the overall
 * health, nor liveness, nor readiness depends on a tenant's ERP ({@link ErpHealthGroups}).
 */
@Component("erpHealthIndicator")
class ErpHealthIndicator implements HealthIndicator {

    private final ErpHealthChecks checks;
    private final Duration timeout;

    ErpHealthIndicator(ErpHealthChecks checks, @Value("${crosswalk.health.erp-timeout:5s}") Duration timeout) {
        this.checks = checks;
        this.timeout = timeout;
    }

    @Override
    public Health health() {
        Map<ErpHealthChecks.Company, ErpHealthChecks.Status> results = checks.check(timeout);
        if (results.isEmpty()) {
            return Health.up().withDetail("message", "No company has an ERP connection").build();
        }
        boolean allUp = true;
        Map<String, Object> details = new LinkedHashMap<>();
        for (var e : results.entrySet()) {
            ErpHealthChecks.Status s = e.getValue();
            boolean up = Boolean.TRUE.equals(s.up());
            allUp &= up;
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("status", up ? "UP" : "DOWN");
            one.put("erp", s.erp());
            one.put("message", s.message());
            details.put(e.getKey().name(), one);
        }
        return (allUp ? Health.up() : Health.down()).withDetails(details).build();
    }
}
