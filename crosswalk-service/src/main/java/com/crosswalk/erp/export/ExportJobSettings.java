package com.crosswalk.erp.export;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Background export settings (prefix {@code crosswalk.export}).
 *
 * @param threads            export threads per instance
 * @param pollInterval       how often the scheduler looks for due exports
 * @param heartbeatInterval  heartbeat of running exports; an execution is dead after {@code missedHeartbeats} missed ones
 *                           (5 s × 4: a killed instance's exports are taken over within ~20 s, not 2 minutes)
 * @param missedHeartbeats   missed heartbeats before another instance re-runs an execution (dead-execution detection)
 * @param maxAttempts        attempts when the ERP cannot be reached, then the export fails ("could not be reached")
 * @param retryBackoff       first wait before a retry; doubled each time
 * @param shutdownMaxWait    how long a graceful stop waits for running exports
 */
@ConfigurationProperties(prefix = "crosswalk.export")
public record ExportJobSettings(
        @DefaultValue("4") int threads,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("5s") Duration heartbeatInterval,
        @DefaultValue("4") int missedHeartbeats,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("5s") Duration retryBackoff,
        @DefaultValue("30s") Duration shutdownMaxWait) {
}
