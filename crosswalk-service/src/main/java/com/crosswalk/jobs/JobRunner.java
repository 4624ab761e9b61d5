package com.crosswalk.jobs;

import com.crosswalk.directory.AccountLookup;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.shared.CrosswalkException;
import com.crosswalk.shared.InternalErrors;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one job on a scheduler thread: marks it running, hands it to the {@link JobHandler} of its kind, and records
 * how it ended — finished with the handler's summary; failed with a refusal's message; failed with
 * {@code internal error (see the server log, id …)} for a bug (logged with its stack trace). At most
 * {@code crosswalk.jobs.concurrency} (default 2) jobs run at once on this instance.
 *
 * <p>A job interrupted by a shutdown is not marked failed: the exception goes back to db-scheduler, whose retry (or
 * dead-execution revival after a crash) runs it again; the handler skips the records it had already done.
 */
@Component
class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final JobStore store;
    private final ObjectProvider<JobHandler> handlerBeans;
    private volatile Map<String, JobHandler> handlers;
    private final AccountLookup accounts;
    private final JdbcClient jdbc;
    private final Semaphore slots;
    private final JsonMapper json = JsonMapper.builder().build();

    // the handlers are looked up when first needed: they start jobs themselves (Jobs → the scheduler → this)
    JobRunner(JobStore store, ObjectProvider<JobHandler> handlers, AccountLookup accounts, JdbcClient jdbc,
            @Value("${crosswalk.jobs.concurrency:2}") int concurrency) {
        this.store = store;
        this.handlerBeans = handlers;
        this.accounts = accounts;
        this.jdbc = jdbc;
        this.slots = new Semaphore(Math.max(1, concurrency));
    }

    private Map<String, JobHandler> handlers() {
        Map<String, JobHandler> h = handlers;
        if (h == null) {
            Map<String, JobHandler> byKind = new HashMap<>();
            handlerBeans.orderedStream().forEach(handler -> {
                if (byKind.put(handler.kind(), handler) != null) {
                    throw new IllegalStateException("Two job handlers of kind " + handler.kind());
                }
            });
            handlers = h = Map.copyOf(byKind);
        }
        return h;
    }

    boolean knows(String kind) {
        return handlers().containsKey(kind);
    }

    /** Runs the job; false when no slot was free (the caller looks again later). */
    boolean run(long jobId) {
        if (!slots.tryAcquire()) {
            return false;
        }
        try {
            runInSlot(jobId);
            return true;
        } finally {
            slots.release();
        }
    }

    private void runInSlot(long jobId) {
        Job job = store.find(jobId).orElse(null);
        if (job == null || !job.active()) {
            log.info("Job {} is no longer due ({}); nothing to do", jobId, job == null ? "gone" : job.state());
            return;
        }
        JobHandler handler = handlers().get(job.kind());
        if (handler == null) {
            store.fail(jobId, InternalErrors.logged(log, "Job " + jobId,
                    new IllegalStateException("No handler for job kind " + job.kind())));
            return;
        }
        store.started(jobId);
        String what = "Job " + jobId + " (" + job.kind() + ", company " + job.companyId() + ")";
        try {
            JobRun run = new JobRun(store, job, store.input(jobId).orElse(null), json, () -> requester(job));
            String summary = handler.run(run);
            store.finish(jobId, summary);
            log.info("{} finished: {}", what, summary);
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted() || causedByInterrupt(e)) {
                log.info("{} was interrupted (shutting down); it resumes later", what);
                throw e;
            }
            if (e instanceof CrosswalkException refused) {
                log.info("{} failed: {}", what, refused.getMessage());
                store.fail(jobId, refused.getMessage());
            } else {
                store.fail(jobId, InternalErrors.logged(log, what, e));
            }
        }
    }

    /** db-scheduler gave up on the execution (it kept failing outside the handler, e.g. the database was down). */
    void gaveUp(long jobId, Throwable cause) {
        store.fail(jobId, InternalErrors.logged(log, "Job " + jobId, cause == null
                ? new IllegalStateException("the job's execution failed repeatedly") : cause));
    }

    private Optional<SignedInUser> requester(Job job) {
        if (job.requestedBy() == null) {
            return Optional.empty();
        }
        Optional<String> login = jdbc.sql("select login from app_user where id = :id").param("id", job.requestedBy())
                .query(String.class).optional();
        try {
            return login.map(accounts::loadUserByUsername);
        } catch (UsernameNotFoundException e) {
            return Optional.empty();
        }
    }

    private static boolean causedByInterrupt(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InterruptedException || c instanceof java.io.InterruptedIOException
                    || c instanceof java.nio.channels.ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }
}
