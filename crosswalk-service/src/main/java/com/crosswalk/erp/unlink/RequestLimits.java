package com.crosswalk.erp.unlink;

import com.crosswalk.directory.SignedInUser;
import com.crosswalk.shared.Throttles;
import com.crosswalk.shared.Throttles.Limit;
import com.crosswalk.shared.TooManyRequestsException;
import java.time.Duration;
import java.util.Collection;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Per-user limits on the unlink and reconciliation requests a person (or a script with their token) can repeat at
 * will, for the whole cluster ({@link Throttles}): refused unlinks — each asks the ERP and writes an audit event —
 * at most {@code crosswalk.limits.refused-unlinks} (default 60) per {@code crosswalk.limits.window} (10 minutes), and
 * "Check the ERP now" at most {@code crosswalk.limits.reconcile-requests} (3) per window. Past a limit: 429 with when
 * to try again; a successful unlink is never limited. The REST API and the pages call it; the CLI (run by the
 * operator on the server) does not.
 */
@Component
public class RequestLimits {

    private final Throttles throttles;
    private final Limit refusedUnlinks;
    private final Limit reconcileRequests;

    RequestLimits(Throttles throttles, @Value("${crosswalk.limits.refused-unlinks:60}") int refusedUnlinks,
            @Value("${crosswalk.limits.reconcile-requests:3}") int reconcileRequests,
            @Value("${crosswalk.limits.window:10m}") Duration window) {
        this.throttles = throttles;
        this.refusedUnlinks = new Limit("refused-unlinks", refusedUnlinks, window);
        this.reconcileRequests = new Limit("reconcile", reconcileRequests, window);
    }

    /** Refuses (429) a user whose unlinks were refused too often lately; nothing is asked of the ERP then. */
    public void beforeUnlink(SignedInUser user) {
        throttles.waitBefore(refusedUnlinks, key(user)).ifPresent(wait -> {
            throw new TooManyRequestsException("Too many of your unlinks were refused in a short time. Reverse or "
                    + "delete the records in the ERP first, then try again " + TooManyRequestsException.in(wait) + ".",
                    wait);
        });
    }

    /** Counts the refused ones among {@code results}. */
    public void afterUnlink(SignedInUser user, Collection<UnlinkResult> results) {
        throttles.record(refusedUnlinks, key(user), (int) results.stream().filter(r -> !r.succeeded()).count());
    }

    /** Counts one reconciliation request; refuses (429) one over the limit. */
    public void reconcile(SignedInUser user) {
        throttles.waitBefore(reconcileRequests, key(user)).ifPresent(wait -> {
            throw new TooManyRequestsException("You asked for a check with the ERP several times in a short time. Try "
                    + "again " + TooManyRequestsException.in(wait) + ".", wait);
        });
        throttles.record(reconcileRequests, key(user), 1);
    }

    private static String key(SignedInUser user) {
        return Long.toString(user.id());
    }
}
