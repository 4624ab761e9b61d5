package com.crosswalk.shared;

import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;

/**
 * How a failure that is nobody's input and no outage is reported: a bug (a null pointer, "client is closed", a
 * mapping error). It is logged once with its stack trace under a short id, and a person is told only
 * {@code internal error (see the server log, id …)}, never the exception's text. An ERP that cannot be reached is
 * an {@link ErpUnavailableException} (retried, shown as an outage) and a refusal is a {@link CrosswalkException};
 * everything else is one of these.
 */
public final class InternalErrors {

    private InternalErrors() {
    }

    /** Logs {@code failure} at ERROR with its stack trace and an id; returns the sentence a person sees. */
    public static String logged(Logger log, String what, Throwable failure) {
        String id = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffff_ffffL | 0x1_0000_0000L)
                .substring(1);
        log.error("{} failed with an internal error (id {})", what, id, failure);
        return message(id);
    }

    public static String message(String id) {
        return "internal error (see the server log, id " + id + ")";
    }
}
