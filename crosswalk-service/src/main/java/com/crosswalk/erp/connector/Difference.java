package com.crosswalk.erp.connector;

/**
 * One field on which an ERP record differs from what we exported: {@code field} names it in people's words
 * ("line 2 amount", "description"), {@code ours} is what we exported, {@code theirs} what the ERP holds (null = absent).
 */
public record Difference(String field, String ours, String theirs) {

    @Override
    public String toString() {
        return field + ": ours " + (ours == null ? "(none)" : ours) + ", " + (theirs == null ? "(none)" : theirs)
                + " in the ERP";
    }
}
