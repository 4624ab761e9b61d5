package com.crosswalk.acumatica.emulator.faults;

import com.crosswalk.acumatica.emulator.auth.SessionManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Fault injection, changeable at run time: fixed latency, rules, "down", "expire all sessions now". Seeded. */
public final class Faults {
    private record Active(FaultRule rule, AtomicInteger remaining) {
    }

    private final CopyOnWriteArrayList<Active> rules = new CopyOnWriteArrayList<>();
    private volatile long latencyMs;
    private volatile boolean down;
    private volatile long hangMs;
    private Random random;
    private final SessionManager sessions;
    private final AtomicInteger injected = new AtomicInteger();

    public Faults(long seed, long latencyMs, long hangMs, SessionManager sessions) {
        this.random = new Random(seed);
        this.latencyMs = latencyMs;
        this.hangMs = hangMs;
        this.sessions = sessions;
    }

    public Faults setLatencyMs(long v) { latencyMs = v; return this; }
    public long latencyMs() { return latencyMs; }

    /** How long a TIMEOUT fault hangs before closing the connection. */
    public Faults setHangMs(long v) { hangMs = v; return this; }
    public long hangMs() { return hangMs; }

    public Faults add(FaultRule rule) {
        rules.add(new Active(rule, new AtomicInteger(rule.count() > 0 ? rule.count() : Integer.MAX_VALUE)));
        return this;
    }

    /** Removes every rule and the latency; "down" is left as is. */
    public Faults clear() {
        rules.clear();
        latencyMs = 0;
        return this;
    }

    public List<FaultRule> rules() {
        List<FaultRule> out = new ArrayList<>();
        for (Active a : rules) out.add(a.rule());
        return out;
    }

    /** Every request to /entity and /identity is answered 503 while down. */
    public Faults setDown(boolean v) { down = v; return this; }
    public boolean isDown() { return down; }

    public Faults expireAllSessions() {
        sessions.expireAll();
        return this;
    }

    public synchronized Faults reseed(long seed) {
        random = new Random(seed);
        return this;
    }

    public int injected() { return injected.get(); }

    /** The first rule that fires for this request, or null. Consumes counts and random draws. */
    public FaultRule pick(String method, String entity, String action) {
        for (Active a : rules) {
            if (!a.rule().matches(method, entity, action)) continue;
            if (a.remaining().get() <= 0) continue;
            if (a.rule().probability() < 1.0) {
                double d;
                synchronized (this) {
                    d = random.nextDouble();
                }
                if (d >= a.rule().probability()) continue;
            }
            if (a.remaining().getAndDecrement() <= 0) continue;
            injected.incrementAndGet();
            return a.rule();
        }
        return null;
    }
}
