package com.crosswalk.erp.unlink;

import com.crosswalk.directory.SignedInUser;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Unlinks many CCOs: each id goes through {@link UnlinkService#unlinkChangeOrder} on its own (its own permission
 * check, ERP question and transaction), with bounded concurrency; one failing id never affects another.
 */
@Service
class BulkUnlink {

    private static final Logger log = LoggerFactory.getLogger(BulkUnlink.class);

    private final UnlinkService unlinks;
    private final ErpCheckPool pool;

    BulkUnlink(UnlinkService unlinks, ErpCheckPool pool) {
        this.unlinks = unlinks;
        this.pool = pool;
    }

    List<UnlinkResult> unlinkChangeOrders(SignedInUser user, long companyId, List<Long> ids) {
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
