package com.crosswalk.jobs;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Duration;
import java.time.Instant;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The db-scheduler task that runs every job ({@value #NAME}, instance id = the job's id). It is one of the tasks of
 * the service's one scheduler (the same as the ERP exports'). A job that finds all of this instance's job slots taken
 * ({@code crosswalk.jobs.concurrency}) gives its thread back at once and is looked at again a moment later, so long
 * jobs never take the export threads.
 */
@Configuration(proxyBeanMethods = false)
class JobTasks {

    static final String NAME = "crosswalk-job";
    /** How soon a job that found no free slot is looked at again. */
    static final Duration BUSY_RETRY = Duration.ofSeconds(1);

    @Bean
    CustomTask<Long> crosswalkJobTask(JobRunner runner) {
        return Tasks.custom(NAME, Long.class)
                .onFailure(FailureHandler.<Long>maxRetries(3).withBackoff(Duration.ofSeconds(5), 2.0)
                        .thenRemove(complete -> runner.gaveUp(Long.parseLong(
                                complete.getExecution().taskInstance.getId()), complete.getCause().orElse(null))))
                .onDeadExecutionRevive()
                .execute((instance, ctx) -> {
                    boolean ran = runner.run(Long.parseLong(instance.getId()));
                    if (ran) {
                        return new CompletionHandler.OnCompleteRemove<>();
                    }
                    return (complete, operations) -> operations.reschedule(complete, Instant.now().plus(BUSY_RETRY));
                });
    }
}
