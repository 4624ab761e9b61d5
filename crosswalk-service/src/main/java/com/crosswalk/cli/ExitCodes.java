package com.crosswalk.cli;

/**
 * The exit codes of {@code ./crosswalk <command>}, the same for every command (README, Administration commands):
 * each cause its own, so a script can tell a typo from an ERP outage.
 */
public final class ExitCodes {

    private ExitCodes() {
    }

    /** Done. */
    public static final int OK = 0;
    /** Refused: permissions, the record's state (e.g. still in the ERP), an unknown or inactive user, bad values. */
    public static final int REFUSED = 1;
    /** Usage error: unknown command, unknown or missing flags. */
    public static final int USAGE = 2;
    /** The record (or company) was not found. */
    public static final int NOT_FOUND = 3;
    /** The ERP could not be reached; nothing was changed. */
    public static final int ERP_UNREACHABLE = 4;
    /** Crosswalk could not start (its database or its configuration); nothing was done. */
    public static final int CANNOT_START = 5;
    /** A bug: the message gives the id of the stack trace in the log; nothing was changed. */
    public static final int INTERNAL_ERROR = 6;
}
