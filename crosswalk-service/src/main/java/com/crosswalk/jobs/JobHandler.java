package com.crosswalk.jobs;

/**
 * The work of one kind of job. A Spring bean implementing it is found by {@link #kind()}. {@link #run} runs on a
 * db-scheduler thread, never on a request thread and outside any transaction: it may wait for the ERP. It reports
 * progress and per-record results through the {@link JobRun}; a job revived after a crash runs again with the
 * results it had already written ({@link JobRun#handled}), so a handler skips what it did.
 */
public interface JobHandler {

    /** e.g. {@code reconcile}; lower-case letters and underscores. */
    String kind();

    /**
     * Does the work; returns the sentence a person reads when it has finished. Throws a
     * {@link com.crosswalk.shared.CrosswalkException} for a failure of the whole job a person can act on (its
     * message is shown); anything else is logged as an internal error.
     */
    String run(JobRun run);
}
