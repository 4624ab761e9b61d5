package com.crosswalk.erp.connection;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Requests to the ERP per company and minute: the licence's budget used today, on the home page and in
 * {@code GET /rest/v1.0/companies/{id}/erp/summary}. The ERP client reports every HTTP exchange (sign-in, sign-out,
 * polls and retries included, as the ERP counts them); {@link #count} only adds to counters in memory — never a
 * database write on the ERP request path. Every {@code crosswalk.erp.request-counts.flush-interval} (2 s) and on
 * shutdown the counts are added to {@code erp_request_minute} (an upsert that adds, so several instances add up).
 * A process killed with kill -9 loses at most the counts of its last flush interval; the ERP keeps counting them, so
 * the figure shown can be that much low, never high.
 */
@Component
public class ErpRequestCounts {

    private static final Logger log = LoggerFactory.getLogger(ErpRequestCounts.class);
    private static final Duration KEEP = Duration.ofDays(40);

    private record Key(long companyId, long minute) {
    }

    private static final class Counts {
        final LongAdder requests = new LongAdder();
        final LongAdder errors = new LongAdder();
    }

    /** One day's use of the licence: requests, how many failed (no answer, 4xx, 5xx), the busiest minute's requests. */
    @Schema(name = "ErpRequestsToday")
    public record Today(long requests, long errors, long busiestMinuteRequests,
            @Schema(description = "the licence's requests per minute, as configured on the connection; null without one")
            Integer allowedPerMinute) {
    }

    private final Map<Key, Counts> pending = new ConcurrentHashMap<>();
    private final JdbcClient jdbc;
    private final Clock clock;
    private final ScheduledExecutorService flusher;
    private volatile long lastCleanup;

    ErpRequestCounts(JdbcClient jdbc, Environment env) {
        this.jdbc = jdbc;
        this.clock = Clock.systemUTC();
        Duration every = env.getProperty("crosswalk.erp.request-counts.flush-interval", Duration.class,
                Duration.ofSeconds(2));
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "erp-request-counts");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flushQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One HTTP exchange with the company's ERP; {@code error}: no answer, or a 4xx/5xx status. In memory only. */
    public void count(long companyId, boolean error) {
        Counts c = pending.computeIfAbsent(new Key(companyId, clock.millis() / 60_000), k -> new Counts());
        c.requests.increment();
        if (error) {
            c.errors.increment();
        }
    }

    /** Adds the counts not yet written to {@code erp_request_minute}; those of past minutes then leave memory. */
    public synchronized void flush() {
        long now = clock.millis() / 60_000;
        List<Object[]> rows = new ArrayList<>();
        for (var e : pending.entrySet()) {
            long requests = e.getValue().requests.sumThenReset();
            long errors = e.getValue().errors.sumThenReset();
            if (requests > 0) {
                rows.add(new Object[] {e.getKey().companyId(),
                        OffsetDateTime.ofInstant(Instant.ofEpochSecond(e.getKey().minute() * 60), ZoneOffset.UTC),
                        requests, Math.min(errors, requests)});
            } else if (e.getKey().minute() < now - 1) {
                pending.remove(e.getKey(), e.getValue());
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            Object[] row = rows.get(i);
            try {
                // a company deleted meanwhile (or a connector made for no stored company) is skipped, not an error
                jdbc.sql("""
                        insert into erp_request_minute (company_id, minute, requests, errors)
                        select ?, ?, ?, ? where exists (select 1 from company where id = ?)
                        on conflict (company_id, minute) do update
                        set requests = erp_request_minute.requests + excluded.requests,
                            errors = erp_request_minute.errors + excluded.errors""")
                        .params(row[0], row[1], row[2], row[3], row[0]).update();
            } catch (RuntimeException failed) {
                // the database is away: what is not written goes back to memory for the next flush
                for (Object[] left : rows.subList(i, rows.size())) {
                    Counts c = pending.computeIfAbsent(new Key((Long) left[0],
                            ((OffsetDateTime) left[1]).toEpochSecond() / 60), k -> new Counts());
                    c.requests.add((Long) left[2]);
                    c.errors.add((Long) left[3]);
                }
                throw failed;
            }
        }
        if (clock.millis() - lastCleanup > Duration.ofHours(1).toMillis()) {
            lastCleanup = clock.millis();
            jdbc.sql("delete from erp_request_minute where minute < :before")
                    .param("before", OffsetDateTime.now(clock).minus(KEEP)).update();
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Could not write the ERP request counts (kept in memory for the next try): {}", e.toString());
        }
    }

    /**
     * Requests to the company's ERP from {@code from} (inclusive) to {@code to} (exclusive): those written and those
     * still in this instance's memory.
     */
    public Today between(long companyId, Instant from, Instant to) {
        long[] sum = new long[3];
        Map<Long, Long> perMinute = new java.util.HashMap<>();
        jdbc.sql("""
                select extract(epoch from minute)::bigint / 60, requests, errors from erp_request_minute
                where company_id = :c and minute >= :from and minute < :to""")
                .param("c", companyId).param("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
                .param("to", OffsetDateTime.ofInstant(to, ZoneOffset.UTC))
                .query(rs -> {
                    perMinute.merge(rs.getLong(1), rs.getLong(2), Long::sum);
                    sum[1] += rs.getLong(3);
                });
        long fromMinute = from.getEpochSecond() / 60;
        long toMinute = to.getEpochSecond() / 60;
        pending.forEach((k, c) -> {
            if (k.companyId() == companyId && k.minute() >= fromMinute && k.minute() < toMinute) {
                perMinute.merge(k.minute(), c.requests.sum(), Long::sum);
                sum[1] += c.errors.sum();
            }
        });
        for (long n : perMinute.values()) {
            sum[0] += n;
            sum[2] = Math.max(sum[2], n);
        }
        Integer allowed = jdbc.sql("select max_requests_per_minute from erp_connection where company_id = :c")
                .param("c", companyId).query(Integer.class).optional().orElse(null);
        return new Today(sum[0], sum[1], sum[2], allowed);
    }

    /** Writes what is left (on shutdown, while the database is still there). */
    @PreDestroy
    void close() {
        flusher.shutdownNow();
        flushQuietly();
    }
}
