package com.crosswalk.erp.sync;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The lists' counters are folded by one instance at a time, every {@code crosswalk.lists.count-fold-interval}. */
@Configuration(proxyBeanMethods = false)
class ErpListCountTasks {

    static final String FOLD = "erp-list-counts-fold";

    @Bean
    RecurringTask<Void> erpListCountsFoldTask(ErpListCounts counts,
            @Value("${crosswalk.lists.count-fold-interval:PT1M}") Duration interval) {
        return Tasks.recurring(FOLD, Schedules.fixedDelay(interval)).execute((instance, ctx) -> counts.fold());
    }
}
