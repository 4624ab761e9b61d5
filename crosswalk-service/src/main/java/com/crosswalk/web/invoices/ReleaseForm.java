package com.crosswalk.web.invoices;

import java.util.List;

/** What the retainage release form sends back: date, description, release all, or per SOV line an amount or a percent. */
public record ReleaseForm(String billingDate, String description, boolean releaseAll, List<String> lineSov,
        List<String> lineAmount, List<String> linePercent) {

    /** The amount entered for SOV line {@code sovId}, or "". */
    public String amount(Object sovId) {
        int i = lineSov.indexOf(String.valueOf(sovId));
        return i < 0 || i >= lineAmount.size() ? "" : lineAmount.get(i);
    }

    /** The percent entered for SOV line {@code sovId}, or "". */
    public String percent(Object sovId) {
        int i = lineSov.indexOf(String.valueOf(sovId));
        return i < 0 || i >= linePercent.size() ? "" : linePercent.get(i);
    }
}
