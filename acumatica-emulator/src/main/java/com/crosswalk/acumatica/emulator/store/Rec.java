package com.crosswalk.acumatica.emulator.store;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One record (top-level entity or detail line). Values are held in an array indexed like {@link EntityType#props()}:
 * String, BigDecimal, Boolean, Integer, Long, String (ISO date-time) for wrapped values, {@code List<Rec>} for detail
 * collections and a Jackson {@code ObjectNode} for linked entities. Compact on purpose (100k change orders in memory).
 */
public final class Rec {
    public final EntityType type;
    public UUID id;
    public String note;
    public final Object[] v;

    public Rec(EntityType type, UUID id) {
        this.type = type;
        this.id = id;
        this.v = new Object[type.size()];
    }

    /** The value of a field; null if unset or if this entity type has no such field. */
    public Object get(String field) {
        EntityType.Prop p = type.prop(field);
        return p == null ? null : v[p.index()];
    }

    public String str(String field) {
        Object o = get(field);
        return o == null ? null : o.toString();
    }

    public BigDecimal dec(String field) {
        Object o = get(field);
        return o == null ? null : (BigDecimal) o;
    }

    public Integer integer(String field) {
        Object o = get(field);
        return o == null ? null : ((Number) o).intValue();
    }

    public boolean bool(String field) {
        return Boolean.TRUE.equals(get(field));
    }

    /** Sets a field; a field this entity type does not have is ignored (shared code across Subcontract/PO shapes). */
    public Rec set(String field, Object value) {
        EntityType.Prop p = type.prop(field);
        if (p != null) v[p.index()] = value;
        return this;
    }

    @SuppressWarnings("unchecked")
    public List<Rec> details(String field) {
        int i = type.index(field);
        if (v[i] == null) v[i] = new ArrayList<Rec>(2);
        return (List<Rec>) v[i];
    }

    @SuppressWarnings("unchecked")
    public List<Rec> detailsOrNull(String field) {
        return (List<Rec>) v[type.index(field)];
    }

    /** Deep copy (detail lists copied, their records copied); linked JSON objects are shared (never mutated). */
    @SuppressWarnings("unchecked")
    public Rec copy() {
        Rec c = new Rec(type, id);
        c.note = note;
        for (int i = 0; i < v.length; i++) {
            Object o = v[i];
            if (o instanceof List<?> l) {
                List<Rec> nl = new ArrayList<>(l.size());
                for (Rec r : (List<Rec>) l) nl.add(r.copy());
                c.v[i] = nl;
            } else {
                c.v[i] = o;
            }
        }
        return c;
    }
}
