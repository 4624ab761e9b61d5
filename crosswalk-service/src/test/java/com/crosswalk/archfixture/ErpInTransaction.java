package com.crosswalk.archfixture;

import com.crosswalk.erp.connector.ErpConnector;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What {@code ArchitectureTest.noTransactionWaitsForTheErp} must catch (never instantiated): an ERP call two calls
 * deep under {@code @Transactional}, one inside a {@code TransactionTemplate} callback, one through an interface, and
 * one done right (ask first, then open the transaction).
 */
public class ErpInTransaction {

    interface Lookup {
        int count();
    }

    static class ErpLookup implements Lookup {
        private final ErpConnector connector;

        ErpLookup(ErpConnector connector) {
            this.connector = connector;
        }

        @Override
        public int count() {
            return connector.listVendors().size();
        }
    }

    private final ErpConnector connector;
    private final TransactionTemplate tx;
    private final Lookup lookup;

    ErpInTransaction(ErpConnector connector, TransactionTemplate tx, Lookup lookup) {
        this.connector = connector;
        this.tx = tx;
        this.lookup = lookup;
    }

    @Transactional
    public int annotated() {
        return helper();
    }

    private int helper() {
        return connector.listProjects().size();
    }

    public int template() {
        return tx.execute(status -> connector.listCostCodes().size());
    }

    @Transactional
    public int throughAnInterface() {
        return lookup.count();
    }

    /** Right: the ERP first, then the transaction that writes. */
    public int askThenWrite() {
        int n = connector.listVendors().size();
        return write(n);
    }

    private int write(int n) {
        return tx.execute(status -> n + 1);
    }
}
