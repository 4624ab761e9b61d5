package com.crosswalk.budget;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The budget import schedule: a db-scheduler recurring task ({@value #TASK}) on the service's one scheduler that
 * looks every {@code crosswalk.budget.check-interval} (default 1 minute) for companies whose interval (their
 * {@code budget_schedule}, default nightly, at least 15 minutes) has passed, and queues for each a
 * {@link BudgetImportAllJob}. Off with {@code crosswalk.budget.schedule-enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
class BudgetScheduleTask {

    static final String TASK = "budget-import-schedule";
    private static final Logger log = LoggerFactory.getLogger(BudgetScheduleTask.class);

    @Bean
    RecurringTask<Void> budgetImportScheduleTask(ObjectProvider<BudgetImports> imports,
            @Value("${crosswalk.budget.schedule-enabled:true}") boolean enabled,
            @Value("${crosswalk.budget.check-interval:PT1M}") Duration interval) {
        return Tasks.recurring(TASK, FixedDelay.of(interval)).execute((instance, ctx) -> {
            if (!enabled) {
                return;
            }
            try {
                imports.getObject().scheduledRound();
            } catch (RuntimeException e) {
                log.warn("Budget import round failed: {}", e.toString());
            }
        });
    }
}
