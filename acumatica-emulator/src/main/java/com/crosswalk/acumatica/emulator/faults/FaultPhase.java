package com.crosswalk.acumatica.emulator.faults;

/** Whether a fault replaces the request before it is applied, or the response after the write has been applied. */
public enum FaultPhase {
    BEFORE_WRITE,
    /** The record is saved (or the action done) but the client gets the fault instead of the answer. */
    AFTER_WRITE
}
