package com.crosswalk.acumatica.client.query;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * An OData v3 {@code $filter} expression (top-level fields only; Acumatica does not filter reliably on detail lines).
 * Immutable; combine with {@link #and(Filter)} / {@link #or(Filter)}.
 * <pre>Filter.eq("ExternalRefNbr", "CW-1").and(Filter.ne("ReverseStatus", "Reversed"))</pre>
 */
public final class Filter {

    private final String expression;

    private Filter(String expression) {
        this.expression = expression;
    }

    public static Filter eq(String field, Object value) { return cmp(field, "eq", value); }
    public static Filter ne(String field, Object value) { return cmp(field, "ne", value); }
    public static Filter gt(String field, Object value) { return cmp(field, "gt", value); }
    public static Filter ge(String field, Object value) { return cmp(field, "ge", value); }
    public static Filter lt(String field, Object value) { return cmp(field, "lt", value); }
    public static Filter le(String field, Object value) { return cmp(field, "le", value); }

    /** {@code startswith(Field,'prefix')}. */
    public static Filter startsWith(String field, String prefix) {
        return new Filter("startswith(" + field(field) + "," + literal(prefix) + ")");
    }

    /** {@code substringof('part',Field)}. */
    public static Filter contains(String field, String part) {
        return new Filter("substringof(" + literal(part) + "," + field(field) + ")");
    }

    /**
     * {@code (Field eq 'a' or Field eq 'b' …)}: any of the values (OData v3 has no {@code in}); one value is a plain
     * {@code eq}. Keep lists short (the URL carries them; e.g. 50 keys of 15 characters is about 2 KB encoded).
     */
    public static Filter anyOf(String field, java.util.Collection<?> values) {
        if (values.isEmpty()) throw new IllegalArgumentException("anyOf needs at least one value");
        StringBuilder b = new StringBuilder();
        for (Object v : values) {
            if (b.length() > 0) b.append(" or ");
            b.append(cmp(field, "eq", v).expression);
        }
        return new Filter(values.size() == 1 ? b.toString() : "(" + b + ")");
    }

    /** A raw OData expression, sent as is (caller is responsible for quoting). */
    public static Filter raw(String expression) {
        return new Filter(Objects.requireNonNull(expression));
    }

    public Filter and(Filter other) { return new Filter(expression + " and " + other.expression); }
    public Filter or(Filter other) { return new Filter("(" + expression + " or " + other.expression + ")"); }

    /** The unencoded expression, e.g. {@code ExternalRefNbr eq 'O''Brien'}. */
    public String expression() { return expression; }

    @Override public String toString() { return expression; }
    @Override public boolean equals(Object o) { return o instanceof Filter f && f.expression.equals(expression); }
    @Override public int hashCode() { return expression.hashCode(); }

    private static Filter cmp(String field, String op, Object value) {
        return new Filter(field(field) + " " + op + " " + literal(value));
    }

    private static String field(String f) {
        if (f == null || !f.matches("[A-Za-z_][A-Za-z0-9_/.]*")) {
            throw new IllegalArgumentException("not a field name: " + f);
        }
        return f;
    }

    /** OData literal: strings quoted with ' doubled; numbers/booleans plain; dates as datetimeoffset. */
    static String literal(Object v) {
        if (v == null) return "null";
        if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short) return v.toString();
        if (v instanceof BigDecimal d) return d.toPlainString();
        if (v instanceof Double || v instanceof Float) return v.toString();
        if (v instanceof LocalDate d) return "datetimeoffset'" + d + "T00:00:00Z'";
        if (v instanceof OffsetDateTime t) return "datetimeoffset'" + t + "'";
        return "'" + v.toString().replace("'", "''") + "'";
    }
}
