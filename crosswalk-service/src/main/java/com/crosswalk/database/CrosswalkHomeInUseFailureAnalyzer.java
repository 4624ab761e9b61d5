package com.crosswalk.database;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** The start refused because another Crosswalk owns the home: its one sentence, no stack trace (as "port in use"). */
class CrosswalkHomeInUseFailureAnalyzer extends AbstractFailureAnalyzer<CrosswalkHomeInUseException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, CrosswalkHomeInUseException cause) {
        return new FailureAnalysis(cause.getMessage(), "Stop the other Crosswalk (or wait until it has stopped), or "
                + "start this one with another CROSSWALK_HOME.", cause);
    }
}
