package com.crosswalk.acumatica.client.query;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * OData query options for a GET (and {@code $select/$expand} for a PUT): {@code $select}, {@code $filter},
 * {@code $expand}, {@code $top}, {@code $skip}, {@code $custom}. Immutable; every method returns a new query.
 * Static methods start a query; instance methods ({@code withSelect, where, withExpand, limit, offset}) extend it:
 * <pre>Query.select("VendorID", "VendorName").where(Filter.eq("Status", "Active")).limit(100)</pre>
 */
public final class Query {

    private static final Query EMPTY = new Query(List.of(), null, List.of(), null, null, List.of());

    private final List<String> select;
    private final Filter filter;
    private final List<String> expand;
    private final Integer top;
    private final Integer skip;
    private final List<String> custom;

    private Query(List<String> select, Filter filter, List<String> expand, Integer top, Integer skip,
                  List<String> custom) {
        this.select = select;
        this.filter = filter;
        this.expand = expand;
        this.top = top;
        this.skip = skip;
        this.custom = custom;
    }

    /** No options: the whole list, top-level fields only. */
    public static Query all() { return EMPTY; }
    public static Query select(String... fields) { return EMPTY.withSelect(fields); }
    public static Query filter(Filter filter) { return EMPTY.where(filter); }
    public static Query expand(String... details) { return EMPTY.withExpand(details); }
    public static Query top(int n) { return EMPTY.limit(n); }

    /** Adds fields to {@code $select} ({@code Linked/Field} paths allowed). */
    public Query withSelect(String... fields) {
        return new Query(concat(select, fields), filter, expand, top, skip, custom);
    }

    /** Sets {@code $filter} (AND-ed with an existing filter). */
    public Query where(Filter f) {
        return new Query(select, filter == null ? f : filter.and(f), expand, top, skip, custom);
    }

    /** Adds detail/linked entities to {@code $expand}, e.g. {@code Commitments}, {@code Details}. */
    public Query withExpand(String... details) {
        return new Query(select, filter, concat(expand, details), top, skip, custom);
    }

    /** Adds {@code $custom} fields, e.g. {@code Document.ReversingRefNbr}. */
    public Query withCustom(String... fields) {
        return new Query(select, filter, expand, top, skip, concat(custom, fields));
    }

    /** Sets {@code $top}. */
    public Query limit(int n) {
        if (n < 0) throw new IllegalArgumentException("top must be >= 0");
        return new Query(select, filter, expand, n, skip, custom);
    }

    /** Sets {@code $skip}. */
    public Query offset(int n) {
        if (n < 0) throw new IllegalArgumentException("skip must be >= 0");
        return new Query(select, filter, expand, top, n, custom);
    }

    /** Same as {@link #where(Filter)}. */
    public Query and(Filter f) { return where(f); }

    /** Same as {@link #offset(int)}. */
    public Query skip(int n) { return offset(n); }

    public List<String> selectFields() { return select; }
    public Filter filterExpression() { return filter; }
    public List<String> expandFields() { return expand; }
    public Integer topValue() { return top; }
    public Integer skipValue() { return skip; }

    /** Only {@code $select}, {@code $expand} and {@code $custom} (what a GET by key or a PUT accepts). */
    public Query withoutPaging() {
        return new Query(select, null, expand, null, null, custom);
    }

    /** URL-encoded query string without leading {@code ?}, e.g. {@code $filter=ExternalRefNbr%20eq%20%27x%27}; empty if no options. */
    public String toQueryString() {
        List<String> parts = new ArrayList<>();
        if (!select.isEmpty()) parts.add("$select=" + enc(String.join(",", select)));
        if (filter != null) parts.add("$filter=" + enc(filter.expression()));
        if (!expand.isEmpty()) parts.add("$expand=" + enc(String.join(",", expand)));
        if (!custom.isEmpty()) parts.add("$custom=" + enc(String.join(",", custom)));
        if (skip != null) parts.add("$skip=" + skip);
        if (top != null) parts.add("$top=" + top);
        return String.join("&", parts);
    }

    @Override
    public String toString() { return toQueryString(); }

    /** Percent-encoding for a query value or path segment (space as %20, not +). */
    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static List<String> concat(List<String> a, String[] b) {
        List<String> r = new ArrayList<>(a);
        for (String s : Arrays.asList(b)) {
            if (s != null && !s.isBlank() && !r.contains(s)) r.add(s);
        }
        return List.copyOf(r);
    }
}
