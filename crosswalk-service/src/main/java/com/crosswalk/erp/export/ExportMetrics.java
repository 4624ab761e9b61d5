package com.crosswalk.erp.export;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Export metrics: {@code crosswalk.erp.exports} counters (outcome = queued, synced, failed, attempt_failed),
 * {@code crosswalk.erp.exports.running} (this instance), {@code crosswalk.erp.exports.state} gauges (all instances,
 * from the database, cached 10 s) and {@code crosswalk.erp.exports.duration} (accept → synced).
 */
@Component
class ExportMetrics {

    private static final String[] OUTCOMES = {"queued", "synced", "failed", "attempt_failed"};
    private static final String[] STATES = {"ready_to_export", "exporting", "synced", "failed", "rejected"};

    private final MeterRegistry meters;
    private final JdbcClient jdbc;
    private final AtomicInteger running = new AtomicInteger();
    private volatile Map<String, Long> stateCounts = Map.of();
    private volatile long stateCountsAt;

    ExportMetrics(MeterRegistry meters, JdbcClient jdbc) {
        this.meters = meters;
        this.jdbc = jdbc;
        Gauge.builder("crosswalk.erp.exports.running", running, AtomicInteger::get)
                .description("Exports running on this instance").register(meters);
        // every series exists from the start (a scrape shows failed 0, not nothing)
        for (Kind kind : Kind.values()) {
            for (String outcome : OUTCOMES) {
                counter(kind, outcome);
            }
        }
        for (String state : STATES) {
            Gauge.builder("crosswalk.erp.exports.state", this, m -> m.count(state)).tag("state", state)
                    .description("Records in each export state (all companies)").register(meters);
        }
    }

    void queued(Kind kind) {
        counter(kind, "queued").increment();
    }

    void synced(Kind kind, Duration sinceAccept) {
        counter(kind, "synced").increment();
        if (sinceAccept != null) {
            Timer.builder("crosswalk.erp.exports.duration").tag("record_type", kind.recordType)
                    .description("Accept to synced").register(meters).record(sinceAccept);
        }
    }

    void failed(Kind kind) {
        counter(kind, "failed").increment();
    }

    void attemptFailed(Kind kind) {
        counter(kind, "attempt_failed").increment();
    }

    AtomicInteger running() {
        return running;
    }

    private Counter counter(Kind kind, String outcome) {
        return Counter.builder("crosswalk.erp.exports").tag("record_type", kind.recordType).tag("outcome", outcome)
                .description("Exports queued (accepted or retried), synced, failed (for good) and attempts that failed")
                .register(meters);
    }

    private double count(String state) {
        long now = System.currentTimeMillis();
        if (now - stateCountsAt > 10_000) {
            Map<String, Long> counts = new ConcurrentHashMap<>();
            try {
                jdbc.sql("select state, count(*) from erp_export group by state")
                        .query(rs -> {
                            counts.put(rs.getString(1), rs.getLong(2));
                        });
            } catch (RuntimeException e) {
                return Double.NaN;
            }
            stateCounts = counts;
            stateCountsAt = now;
        }
        return stateCounts.getOrDefault(state, 0L);
    }
}
