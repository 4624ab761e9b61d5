package com.crosswalk.erp.export;

import com.crosswalk.erp.sync.RecordType;
import com.crosswalk.erp.sync.RecordTypes;
import com.crosswalk.erp.sync.SyncRecords;
import com.crosswalk.erp.sync.SyncState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Export metrics: {@code crosswalk.erp.exports} counters (outcome = queued, synced, failed, attempt_failed),
 * {@code crosswalk.erp.exports.running} (this instance), {@code crosswalk.erp.exports.state} gauges (all instances,
 * from the database, cached 10 s), {@code crosswalk.erp.exports.duration} (accept → synced) and
 * {@code crosswalk.erp.drift} (synced records whose ERP twin no longer holds what was exported, all companies).
 */
@Component
class ExportMetrics {

    private static final String[] OUTCOMES = {"queued", "synced", "failed", "attempt_failed"};
    private static final SyncState[] STATES = {SyncState.READY_TO_EXPORT, SyncState.EXPORTING, SyncState.SYNCED,
            SyncState.FAILED, SyncState.REJECTED};

    private final MeterRegistry meters;
    private final SyncRecords sync;
    private final AtomicInteger running = new AtomicInteger();
    private volatile Map<String, Long> stateCounts = Map.of();
    private volatile long changed;
    private volatile long countsAt;

    ExportMetrics(MeterRegistry meters, SyncRecords sync, RecordTypes types) {
        this.meters = meters;
        this.sync = sync;
        Gauge.builder("crosswalk.erp.exports.running", running, AtomicInteger::get)
                .description("Exports running on this instance").register(meters);
        // every series exists from the start (a scrape shows failed 0, not nothing)
        for (RecordType<?> type : types.all()) {
            for (String outcome : OUTCOMES) {
                counter(type, outcome);
            }
        }
        for (SyncState state : STATES) {
            Gauge.builder("crosswalk.erp.exports.state", this, m -> m.count(state)).tag("state", state.value())
                    .description("Records in each export state (all companies)").register(meters);
        }
        Gauge.builder("crosswalk.erp.drift", this, m -> m.refresh() ? m.changed : Double.NaN)
                .description("Synced records changed in the ERP since they were exported (all companies)")
                .register(meters);
    }

    void queued(RecordType<?> type) {
        counter(type, "queued").increment();
    }

    void synced(RecordType<?> type, Duration sinceAccept) {
        counter(type, "synced").increment();
        if (sinceAccept != null) {
            Timer.builder("crosswalk.erp.exports.duration").tag("record_type", type.recordType())
                    .description("Accept to synced").register(meters).record(sinceAccept);
        }
    }

    void failed(RecordType<?> type) {
        counter(type, "failed").increment();
    }

    void attemptFailed(RecordType<?> type) {
        counter(type, "attempt_failed").increment();
    }

    AtomicInteger running() {
        return running;
    }

    private Counter counter(RecordType<?> type, String outcome) {
        return Counter.builder("crosswalk.erp.exports").tag("record_type", type.recordType()).tag("outcome", outcome)
                .description("Exports queued (accepted or retried), synced, failed (for good) and attempts that failed")
                .register(meters);
    }

    private double count(SyncState state) {
        return refresh() ? stateCounts.getOrDefault(state.value(), 0L) : Double.NaN;
    }

    /** Reads the counts at most every 10 s; false when the database could not answer. */
    private boolean refresh() {
        long now = System.currentTimeMillis();
        if (now - countsAt > 10_000) {
            try {
                stateCounts = sync.countByState();
                changed = sync.countChanged();
            } catch (RuntimeException e) {
                return false;
            }
            countsAt = now;
        }
        return true;
    }
}
