package com.crosswalk.erp.payments;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Payments back, periodically: a db-scheduler recurring task ({@value #TASK}) every {@code crosswalk.payments.interval}
 * (default 30 minutes) after the previous round, the first {@code crosswalk.payments.initial-delay} (default 2 minutes)
 * after the first start; one instance runs each round. Off with {@code crosswalk.payments.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
class PeriodicPaymentsImport {

    static final String TASK = "erp-bill-payments";
    private static final Logger log = LoggerFactory.getLogger(PeriodicPaymentsImport.class);

    @Bean
    RecurringTask<Void> billPaymentsTask(BillPaymentsImport payments,
            @Value("${crosswalk.payments.enabled:true}") boolean enabled,
            @Value("${crosswalk.payments.interval:PT30M}") Duration interval,
            @Value("${crosswalk.payments.initial-delay:PT2M}") Duration initialDelay) {
        return Tasks.recurring(TASK, new Schedule() {
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
        }).execute((instance, ctx) -> {
            if (!enabled) {
                return;
            }
            for (long companyId : payments.companies()) {
                try {
                    payments.importFor(companyId);
                } catch (RuntimeException e) {
                    log.warn("Reading the payments of company {} failed: {}", companyId, e.toString());
                }
            }
        });
    }
}
