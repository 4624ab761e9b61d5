package com.crosswalk.erp.unlink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Runs {@link Reconciliation} for every company now and then ({@code crosswalk.reconcile.interval}, default 15
 * minutes; first run after {@code crosswalk.reconcile.initial-delay}, default 5 minutes; off with
 * {@code crosswalk.reconcile.enabled=false}; never in a CLI run). Only one instance runs it at a time: the run holds a PostgreSQL
 * session advisory lock; an instance that can not take it skips the round. The lock is no row lock: holding it
 * while the ERP answers blocks nobody but another reconciler. Its ERP requests are batched and paced to a share of the
 * ERP budget ({@code crosswalk.reconcile.budget-share}, see {@link Reconciliation#reconcile}).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnExpression("${crosswalk.reconcile.enabled:true} and '${crosswalk.command:}' == ''")
class ReconciliationJob {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationJob.class);
    /** The advisory lock key: "CWRECONC" as a number, the same on every instance. */
    static final long LOCK_KEY = 0x435752_45434F4EL;

    private final Reconciliation reconciliation;
    private final DataSource dataSource;

    ReconciliationJob(Reconciliation reconciliation, DataSource dataSource) {
        this.reconciliation = reconciliation;
        this.dataSource = dataSource;
    }

    @Scheduled(fixedDelayString = "${crosswalk.reconcile.interval:PT15M}",
            initialDelayString = "${crosswalk.reconcile.initial-delay:PT5M}")
    void run() {
        runOnce();
    }

    /** One round; false when another instance holds the lock. */
    boolean runOnce() {
        try (Connection connection = dataSource.getConnection()) {
            if (!advisory(connection, "select pg_try_advisory_lock(?)")) {
                log.debug("Reconciliation: another instance is running it");
                return false;
            }
            try {
                for (long companyId : reconciliation.companiesWithErp()) {
                    try {
                        reconciliation.reconcile(companyId);
                    } catch (RuntimeException e) {
                        log.warn("Reconciliation of company {} failed: {}", companyId, e.getMessage());
                    }
                }
                return true;
            } finally {
                advisory(connection, "select pg_advisory_unlock(?)");
            }
        } catch (java.sql.SQLException e) {
            log.warn("Reconciliation could not take its lock: {}", e.getMessage());
            return false;
        }
    }

    private static boolean advisory(Connection connection, String sql) throws java.sql.SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            s.setLong(1, LOCK_KEY);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
