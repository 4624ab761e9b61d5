package com.crosswalk.erp.unlink;

import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.shared.BadRequestException;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Unlinks many CCOs: each id goes through {@link UnlinkService#unlinkChangeOrder} on its own (its own permission
 * check, ERP question and transaction), at most {@code crosswalk.unlink.concurrency} at once ({@link ErpCheckPool});
 * one failing id never affects another. The REST API and the ERP Integrations page's "Unlink selected" call it.
 */
@Service
public class BulkUnlink {

    /** The most CCOs one request may unlink. */
    public static final int MAX = 500;

    private static final Logger log = LoggerFactory.getLogger(BulkUnlink.class);

    private final UnlinkService unlinks;
    private final ErpCheckPool pool;
    private final Permissions permissions;

    BulkUnlink(UnlinkService unlinks, ErpCheckPool pool, Permissions permissions) {
        this.unlinks = unlinks;
        this.pool = pool;
        this.permissions = permissions;
    }

    /**
     * One result per id, in the order given ({@link UnlinkOutcome#ERROR} for an unexpected failure of that id).
     *
     * @throws BadRequestException for no ids, more than {@link #MAX}, or a null id (nothing is unlinked then)
     */
    public List<UnlinkResult> unlinkChangeOrders(SignedInUser user, long companyId, List<Long> ids) {
        permissions.requireCompany(user, companyId);
        if (ids == null || ids.isEmpty()) {
            throw new BadRequestException("ids is required: the CCOs to unlink, at most " + MAX);
        }
        if (ids.size() > MAX) {
            throw new BadRequestException("At most " + MAX + " CCOs can be unlinked at once (got " + ids.size() + ")");
        }
        if (ids.stream().anyMatch(Objects::isNull)) {
            throw new BadRequestException("ids must not contain null");
        }
        return pool.map(ids, id -> {
            try {
                return unlinks.unlinkChangeOrder(user, companyId, id);
            } catch (RuntimeException e) {
                log.error("Bulk unlink of CCO {} failed unexpectedly", id, e);
                return new UnlinkResult(id, UnlinkOutcome.ERROR,
                        "Something went wrong on our side; nothing was changed for this CCO");
            }
        });
    }
}
