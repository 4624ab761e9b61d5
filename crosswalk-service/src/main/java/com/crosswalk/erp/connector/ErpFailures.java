package com.crosswalk.erp.connector;

import com.crosswalk.shared.CrosswalkException;
import com.crosswalk.shared.ErpUnavailableException;
import com.crosswalk.shared.InternalErrors;
import org.slf4j.Logger;

/**
 * Connector failures, classified the one way everywhere: {@link ErpUnavailableException} is an outage (unreachable,
 * timeout, 5xx, 429 after the client's retries: try again later), {@link ErpRejectedException} is the ERP refusing
 * the data (a person fixes it), a {@link CrosswalkException} is a refusal of ours; any other
 * {@link RuntimeException} is a bug — logged with its stack trace under an id, and shown as
 * {@code internal error (see the server log, id …)}, never as "could not be reached".
 */
public final class ErpFailures {

    private ErpFailures() {
    }

    /** An outage: worth trying again later. */
    public static boolean isOutage(Throwable failure) {
        return failure instanceof ErpUnavailableException;
    }

    /** Neither an outage nor a refusal: a bug on our side. */
    public static boolean isBug(Throwable failure) {
        return !(failure instanceof CrosswalkException) && !(failure instanceof ErpRejectedException);
    }

    /** The sentence a person sees; a bug is logged with its stack trace first. */
    public static String describe(Logger log, String what, RuntimeException failure) {
        if (failure instanceof ErpRejectedException || failure instanceof CrosswalkException) {
            return failure.getMessage();
        }
        return InternalErrors.logged(log, what, failure);
    }
}
