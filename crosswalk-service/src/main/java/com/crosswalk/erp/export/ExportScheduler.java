package com.crosswalk.erp.export;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * db-scheduler, configured by hand (there is no Spring Boot 4 starter). The scheduler works on a
 * {@link TransactionAwareDataSourceProxy}, so {@code schedule(...)} called inside a Spring transaction (Accept,
 * Retry) joins it: the export is queued if and only if the state change commits.
 *
 * <p>Started when the application is ready, stopped gracefully on shutdown; not started for CLI runs
 * ({@code crosswalk.command} set) — they may still schedule, another instance will run it.
 */
@Configuration(proxyBeanMethods = false)
class ExportScheduler {

    static final String TASK_NAME = "erp-export";
    private static final Logger log = LoggerFactory.getLogger(ExportScheduler.class);

    @Bean
    OneTimeTask<Void> erpExportTask(ExportJob job, ExportJobSettings settings) {
        return exportTask(job, settings);
    }

    /**
     * The task (also used by tests that run a second scheduler on the same database). When an execution could not reach
     * the ERP, the failure handler writes the attempt's error and the time of the next one on the record (so Exporting
     * shows them), and retries with exponential backoff ({@code retry-backoff}, doubled each time) until
     * {@code max-attempts}; then the export is Failed ("could not be reached").
     */
    static OneTimeTask<Void> exportTask(ExportJob job, ExportJobSettings settings) {
        int maxAttempts = Math.max(1, settings.maxAttempts());
        FailureHandler<Void> handler = (complete, operations) -> {
            String instance = complete.getExecution().taskInstance.getId();
            Throwable cause = complete.getCause().orElse(null);
            int failures = complete.getExecution().consecutiveFailures + 1;
            if (failures < maxAttempts) {
                Instant next = complete.getTimeDone().plus(settings.retryBackoff()
                        .multipliedBy(1L << Math.min(20, failures - 1)));
                job.retryLater(instance, cause, next);
                operations.reschedule(complete, next);
            } else {
                job.giveUp(instance, cause, failures);
                operations.remove();
            }
        };
        return Tasks.oneTime(TASK_NAME, Void.class)
                .onFailure(handler)
                .onDeadExecutionRevive()
                .execute((instance, ctx) -> job.run(instance.getId()));
    }

    /** A scheduler on {@code dataSource} for {@code tasks}; not started. */
    static Scheduler build(DataSource dataSource, List<OneTimeTask<Void>> tasks, ExportJobSettings settings,
            String name) {
        DataSource tx = dataSource instanceof TransactionAwareDataSourceProxy ? dataSource
                : new TransactionAwareDataSourceProxy(dataSource);
        return Scheduler.create(tx, List.copyOf(tasks))
                .threads(settings.threads())
                .pollingInterval(settings.pollInterval())
                .heartbeatInterval(settings.heartbeatInterval())
                .missedHeartbeatsLimit(Math.max(4, settings.missedHeartbeats()))
                .shutdownMaxWait(settings.shutdownMaxWait())
                .schedulerName(new SchedulerName.Fixed(name))
                .enableImmediateExecution()
                .build();
    }

    @Bean(destroyMethod = "")
    Scheduler exportSchedulerInstance(DataSource dataSource, OneTimeTask<Void> erpExportTask,
            ExportJobSettings settings) {
        return build(dataSource, List.of(erpExportTask), settings,
                hostName() + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Bean
    SchedulerLifecycle exportSchedulerLifecycle(Scheduler scheduler, Environment env) {
        return new SchedulerLifecycle(scheduler, env);
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "crosswalk";
        }
    }

    /** Starts the scheduler once the application is ready (not in CLI runs); stops it gracefully on shutdown. */
    static final class SchedulerLifecycle implements ApplicationListener<ApplicationReadyEvent>, AutoCloseable {
        private final Scheduler scheduler;
        private final Environment env;
        private volatile boolean started;

        SchedulerLifecycle(Scheduler scheduler, Environment env) {
            this.scheduler = scheduler;
            this.env = env;
        }

        @Override
        public void onApplicationEvent(ApplicationReadyEvent event) {
            String command = env.getProperty("crosswalk.command");
            if (command != null && !command.isBlank()) {
                log.info("CLI run ({}): the export scheduler is not started", command);
                return;
            }
            synchronized (this) {
                if (!started) {
                    scheduler.start();
                    started = true;
                }
            }
        }

        @Override
        public void close() {
            synchronized (this) {
                if (started) {
                    scheduler.stop();
                    started = false;
                }
            }
        }
    }
}
