package com.crosswalk.acumatica.client;

import com.crosswalk.acumatica.client.model.ChangeOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Exports a commitment change order end to end, idempotently by ExternalRefNbr:
 * <ol>
 *   <li>{@code GET /ChangeOrder?$filter=ExternalRefNbr eq '<key>'} — adopt an existing, non-reversed change order
 *   and continue its workflow from its status;</li>
 *   <li>otherwise insert it On Hold ({@code PUT If-None-Match:*});</li>
 *   <li>{@code RemoveChangeOrderFromHold};</li>
 *   <li>{@code ReleaseChangeOrder} (polling a 202 Location until done).</li>
 * </ol>
 * Happy path: 4 ERP requests (+ sign-in once per session, + polls of a long release). Safe to call again after any
 * failure or crash: it never creates a second change order for the same ExternalRefNbr.
 */
public final class ChangeOrderExporter {

    private static final Logger log = LoggerFactory.getLogger(ChangeOrderExporter.class);

    private final ChangeOrderApi changeOrders;

    ChangeOrderExporter(ChangeOrderApi changeOrders) {
        this.changeOrders = changeOrders;
    }

    /**
     * Makes sure a released change order exists for {@code draft.externalRefNbr()} and returns it.
     *
     * @param draft the change order to create (ExternalRefNbr required, RefNbr ignored); sent with Hold=true
     * @return the released change order (Status Closed); when created by this call it carries the Commitments
     * lines returned by the insert
     * @throws AcumaticaValidationException if Acumatica refused the change order or an action
     * @throws AcumaticaException           with {@code isRetryable()} when it is worth calling again later
     */
    public ChangeOrder export(ChangeOrder draft) {
        Objects.requireNonNull(draft, "draft");
        String ext = draft.externalRefNbr();
        if (ext == null || ext.isBlank()) {
            throw new IllegalArgumentException("a change order to export needs an ExternalRefNbr");
        }
        List<ChangeOrder> existing = changeOrders.findByExternalRef(ext);
        Optional<ChangeOrder> adopt = ChangeOrderApi.usable(existing);
        ChangeOrder co;
        if (adopt.isPresent()) {
            co = adopt.get();
            log.info("Change order for {} already exists in Acumatica as {} ({}); continuing from there", ext,
                    co.refNbr(), co.status());
        } else {
            co = changeOrders.insert(draft.withRefNbr(null).withHold(Boolean.TRUE));
            log.info("Inserted change order {} for {}", co.refNbr(), ext);
        }
        return advance(co);
    }

    private ChangeOrder advance(ChangeOrder co) {
        String ref = co.refNbr();
        String status = co.status() == null ? ChangeOrder.STATUS_ON_HOLD : co.status();
        switch (status) {
            case ChangeOrder.STATUS_CLOSED:
                return co;
            case ChangeOrder.STATUS_ON_HOLD:
                changeOrders.removeFromHold(ref);
                release(ref);
                break;
            case ChangeOrder.STATUS_OPEN:
                release(ref);
                break;
            case ChangeOrder.STATUS_PENDING_APPROVAL:
                throw needsApproval(ref);
            default:
                throw new AcumaticaException("Change order " + ref + " is " + status
                        + " in Acumatica and cannot be released", null, -1, null, false, false, null);
        }
        return co.withStatus(ChangeOrder.STATUS_CLOSED).withHold(Boolean.FALSE);
    }

    private void release(String ref) {
        try {
            changeOrders.release(ref);
        } catch (AcumaticaValidationException e) {
            Optional<ChangeOrder> now = changeOrders.get(ref);
            if (now.isPresent() && ChangeOrder.STATUS_PENDING_APPROVAL.equals(now.get().status())) {
                throw needsApproval(ref);
            }
            throw e;
        }
    }

    private static AcumaticaException needsApproval(String ref) {
        return new AcumaticaValidationException("Change order " + ref
                + " is waiting for approval in Acumatica; it will be released once approved", null, -1, null,
                List.of(), null);
    }
}
