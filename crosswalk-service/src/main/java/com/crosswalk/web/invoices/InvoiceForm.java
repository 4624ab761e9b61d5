package com.crosswalk.web.invoices;

import java.util.List;

/** What the invoice form sends back: the period, and per SOV line its id, this period's work and stored materials. */
public record InvoiceForm(String periodStart, String periodEnd, String description, List<String> lineSov,
        List<String> lineWork, List<String> lineStored) {

    /** The work entered for SOV line {@code sovId}, or "". */
    public String work(Object sovId) {
        int i = lineSov.indexOf(String.valueOf(sovId));
        return i < 0 || i >= lineWork.size() ? "" : lineWork.get(i);
    }

    /** The materials presently stored entered for SOV line {@code sovId}, or "". */
    public String stored(Object sovId) {
        int i = lineSov.indexOf(String.valueOf(sovId));
        return i < 0 || i >= lineStored.size() ? "" : lineStored.get(i);
    }
}
