package com.crosswalk.erp.push;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The db-scheduler task ({@value #NAME}, instance id = the stored notification's id) that processes a push
 * notification on the service's one scheduler. An ERP that can not answer is tried again with backoff (5 s, 10 s, 20 s
 * …, 8 times); after that, polling (the periodic reconciliation) is the safety net.
 */
@Configuration(proxyBeanMethods = false)
class PushTasks {

    static final String NAME = "erp-push-notification";

    @Bean
    OneTimeTask<Void> erpPushNotificationTask(PushProcessor processor) {
        return Tasks.oneTime(NAME)
                .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(8,
                        new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(5), 2.0)))
                .onDeadExecutionRevive()
                .execute((instance, ctx) -> processor.process(Long.parseLong(instance.getId())));
    }
}
