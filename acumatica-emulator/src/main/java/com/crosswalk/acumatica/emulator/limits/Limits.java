package com.crosswalk.acumatica.emulator.limits;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * License limits, changeable at run time: API users (concurrent sessions), concurrent requests (with Acumatica's
 * queue: 429 only when more than {@code maxQueueLength} requests wait or one waits longer than {@code maxQueueWait})
 * and requests per minute (once half of the minute's budget is used, each request is delayed by
 * remaining-time-in-window / remaining-requests). 0 = unlimited.
 */
public final class Limits {
    /** Thrown when a request is declined with 429. */
    public static final class Declined extends Exception {
        public Declined(String m) {
            super(m, null, false, false);
        }
    }

    private volatile int maxSessions;
    private volatile int maxConcurrentRequests;
    private volatile int maxRequestsPerMinute;
    private volatile int maxQueueLength;
    private volatile Duration maxQueueWait;

    private final Object monitor = new Object();
    private int active;
    private int waiting;
    private final AtomicInteger maxActiveSeen = new AtomicInteger();
    private final ArrayDeque<Long> window = new ArrayDeque<>();

    public Limits(int maxSessions, int maxConcurrentRequests, int maxRequestsPerMinute, int maxQueueLength, Duration maxQueueWait) {
        this.maxSessions = maxSessions;
        this.maxConcurrentRequests = maxConcurrentRequests;
        this.maxRequestsPerMinute = maxRequestsPerMinute;
        this.maxQueueLength = maxQueueLength;
        this.maxQueueWait = maxQueueWait;
    }

    public int maxSessions() { return maxSessions; }
    public int maxConcurrentRequests() { return maxConcurrentRequests; }
    public int maxRequestsPerMinute() { return maxRequestsPerMinute; }
    public int maxQueueLength() { return maxQueueLength; }
    public Duration maxQueueWait() { return maxQueueWait; }

    public Limits setMaxSessions(int v) { maxSessions = v; return this; }

    public Limits setMaxConcurrentRequests(int v) {
        maxConcurrentRequests = v;
        synchronized (monitor) {
            monitor.notifyAll();
        }
        return this;
    }

    public Limits setMaxRequestsPerMinute(int v) {
        maxRequestsPerMinute = v;
        synchronized (window) {
            window.clear();
        }
        return this;
    }

    public Limits setMaxQueueLength(int v) { maxQueueLength = v; return this; }

    public Limits setMaxQueueWait(Duration v) { maxQueueWait = v; return this; }

    /** Per-minute throttling: how long this request must be delayed (ms), and counts it. */
    public long throttleDelayMs() {
        int limit = maxRequestsPerMinute;
        if (limit <= 0) return 0;
        synchronized (window) {
            long now = System.currentTimeMillis();
            while (!window.isEmpty() && window.peekFirst() <= now - 60_000) window.pollFirst();
            int used = window.size();
            long delay = 0;
            if (used * 2 >= limit && !window.isEmpty()) {
                long remainingTime = Math.max(0, window.peekFirst() + 60_000 - now);
                int remaining = limit - used;
                delay = remaining > 0 ? remainingTime / remaining : remainingTime;
            }
            window.addLast(now + delay);
            return delay;
        }
    }

    /** Waits for a processing slot (the queue); Declined → 429. Pair with {@link #exit()}. */
    public void enter() throws Declined, InterruptedException {
        synchronized (monitor) {
            if (maxConcurrentRequests > 0 && active >= maxConcurrentRequests) {
                if (waiting >= maxQueueLength) {
                    throw new Declined("The request has been declined: " + waiting + " requests are already waiting in the API request queue.");
                }
                waiting++;
                try {
                    long deadline = System.currentTimeMillis() + maxQueueWait.toMillis();
                    while (maxConcurrentRequests > 0 && active >= maxConcurrentRequests) {
                        long left = deadline - System.currentTimeMillis();
                        if (left <= 0) throw new Declined("The request has been declined: it waited in the API request queue longer than " + maxQueueWait + ".");
                        monitor.wait(left);
                    }
                } finally {
                    waiting--;
                }
            }
            active++;
            maxActiveSeen.accumulateAndGet(active, Math::max);
        }
    }

    public void exit() {
        synchronized (monitor) {
            active--;
            monitor.notifyAll();
        }
    }

    public int waiting() {
        synchronized (monitor) {
            return waiting;
        }
    }

    public int maxConcurrentRequestsSeen() { return maxActiveSeen.get(); }

    public void resetCounters() {
        synchronized (monitor) {
            maxActiveSeen.set(active);
        }
    }
}
