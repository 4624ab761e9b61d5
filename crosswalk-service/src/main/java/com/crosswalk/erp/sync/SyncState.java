package com.crosswalk.erp.sync;

import com.crosswalk.shared.ConflictException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where a record stands in the sync lifecycle, and the only place that says which action may move it where.
 * Stored in {@code erp_export.state} (a record with no row is {@link #NOT_SENT}); a linked record is {@link #SYNCED}.
 *
 * <pre>
 * NOT_SENT / RETRIEVED / REJECTED / UNLINKED --send--> READY_TO_EXPORT --retrieve--> RETRIEVED
 * READY_TO_EXPORT --accept--> EXPORTING --synced--> SYNCED --unlink--> UNLINKED
 *                             EXPORTING --failed--> FAILED --retry--> EXPORTING
 * READY_TO_EXPORT / FAILED / EXPORTING (waiting to retry) --reject--> REJECTED
 * </pre>
 */
public enum SyncState {
    NOT_SENT("Not sent"),
    READY_TO_EXPORT("Ready to Export"),
    EXPORTING("Exporting"),
    FAILED("Failed to Export"),
    REJECTED("Rejected"),
    RETRIEVED("Retrieved"),
    SYNCED("Synced"),
    UNLINKED("Unlinked");

    /** What people read. */
    public final String label;

    SyncState(String label) {
        this.label = label;
    }

    /** The value in erp_export.state, the REST API and the audit log, e.g. {@code ready_to_export}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SyncState of(String value) {
        if (value == null) {
            return NOT_SENT;
        }
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The record is locked for editing and deleting in its own tool while in one of these. */
    public boolean locksRecord() {
        return this == READY_TO_EXPORT || this == EXPORTING || this == FAILED || this == SYNCED;
    }

    /** The moves of the lifecycle. */
    public enum Action {
        SEND(READY_TO_EXPORT, EnumSet.of(NOT_SENT, RETRIEVED, REJECTED, UNLINKED)),
        RETRIEVE(RETRIEVED, EnumSet.of(READY_TO_EXPORT)),
        ACCEPT(EXPORTING, EnumSet.of(READY_TO_EXPORT)),
        RETRY(EXPORTING, EnumSet.of(FAILED)),
        /** Reject from Exporting only while no attempt runs (the workflow checks that too). */
        REJECT(REJECTED, EnumSet.of(READY_TO_EXPORT, FAILED, EXPORTING)),
        SUCCEED(SYNCED, EnumSet.of(EXPORTING)),
        FAIL(FAILED, EnumSet.of(EXPORTING)),
        UNLINK(UNLINKED, EnumSet.of(SYNCED));

        public final SyncState to;
        private final Set<SyncState> from;

        Action(SyncState to, Set<SyncState> from) {
            this.to = to;
            this.from = from;
        }

        public boolean allowedFrom(SyncState state) {
            return from.contains(state);
        }

        /** The state after this action, or a 409 saying why not, in the record's own noun. */
        public SyncState apply(SyncState state, String noun) {
            if (!allowedFrom(state)) {
                throw new ConflictException(refusal(state, noun));
            }
            return to;
        }

        private String refusal(SyncState state, String noun) {
            String now = " (it is " + state.label + ")";
            return switch (this) {
                case SEND -> "This " + noun + " cannot be sent: " + sendProblem(state, "the ERP");
                case RETRIEVE -> "Only a " + noun + " waiting in Ready to Export can be retrieved" + now;
                case ACCEPT -> "Only a " + noun + " in Ready to Export can be accepted" + now;
                case RETRY -> "Only a failed export can be retried" + now;
                case REJECT -> "Only a " + noun + " in Ready to Export, Exporting or Failed to Export can be rejected"
                        + now;
                case UNLINK -> "This " + noun + " is not synced" + now;
                default -> "This " + noun + " cannot move from " + state.label + " to " + to.label;
            };
        }
    }

    /** Why a record in this state cannot be sent (the Send to ERP refusal's first reason), or null when it can. */
    public static String sendProblem(SyncState state, String erp) {
        return switch (state) {
            case READY_TO_EXPORT -> "it was already sent and is waiting in Ready to Export";
            case EXPORTING -> "it is being exported to " + erp;
            case SYNCED -> "it is already synced with " + erp;
            case FAILED -> "its export failed; an accounting approver must retry or reject it";
            default -> null;
        };
    }
}
