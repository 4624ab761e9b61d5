package com.crosswalk.erp.webhooks;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Duration;
import java.time.Instant;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The db-scheduler task ({@value #NAME}, instance id = the delivery's id) that delivers a webhook on the service's one
 * scheduler: one attempt per execution; a failed attempt reschedules the same execution with exponential backoff
 * ({@link WebhookDeliverer}). An execution whose JVM died is revived on another instance.
 */
@Configuration(proxyBeanMethods = false)
class WebhookTasks {

    static final String NAME = "webhook-delivery";

    @Bean
    CustomTask<Void> webhookDeliveryTask(WebhookDeliverer deliverer) {
        return Tasks.custom(NAME, Void.class)
                .onDeadExecutionRevive()
                .onFailure((complete, operations) -> operations.reschedule(complete,
                        Instant.now().plus(Duration.ofMinutes(1))))
                .execute((instance, ctx) -> {
                    Instant next = deliverer.deliver(Long.parseLong(instance.getId()));
                    if (next == null) {
                        return new CompletionHandler.OnCompleteRemove<>();
                    }
                    return (complete, operations) -> operations.reschedule(complete, next);
                });
    }
}
