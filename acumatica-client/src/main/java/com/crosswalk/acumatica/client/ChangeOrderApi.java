package com.crosswalk.acumatica.client;

import com.crosswalk.acumatica.client.model.ChangeOrder;
import com.crosswalk.acumatica.client.query.Filter;
import com.crosswalk.acumatica.client.query.Query;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Change orders: the generic reads/writes plus lookups by ExternalRefNbr / original and the workflow actions.
 *
 * <p>Actions are never blindly re-sent: after a failure the change order is read again and the action counts as
 * done when its effect is there (e.g. Status Closed after ReleaseChangeOrder).
 */
public final class ChangeOrderApi extends EntityApi<ChangeOrder> {

    private static final Logger log = LoggerFactory.getLogger(ChangeOrderApi.class);
    private static final Query WITH_COMMITMENTS = Query.expand("Commitments");

    ChangeOrderApi(Transport transport) {
        super(transport, Mappers.CHANGE_ORDER);
    }

    /** {@code GET /ChangeOrder/<refNbr>}: the change order (top-level fields) or empty. */
    public Optional<ChangeOrder> get(String refNbr) { return get(Query.all(), refNbr); }

    /** All change orders whose ExternalRefNbr equals {@code externalRefNbr} (including reversed ones). */
    public List<ChangeOrder> findByExternalRef(String externalRefNbr) {
        return list(Query.filter(Filter.eq("ExternalRefNbr", externalRefNbr)));
    }

    /** The change orders reversing {@code refNbr} ({@code OriginalCORefNbr eq refNbr}), any status. */
    public List<ChangeOrder> findReversalsOf(String refNbr) {
        return list(Query.filter(Filter.eq("OriginalCORefNbr", refNbr)));
    }

    /**
     * Inserts a change order ({@code PUT If-None-Match:* ?$expand=Commitments}) and returns it with its RefNbr and
     * lines. If the outcome of the PUT is unknown, it looks up {@code ExternalRefNbr} (skipping Reversed ones) and
     * adopts what it finds before sending anything again — so a draft with an ExternalRefNbr is never inserted twice
     * by this call.
     */
    @Override
    public ChangeOrder insert(ChangeOrder draft) { return insert(draft, WITH_COMMITMENTS); }

    @Override
    Optional<ChangeOrder> lookupAfterUnknownInsert(ChangeOrder draft, Query options) {
        // with the lines, as the insert would have answered: the caller compares them with what it sent
        return usable(list(options.where(Filter.eq("ExternalRefNbr", draft.externalRefNbr()))));
    }

    @Override
    boolean canLookUp(ChangeOrder draft) {
        return draft.externalRefNbr() != null && !draft.externalRefNbr().isBlank();
    }

    /**
     * The change order to continue with among those sharing an ExternalRefNbr: not reversed, not a reversal, not
     * canceled/rejected; the most advanced (Closed, Open, Pending Approval, On Hold), lowest RefNbr first.
     */
    static Optional<ChangeOrder> usable(List<ChangeOrder> found) {
        return found.stream()
                .filter(co -> !co.isReversed() && !co.isReversal())
                .filter(co -> !ChangeOrder.STATUS_CANCELED.equals(co.status())
                        && !ChangeOrder.STATUS_REJECTED.equals(co.status()))
                .min(Comparator.comparingInt((ChangeOrder co) -> rank(co.status()))
                        .thenComparing(co -> co.refNbr() == null ? "" : co.refNbr()));
    }

    private static int rank(String status) {
        if (ChangeOrder.STATUS_CLOSED.equals(status)) return 0;
        if (ChangeOrder.STATUS_OPEN.equals(status)) return 1;
        if (ChangeOrder.STATUS_PENDING_APPROVAL.equals(status)) return 2;
        return 3;
    }

    /** {@code RemoveChangeOrderFromHold}; done when the change order is no longer On Hold. */
    public void removeFromHold(String refNbr) {
        runAction("RemoveChangeOrderFromHold", refNbr,
                () -> get(refNbr).map(co -> co.status() != null
                        && !ChangeOrder.STATUS_ON_HOLD.equals(co.status())).orElse(false));
    }

    /** {@code HoldChangeOrder}; done when the change order is On Hold. */
    public void hold(String refNbr) {
        runAction("HoldChangeOrder", refNbr,
                () -> get(refNbr).map(co -> ChangeOrder.STATUS_ON_HOLD.equals(co.status())).orElse(false));
    }

    /**
     * {@code ReleaseChangeOrder}, waiting for a long-running release (202 + Location polling); done when the change
     * order is Closed.
     */
    public void release(String refNbr) {
        runAction("ReleaseChangeOrder", refNbr, () -> get(refNbr).map(ChangeOrder::isReleased).orElse(false));
    }

    /**
     * {@code ReverseChangeOrder} on a released change order; returns the new reversing change order (On Hold; it
     * must still be taken off hold and released to undo anything). Not idempotent across calls: check
     * {@link #findReversalsOf(String)} first if a previous attempt may have succeeded.
     */
    public ChangeOrder reverse(String refNbr) {
        Set<String> before = findReversalsOf(refNbr).stream().map(ChangeOrder::refNbr).collect(Collectors.toSet());
        runAction("ReverseChangeOrder", refNbr, () -> findReversalsOf(refNbr).stream()
                .anyMatch(co -> !before.contains(co.refNbr())));
        return findReversalsOf(refNbr).stream()
                .filter(co -> !before.contains(co.refNbr()))
                .max(Comparator.comparing(ChangeOrder::refNbr))
                .orElseThrow(() -> new AcumaticaException("Acumatica reported the reversal of change order "
                        + refNbr + " as done but no reversing change order exists", null, -1, null, false, false,
                        null));
    }

    /**
     * {@code DELETE /ChangeOrder/<refNbr>}: true if deleted, false if there was none. Acumatica deletes only an On Hold
     * change order (PM308000); for one taken off hold use {@link #removeUnreleased(String)}.
     */
    public boolean delete(String refNbr) { return super.delete(refNbr); }

    /**
     * Removes a change order that was never released — e.g. the leftover of a failed export — the way Acumatica
     * allows it: only an On Hold change order can be deleted (PM308000), so one that is Open, Pending Approval,
     * Rejected or Canceled is put back on hold ({@code HoldChangeOrder}) first, then deleted.
     *
     * @return true if this call deleted it, false if Acumatica has no such change order (already gone)
     * @throws AcumaticaValidationException if it is released (Closed: it can only be reversed), or Acumatica refused
     *                                      the hold or the delete
     */
    public boolean removeUnreleased(String refNbr) {
        Optional<ChangeOrder> co = get(refNbr);
        if (co.isEmpty()) return false;
        String status = co.get().status();
        if (ChangeOrder.STATUS_CLOSED.equals(status)) {
            throw new AcumaticaValidationException("Change order " + refNbr + " is released in Acumatica; it cannot be "
                    + "deleted, only reversed", null, -1, null, List.of(), null);
        }
        if (!ChangeOrder.STATUS_ON_HOLD.equals(status)) {
            log.info("Change order {} is {}; putting it on hold before deleting it", refNbr, status);
            hold(refNbr);
        }
        return delete(refNbr);
    }

    // ---- actions ---------------------------------------------------------------------------------------------

    private void runAction(String action, String refNbr, BooleanSupplier done) {
        int max = transport.config().maxRetries();
        for (int attempt = 0; ; attempt++) {
            try {
                invoke(action, refNbr);
                return;
            } catch (AcumaticaException e) {
                if (e instanceof AcumaticaAuthenticationException || e instanceof AcumaticaNotFoundException
                        && e.httpStatus() == 404) {
                    throw e;
                }
                log.info("{} of change order {} failed ({}); re-reading its state", action, refNbr, e.userMessage());
                boolean isDone;
                try {
                    isDone = done.getAsBoolean();
                } catch (AcumaticaException readFailure) {
                    e.addSuppressed(readFailure);
                    throw e;
                }
                if (isDone) {
                    log.info("{} of change order {} had taken effect", action, refNbr);
                    return;
                }
                if (!e.isRetryable() || attempt >= max) throw e;
                backoff(attempt);
            }
        }
    }

    /** One invocation (retried as is only when nothing was done: 429, connection refused); waits on 202. */
    private void invoke(String action, String refNbr) {
        ObjectNode entity = Json.object();
        Json.put(entity, "RefNbr", refNbr);
        ObjectNode body = Json.object();
        body.set("entity", entity);
        Call call = new Call("POST", transport.config().endpointUrl() + "/ChangeOrder/" + action, "ChangeOrder",
                action, "change order", Json.write(body), Map.of(), true);
        transport.retrying(false, () -> transport.withSession(s -> {
            Transport.Response r = transport.exchange(s, call);
            if (r.status() == 202) {
                // the session stays ours while the operation runs: Acumatica refuses every other request of a session
                // running a long operation, so only the polls use it
                try {
                    waitForCompletion(s, action, r.location());
                } catch (RuntimeException e) {
                    // gave up polling: the operation may still hold the session; it is signed out, never reused
                    transport.abandon(s);
                    throw e;
                }
            }
            return null;
        }));
    }

    private void waitForCompletion(Session s, String action, String location) {
        if (location == null) {
            throw new AcumaticaException("Acumatica accepted " + action + " but gave no Location to follow", null, 202,
                    null, false, true, null);
        }
        String url = URI.create(transport.config().baseUrl() + "/").resolve(location).toString();
        Call poll = new Call("GET", url, "ChangeOrder", "poll", "change order", null, Map.of(), false);
        long deadline = System.nanoTime() + transport.config().actionTimeout().toNanos();
        long interval = Math.max(1, transport.config().actionPollInterval().toMillis());
        while (true) {
            sleep(interval);
            Transport.Response r = transport.retrying(true, () -> transport.exchange(s, poll));
            if (r.status() != 202) return; // 204 (or 200): completed
            if (System.nanoTime() - deadline > 0) {
                throw new AcumaticaUnreachableException("Acumatica did not finish " + action + " within "
                        + transport.config().actionTimeout().toMinutes() + " min", location, 202, true, null);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcumaticaUnreachableException("Interrupted while waiting for Acumatica", null, -1, true, e);
        }
    }
}
