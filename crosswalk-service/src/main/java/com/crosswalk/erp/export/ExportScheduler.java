package com.crosswalk.erp.export;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.logging.LogLevel;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
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
    CustomTask<Void> erpExportTask(ExportJob job, ExportJobSettings settings) {
        return exportTask(job, settings);
    }

    /**
     * The task (also used by tests that run a second scheduler on the same database). An execution that could not reach
     * the ERP is not an exception for the scheduler: {@link ExportJob#run} records the attempt's error and the time of
     * the next one on the record (so Exporting shows them) and answers "reschedule at" — exponential backoff
     * ({@code retry-backoff}, doubled each time) until {@code max-attempts}, then Failed ("could not be reached"). An
     * execution whose JVM died is revived on another instance (the export's lease fences the two).
     */
    static CustomTask<Void> exportTask(ExportJob job, ExportJobSettings settings) {
        return Tasks.custom(TASK_NAME, Void.class)
                .onDeadExecutionRevive()
                .onFailure((complete, operations) -> {
                    // run() handles every error it knows; anything else: try again in a while, never lose the export
                    operations.reschedule(complete, complete.getTimeDone().plus(settings.retryBackoff()));
                })
                .execute((instance, ctx) -> {
                    Instant next = job.run(instance.getId());
                    if (next == null) {
                        return new CompletionHandler.OnCompleteRemove<>();
                    }
                    return (complete, operations) -> operations.reschedule(complete, next);
                });
    }

    /** A scheduler on {@code dataSource} for {@code tasks}; not started. */
    static Scheduler build(DataSource dataSource, List<? extends Task<?>> tasks, ExportJobSettings settings,
            String name) {
        return build(dataSource, tasks, settings, name, 0);
    }

    /**
     * A scheduler on {@code dataSource} for {@code tasks} (recurring ones are scheduled at start) with
     * {@code extraThreads} more than the exports' threads (for the background jobs of {@code jobs}); not started.
     */
    static Scheduler build(DataSource dataSource, List<? extends Task<?>> tasks, ExportJobSettings settings,
            String name, int extraThreads) {
        DataSource tx = dataSource instanceof TransactionAwareDataSourceProxy ? dataSource
                : new TransactionAwareDataSourceProxy(dataSource);
        List<RecurringTask<?>> recurring = tasks.stream().filter(t -> t instanceof RecurringTask<?>)
                .<RecurringTask<?>>map(t -> (RecurringTask<?>) t).toList();
        // recurring tasks are given as start tasks only (the builder adds them to the known tasks)
        return Scheduler.create(tx, tasks.stream().filter(t -> !(t instanceof RecurringTask<?>))
                        .<Task<?>>map(t -> t).toList())
                .startTasks(recurring)
                .threads(settings.threads() + Math.max(0, extraThreads))
                .pollingInterval(settings.pollInterval())
                .heartbeatInterval(settings.heartbeatInterval())
                .missedHeartbeatsLimit(Math.max(4, settings.missedHeartbeats()))
                .shutdownMaxWait(settings.shutdownMaxWait())
                // one line per failed execution: the cause is logged where it is known (a bug with its stack trace)
                .failureLogging(LogLevel.WARN, false)
                .schedulerName(new SchedulerName.Fixed(name))
                .enableImmediateExecution()
                .build();
    }

    /**
     * The service's one scheduler: the ERP exports and every other task bean (the background jobs and the periodic
     * reconciliation of {@code com.crosswalk.jobs} / {@code erp.unlink}), with {@code crosswalk.jobs.concurrency}
     * (default 2) threads more than the exports' plus one for the recurring tasks and one for the e-mail
     * notifications' task (an SMTP server that answers slowly never holds an export's thread).
     */
    @Bean(destroyMethod = "")
    Scheduler exportSchedulerInstance(DataSource dataSource, List<Task<?>> tasks, ExportJobSettings settings,
            Environment env) {
        return build(dataSource, tasks, settings, hostName() + "-" + UUID.randomUUID().toString().substring(0, 8),
                env.getProperty("crosswalk.jobs.concurrency", Integer.class, 2) + 2);
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
