package com.crosswalk.jobs;

/**
 * What a job did with one record: {@code ok} (green) or not (red), the HTTP-like {@code status} of that outcome
 * (200 done, 403, 404, 409, 503, 500) and the sentence shown for the record.
 */
public record JobItem(long recordId, String label, boolean ok, int status, String message) {
}
