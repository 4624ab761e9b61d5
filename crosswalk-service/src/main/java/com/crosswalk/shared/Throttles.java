package com.crosswalk.shared;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Rate limits shared by every instance: Bucket4j buckets kept in PostgreSQL ({@code throttle_bucket}, V70), one per
 * key. A {@link Limit} is "at most {@code capacity} events, refilled evenly over {@code period}": after a burst the
 * next event is allowed as soon as one token is back ({@code period / capacity}), so a limit delays, it never locks
 * anyone out for good.
 */
@Component
public class Throttles {

    /** At most {@code capacity} events, refilled greedily over {@code period}. */
    public record Limit(String name, int capacity, Duration period) {

        BucketConfiguration configuration() {
            return BucketConfiguration.builder()
                    .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, period).build()).build();
        }
    }

    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

    private final JdbcClient jdbc;

    public Throttles(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("throttle_bucket").idColumn("id").stateColumn("state").expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ZERO))
                .build();
    }

    private BucketProxy bucket(Limit limit, String key) {
        return buckets.builder().build(id(limit, key), limit::configuration);
    }

    private static String id(Limit limit, String key) {
        return limit.name() + ":" + sha256(key);
    }

    /** How long until one more event of {@code key} is allowed; empty when it is allowed now. Consumes nothing. */
    public Optional<Duration> waitBefore(Limit limit, String key) {
        // No row: nothing was ever counted against the key (or it refilled and was removed) — allowed, without
        // Bucket4j's locking transaction, which would write the row and wait for its commit on every check.
        if (!jdbc.sql("select exists(select 1 from throttle_bucket where id = :id)").param("id", id(limit, key))
                .query(Boolean.class).single()) {
            return Optional.empty();
        }
        EstimationProbe probe = bucket(limit, key).estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? Optional.empty()
                : Optional.of(Duration.ofNanos(Math.max(probe.getNanosToWaitForRefill(), 1_000_000)));
    }

    /** Counts {@code n} events of {@code key} (as many as there are tokens left). */
    public void record(Limit limit, String key, int n) {
        if (n > 0) {
            BucketProxy bucket = bucket(limit, key);
            bucket.tryConsumeAsMuchAsPossible(n);
        }
    }

    /** Forgets the events of {@code key} (e.g. a successful sign-in after a few wrong passwords). */
    public void reset(Limit limit, String key) {
        buckets.removeProxy(id(limit, key));
    }

    /**
     * Rows of buckets that would be full again are worth nothing: removed in batches by one instance at a time, every
     * {@code crosswalk.throttle.cleanup-interval} (a db-scheduler task: the {@code @Scheduled} this was before never
     * ran, the service enables no Spring scheduling). A key whose row is gone is allowed without a write
     * ({@link #waitBefore}).
     */
    @Bean
    static RecurringTask<Void> throttleCleanupTask(
            ObjectProvider<Throttles> throttles,
            @Value("${crosswalk.throttle.cleanup-interval:PT10M}")
            Duration interval) {
        return Tasks.recurring("throttle-buckets-cleanup",
                        Schedules.fixedDelay(interval))
                .execute((instance, ctx) -> throttles.getObject().removeExpired());
    }

    void removeExpired() {
        while (buckets.removeExpired(1000) >= 1000) {
            // another batch
        }
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
