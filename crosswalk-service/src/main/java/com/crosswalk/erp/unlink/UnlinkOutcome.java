package com.crosswalk.erp.unlink;

/**
 * How one unlink attempt ended. {@link #metricTag()} is the {@code outcome} tag of the {@code crosswalk.unlinks}
 * counter; {@link #httpStatus()} the REST status (and the per-id status of a bulk unlink).
 */
public enum UnlinkOutcome {
    UNLINKED(200, "unlinked"),
    STILL_IN_ERP(409, "still_in_erp"),
    FORBIDDEN(403, "forbidden"),
    NOT_SYNCED(409, "not_synced"),
    ERP_UNAVAILABLE(503, "erp_unavailable"),
    NOT_FOUND(404, "not_found"),
    /**
     * A bug on our side (not an outage): logged with its stack trace, the message gives its id ("internal error (see
     * the server log, id …)"). Nothing was changed.
     */
    ERROR(500, "error");

    private final int httpStatus;
    private final String metricTag;

    UnlinkOutcome(int httpStatus, String metricTag) {
        this.httpStatus = httpStatus;
        this.metricTag = metricTag;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String metricTag() {
        return metricTag;
    }
}
