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
    /** Reserved start times of the requests in the trailing window, ascending. */
    private final ArrayDeque<Long> window = new ArrayDeque<>();
    private volatile long windowMs = 60_000;
    /** Requests waiting for their per-minute slot. */
    private final AtomicInteger throttled = new AtomicInteger();
    /** The last start slots handed out under a per-minute limit (for tests and stats; bounded). */
    private final ArrayDeque<Long> recentSlots = new ArrayDeque<>();
    private static final int RECENT_SLOTS = 10_000;

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

    /**
     * Per-minute throttling (reference §4): reserves this request's start time ("slot") and returns how long it must
     * wait for it (ms). Slots are handed out atomically and in order, so concurrent callers get successive slots,
     * never the same one:
     * <ul>
     * <li>the candidate time is now, or the last reserved slot if that is later (requests start in arrival order);</li>
     * <li>once at least half of the limit is used in the trailing window before the candidate time, the request is
     * delayed by remaining-time-in-window / remaining-requests (the window's oldest slot leaving defines the
     * remaining time);</li>
     * <li>a slot is only given when fewer than {@code limit} slots lie in the trailing window before it, so no trailing
     * window ever holds more than {@code limit} started requests.</li>
     * </ul>
     * Declined (429) instead, reserving nothing, when the wait would exceed {@code maxQueueWait} or more than
     * {@code maxQueueLength} requests already wait (throttled or queued for a processing slot).
     */
    public long reserveSlotDelayMs() throws Declined {
        int limit = maxRequestsPerMinute;
        if (limit <= 0) return 0;
        long windowMs = this.windowMs;
        synchronized (window) {
            long now = System.currentTimeMillis();
            long t = Math.max(now, window.isEmpty() ? now : window.peekLast());
            while (true) {
                while (!window.isEmpty() && window.peekFirst() <= t - windowMs) window.pollFirst();
                int used = window.size(); // every slot in the deque is <= t
                if (used >= limit) { // full: the earliest possible start is when the oldest slot leaves the window
                    t = window.peekFirst() + windowMs;
                    continue;
                }
                if (used * 2 >= limit) {
                    long remainingTime = Math.max(0, window.peekFirst() + windowMs - t);
                    t += remainingTime / (limit - used);
                }
                break;
            }
            long delay = t - now;
            if (delay > 0) {
                if (delay > maxQueueWait.toMillis()) {
                    throw new Declined("The request has been declined: it would wait in the API request queue longer than " + maxQueueWait + ".");
                }
                if (throttled.get() + waiting() >= maxQueueLength) {
                    throw new Declined("The request has been declined: " + (throttled.get() + waiting()) + " requests are already waiting in the API request queue.");
                }
            }
            window.addLast(t);
            recentSlots.addLast(t);
            if (recentSlots.size() > RECENT_SLOTS) recentSlots.pollFirst();
            return delay;
        }
    }

    /**
     * The start slots (epoch ms) handed out under the per-minute limit since {@code sinceMs}, ascending — what the
     * limit holds: no trailing window contains more than the limit (client-side times add the machine's jitter).
     */
    public java.util.List<Long> startSlotsSince(long sinceMs) {
        synchronized (window) {
            return recentSlots.stream().filter(t -> t >= sinceMs).sorted().toList();
        }
    }

    /** {@link #reserveSlotDelayMs()} and waits for the slot (counted as waiting in the queue meanwhile). */
    public void throttle() throws Declined, InterruptedException {
        long delay = reserveSlotDelayMs();
        if (delay <= 0) return;
        throttled.incrementAndGet();
        try {
            Thread.sleep(delay);
        } finally {
            throttled.decrementAndGet();
        }
    }

    /** The per-minute limit's window (60 s; shorter only in tests, to see several windows quickly). */
    public Limits setWindow(Duration window) {
        this.windowMs = window.toMillis();
        synchronized (this.window) {
            this.window.clear();
        }
        return this;
    }

    /** Waits for a processing slot (the queue); Declined → 429. Pair with {@link #exit()}. */
    public void enter() throws Declined, InterruptedException {
        synchronized (monitor) {
            if (maxConcurrentRequests > 0 && active >= maxConcurrentRequests) {
                if (waiting + throttled.get() >= maxQueueLength) {
                    throw new Declined("The request has been declined: " + (waiting + throttled.get()) + " requests are already waiting in the API request queue.");
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
