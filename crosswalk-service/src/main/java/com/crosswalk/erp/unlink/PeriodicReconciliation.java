package com.crosswalk.erp.unlink;

import com.crosswalk.jobs.Jobs;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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
            @Value("${crosswalk.reconcile.enabled:true}") boolean enabled,
            @Value("${crosswalk.reconcile.interval:PT15M}") Duration interval,
            @Value("${crosswalk.reconcile.initial-delay:PT5M}") Duration initialDelay) {
        return Tasks.recurring(TASK, new AfterDelay(initialDelay, interval))
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

    /** First run {@code initialDelay} after the task is first scheduled, then {@code interval} after each round. */
    record AfterDelay(Duration initialDelay, Duration interval) implements Schedule {

        @Override
        public Instant getInitialExecutionTime(Instant now) {
            return now.plus(initialDelay);
        }

        @Override
        public Instant getNextExecutionTime(ExecutionComplete complete) {
            return complete.getTimeDone().plus(interval);
        }

        @Override
        public boolean isDeterministic() {
            return false;
        }
    }
}
