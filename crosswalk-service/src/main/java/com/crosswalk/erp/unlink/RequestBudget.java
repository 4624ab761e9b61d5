package com.crosswalk.erp.unlink;

/**
 * Paces a background job's ERP requests to at most {@code perMinute}: before a request it waits until its turn;
 * after it, {@link #spent} moves the next turn on by the requests it took. The first request goes at once. Not
 * thread-safe (one job, one thread).
 */
final class RequestBudget {

    interface Sleeper {
        void sleep(long ms) throws InterruptedException;
    }

    private final long nanosPerRequest;
    private final Sleeper sleeper;
    private long nextAt;

    RequestBudget(int perMinute, Sleeper sleeper) {
        this.nanosPerRequest = perMinute <= 0 ? 0 : 60_000_000_000L / perMinute;
        this.sleeper = sleeper;
        this.nextAt = System.nanoTime();
    }

    /** Waits until the next request may go. */
    void awaitTurn() {
        long wait = nextAt - System.nanoTime();
        if (wait > 0) {
            try {
                sleeper.sleep(Math.max(1, wait / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while pacing ERP requests", e);
            }
        }
    }

    /** Records {@code requests} just sent. */
    void spent(int requests) {
        nextAt = Math.max(nextAt, System.nanoTime()) + requests * nanosPerRequest;
    }

    long nanosPerRequest() {
        return nanosPerRequest;
    }
}
