package com.crosswalk.jobs;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Queues a job: the {@code job} row and its db-scheduler execution in one transaction (the scheduler works on a
 * transaction-aware DataSource), so a job is queued if and only if it will run. Single flight: when one of that
 * company, kind and subject is queued or running, that one is answered instead. A job whose execution has vanished
 * (it can not run any more) does not block its kind: it is marked failed and a new one is queued.
 */
@Component
class JobLauncher {

    private static final Logger log = LoggerFactory.getLogger(JobLauncher.class);

    private final JobStore store;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final JsonMapper json = JsonMapper.builder().build();

    JobLauncher(JobStore store, JdbcClient jdbc, TransactionTemplate tx) {
        this.store = store;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    JobStart launch(SchedulerClient scheduler, long companyId, String kind, String subject, Long requestedBy,
            Object input) {
        String inputJson = input == null ? null : json.writeValueAsString(input);
        for (int attempt = 0; ; attempt++) {
            JobStart start = tx.execute(status -> {
                Optional<Long> id = store.insert(companyId, kind, subject, requestedBy, inputJson);
                if (id.isPresent()) {
                    scheduler.schedule(new TaskInstance<>(JobTasks.NAME, Long.toString(id.get())), Instant.now());
                    return new JobStart(store.find(id.get()).orElseThrow(), false);
                }
                Optional<Job> running = store.active(companyId, kind, subject);
                if (running.isPresent() && !hasExecution(running.get().id())) {
                    log.warn("Job {} ({}) had no execution left; marking it failed", running.get().id(), kind);
                    store.fail(running.get().id(), "This job stopped without finishing; start it again");
                    return null;
                }
                return running.map(job -> new JobStart(job, true)).orElse(null);
            });
            if (start != null) {
                return start;
            }
            if (attempt >= 3) { // jobs of this kind keep starting and ending under us: let the person click again
                throw new IllegalStateException("Could not queue a " + kind + " job");
            }
        }
    }

    private boolean hasExecution(long jobId) {
        return jdbc.sql("""
                select exists(select 1 from scheduled_tasks where task_name = :t and task_instance = :i)""")
                .param("t", JobTasks.NAME).param("i", Long.toString(jobId)).query(Boolean.class).single();
    }
}
