package com.crosswalk.acumatica.emulator.faults;

import java.util.Locale;

/**
 * One fault-injection rule. Null selectors match anything. {@code count} &gt; 0: only the first N matching requests
 * (then the rule is spent); {@code probability} in [0,1] draws from the emulator's seeded Random for each match.
 *
 * @param method      HTTP method (GET, PUT, POST, DELETE) or null
 * @param entity      entity name ("ChangeOrder"; "auth" for /entity/auth/*, "identity" for OAuth) or null
 * @param action      action name ("ReleaseChangeOrder", "login", "logout") or null for any
 * @param kind        what happens
 * @param phase       before or after the write
 * @param probability chance per matching request (1.0 = always)
 * @param count       first N matching requests (0 or negative = unlimited)
 */
public record FaultRule(String method, String entity, String action, FaultKind kind, FaultPhase phase, double probability, int count) {

    public static Builder builder() {
        return new Builder();
    }

    public boolean matches(String m, String e, String a) {
        return (method == null || method.equalsIgnoreCase(m))
                && (entity == null || entity.equalsIgnoreCase(e))
                && (action == null || action.equalsIgnoreCase(a));
    }

    /** Builder; defaults: any request, ERROR_500, BEFORE_WRITE, probability 1, unlimited count. */
    public static final class Builder {
        private String method, entity, action;
        private FaultKind kind = FaultKind.ERROR_500;
        private FaultPhase phase = FaultPhase.BEFORE_WRITE;
        private double probability = 1.0;
        private int count;

        public Builder method(String v) { method = v == null ? null : v.toUpperCase(Locale.ROOT); return this; }
        public Builder entity(String v) { entity = v; return this; }
        public Builder action(String v) { action = v; return this; }
        public Builder kind(FaultKind v) { kind = v; return this; }
        public Builder phase(FaultPhase v) { phase = v; return this; }
        public Builder probability(double v) { probability = v; return this; }
        public Builder count(int v) { count = v; return this; }

        public FaultRule build() {
            if (probability < 0 || probability > 1) throw new IllegalArgumentException("probability must be in [0,1]");
            return new FaultRule(method, entity, action, kind, phase, probability, count);
        }
    }
}
