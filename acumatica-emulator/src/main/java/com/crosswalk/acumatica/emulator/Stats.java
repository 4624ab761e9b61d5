package com.crosswalk.acumatica.emulator;

import com.crosswalk.acumatica.emulator.auth.SessionManager;
import com.crosswalk.acumatica.emulator.limits.Limits;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters for tests and the admin endpoint. Request keys look like "GET ChangeOrder", "POST ChangeOrder ReleaseChangeOrder". */
public final class Stats {
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final AtomicLong tooManyRequests = new AtomicLong();
    private final AtomicLong faultsInjected = new AtomicLong();
    private final AtomicLong refusedDuringLongOperation = new AtomicLong();
    private final SessionManager sessions;
    private final Limits limits;

    Stats(SessionManager sessions, Limits limits) {
        this.sessions = sessions;
        this.limits = limits;
    }

    public static String key(String method, String entity, String action) {
        return method + " " + entity + (action == null ? "" : " " + action);
    }

    public void countRequest(String method, String entity, String action) {
        requests.computeIfAbsent(key(method, entity, action), k -> new LongAdder()).increment();
    }

    public void count429() { tooManyRequests.incrementAndGet(); }

    public void countFault() { faultsInjected.incrementAndGet(); }

    public void countRefusedDuringLongOperation() { refusedDuringLongOperation.incrementAndGet(); }

    /** Requests received (before limits and faults) by method + entity (+ action). */
    public long requests(String method, String entity, String action) {
        LongAdder a = requests.get(key(method, entity, action));
        return a == null ? 0 : a.sum();
    }

    public Map<String, Long> requests() {
        Map<String, Long> out = new TreeMap<>();
        requests.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public long totalRequests() {
        return requests.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public int activeSessions() { return sessions.activeSessions(); }

    public int maxConcurrentSessions() { return sessions.maxConcurrentSessionsSeen(); }

    public int maxConcurrentRequests() { return limits.maxConcurrentRequestsSeen(); }

    public long logins() { return sessions.logins(); }

    public long logouts() { return sessions.logouts(); }

    public long tooManyRequests() { return tooManyRequests.get(); }

    public long faultsInjected() { return faultsInjected.get(); }

    /** Requests refused because their session was running a long operation (only its status request may pass). */
    public long refusedDuringLongOperation() { return refusedDuringLongOperation.get(); }

    public void reset() {
        requests.clear();
        tooManyRequests.set(0);
        faultsInjected.set(0);
        refusedDuringLongOperation.set(0);
        sessions.resetCounters();
        limits.resetCounters();
    }

    @Override
    public String toString() {
        return "Stats{requests=" + requests() + ", activeSessions=" + activeSessions() + ", maxConcurrentSessions=" + maxConcurrentSessions()
                + ", maxConcurrentRequests=" + maxConcurrentRequests() + ", logins=" + logins() + ", logouts=" + logouts()
                + ", 429s=" + tooManyRequests() + ", faults=" + faultsInjected()
                + ", refusedDuringLongOperation=" + refusedDuringLongOperation() + "}";
    }
}
