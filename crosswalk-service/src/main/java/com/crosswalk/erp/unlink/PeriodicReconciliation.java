package com.crosswalk.erp.unlink;

import com.crosswalk.jobs.Jobs;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The periodic ERP reconciliation: a db-scheduler recurring task ({@value #TASK}) on the service's one scheduler,
 * every {@code crosswalk.reconcile.interval} (default 15 minutes) after the previous round, the first
 * {@code crosswalk.reconcile.initial-delay} (default 5 minutes) after the first start. One instance runs a round
 * (db-scheduler picks each execution once); a round queues a {@link ReconciliationJob} for every company with an ERP
 * connection — a company whose check is already running (someone clicked "Check now") keeps that one. Off with
 * {@code crosswalk.reconcile.enabled=false} (the task stays known, its rounds do nothing).
 */
@Configuration(proxyBeanMethods = false)
class PeriodicReconciliation {

    static final String TASK = "erp-reconcile-all";
    private static final Logger log = LoggerFactory.getLogger(PeriodicReconciliation.class);

    @Bean
    RecurringTask<Void> periodicReconciliationTask(Reconciliation reconciliation, ObjectProvider<Jobs> jobs,
            JdbcClient jdbc,
            @Value("${crosswalk.reconcile.enabled:true}") boolean enabled,
            @Value("${crosswalk.reconcile.interval:PT15M}") Duration interval,
            @Value("${crosswalk.reconcile.initial-delay:PT5M}") Duration initialDelay,
            @Value("${crosswalk.push.quiet-after:PT1H}") Duration quietAfter,
            @Value("${crosswalk.push.quiet-interval:PT5M}") Duration quietInterval) {
        // polling is the safety net of Acumatica's push notifications: while a company that set them up has received
        // none for crosswalk.push.quiet-after, the rounds come every crosswalk.push.quiet-interval instead
        BooleanSupplier pushQuiet = () -> jdbc.sql("""
                select exists (select 1 from erp_push_setup s
                               where coalesce((select max(n.received_at) from erp_push_notification n
                                               where n.company_id = s.company_id
                                                 -- Crosswalk's own test of the webhook says nothing of Acumatica
                                                 and n.query <> 'Crosswalk test notification'), s.rotated_at)
                                     < now() - cast(:quiet as interval))""")
                .param("quiet", quietAfter.toSeconds() + " seconds").query(Boolean.class).single();
        return Tasks.recurring(TASK, new AfterDelay(initialDelay, interval, quietInterval, pushQuiet))
                .execute((instance, ctx) -> {
                    if (!enabled) {
                        return;
                    }
                    for (long companyId : reconciliation.companiesWithErp()) {
                        try {
                            jobs.getObject().startUnattended(companyId, ReconciliationJob.KIND);
                        } catch (RuntimeException e) {
                            log.warn("Could not queue the reconciliation of company {}: {}", companyId, e.toString());
                        }
                    }
                });
    }

    /**
     * First run {@code initialDelay} after the task is first scheduled, then {@code interval} after each round —
     * {@code quietInterval} when it is shorter and push notifications have gone quiet.
     */
    record AfterDelay(Duration initialDelay, Duration interval, Duration quietInterval, BooleanSupplier pushQuiet)
            implements Schedule {

        @Override
        public Instant getInitialExecutionTime(Instant now) {
            return now.plus(initialDelay);
        }

        @Override
        public Instant getNextExecutionTime(ExecutionComplete complete) {
            boolean quiet;
            try {
                quiet = quietInterval.compareTo(interval) < 0 && pushQuiet.getAsBoolean();
            } catch (RuntimeException e) {
                quiet = false; // the database is down: the next round as usual
            }
            return complete.getTimeDone().plus(quiet ? quietInterval : interval);
        }

        @Override
        public boolean isDeterministic() {
            return false;
        }
    }
}
