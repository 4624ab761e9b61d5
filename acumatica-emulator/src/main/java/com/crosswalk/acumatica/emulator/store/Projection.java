package com.crosswalk.acumatica.emulator.store;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** What $select / $expand ask for, as a tree: select == null means every field. Names are kept lower-case. */
public final class Projection {
    public static final Projection DEFAULT = new Projection();
    /** Everything, every detail and linked entity (used by the snapshot file). */
    public static final Projection ALL = new Projection();

    private Set<String> select;
    private final Map<String, Projection> expand = new HashMap<>();
    private boolean all;

    static {
        ALL.all = true;
    }

    public static Projection parse(String select, String expand) {
        Projection p = new Projection();
        if (expand != null && !expand.isBlank()) {
            for (String e : expand.split(",")) {
                e = e.trim();
                if (e.isEmpty()) continue;
                Projection cur = p;
                for (String part : e.split("/")) cur = cur.expand.computeIfAbsent(part.trim().toLowerCase(Locale.ROOT), k -> new Projection());
            }
        }
        if (select != null && !select.isBlank()) {
            p.select = new HashSet<>();
            for (String s : select.split(",")) {
                s = s.trim();
                if (s.isEmpty()) continue;
                String[] parts = s.split("/");
                Projection cur = p;
                for (int i = 0; i < parts.length && cur != null; i++) {
                    String n = parts[i].trim().toLowerCase(Locale.ROOT);
                    if (cur.select == null) cur.select = new HashSet<>();
                    cur.select.add(n);
                    // Acumatica: a detail/linked entity appears only when $expand-ed, $select alone does not expand
                    cur = i < parts.length - 1 ? cur.expand.get(n) : null;
                }
            }
        }
        return p;
    }

    public boolean all() { return all; }

    public boolean selects(String field) {
        return all || select == null || select.contains(field.toLowerCase(Locale.ROOT));
    }

    /** The child projection if {@code field} is expanded, else null. */
    public Projection expanded(String field) {
        if (all) return ALL;
        return expand.get(field.toLowerCase(Locale.ROOT));
    }

    public Set<String> expandedNames() { return expand.keySet(); }
}
