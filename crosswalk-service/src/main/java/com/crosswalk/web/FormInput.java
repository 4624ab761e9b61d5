package com.crosswalk.web;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reading what a person typed into a form field: amounts and whole numbers, strictly. */
public final class FormInput {

    /** 1500, 1500.25, 1,500.25, -12 — a comma only between groups of three digits ("1,5" is not 15). */
    private static final Pattern AMOUNT = Pattern.compile("[-+]?(\\d{1,3}(,\\d{3})+|\\d+)(\\.\\d+)?");
    private static final Pattern WHOLE = Pattern.compile("[1-9][0-9]{0,17}");

    private FormInput() {
    }

    /** The amount typed, or empty when it is not a number as people write one. */
    public static Optional<BigDecimal> amount(String typed) {
        String t = typed == null ? "" : typed.trim();
        if (!AMOUNT.matcher(t).matches()) {
            return Optional.empty();
        }
        return Optional.of(new BigDecimal(t.replace(",", "")));
    }

    /** A positive id typed or chosen (digits only), or empty. */
    public static Optional<Long> id(String typed) {
        String t = typed == null ? "" : typed.trim();
        return WHOLE.matcher(t).matches() ? Optional.of(Long.parseLong(t)) : Optional.empty();
    }

    public static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** How many values a repeated form field (one per table row) came with. */
    public static int count(java.util.List<String> values) {
        return values == null ? 0 : values.size();
    }

    /** How many rows a table of repeated form fields has: the longest column, at least {@code minimum}. */
    @SafeVarargs
    public static int rowCount(int minimum, java.util.List<String>... columns) {
        int n = minimum;
        for (java.util.List<String> c : columns) {
            n = Math.max(n, count(c));
        }
        return n;
    }

    /** Row {@code i}'s value of a repeated form field, trimmed; "" where the row sent none. */
    public static String at(java.util.List<String> values, int i) {
        return values == null || i >= values.size() || values.get(i) == null ? "" : values.get(i).trim();
    }

    public static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
