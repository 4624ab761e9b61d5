package com.crosswalk.erp.export;

import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.erp.connector.ErpConnector;
import com.crosswalk.erp.connector.ErpDocument;
import com.crosswalk.erp.connector.ErpRejectedException;
import com.crosswalk.erp.sync.CanonicalJson;
import com.crosswalk.erp.sync.RecordType;
import com.crosswalk.erp.sync.RecordTypes;
import com.crosswalk.erp.sync.SyncRecords;
import com.crosswalk.erp.sync.SyncRecords.Attempt;
import com.crosswalk.erp.sync.SyncRecords.Completion;
import com.crosswalk.erp.sync.SyncRecords.ErpTrace;
import com.crosswalk.shared.ErpUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;

/**
 * The background export of one record (a db-scheduler one-time task; instance id
 * {@code <prefix>-<record id>-g<generation>-v<erp_export.version at accept>}, see {@link SyncRecords#instanceId}).
 *
 * <p>Each execution takes the export's lease ({@link SyncRecords#startAttempt}), runs an {@link ExportAttempt} against
 * the payload fixed at Accept, and ends in one of three ways, classified here once:
 * <ul>
 * <li>the ERP holds exactly the payload → link + Synced ({@link SyncRecords#succeed});</li>
 * <li>the ERP refused, or holds something only a person can resolve → Failed to Export with its words;</li>
 * <li>the ERP (or our database) could not be reached (unreachable, timeout, 5xx, 429; a lost connection) → the
 *     attempt's error and the next try are written on the record and the task is rescheduled (exponential backoff),
 *     until {@code crosswalk.export.max-attempts}: then Failed, "could not be reached";</li>
 * <li>anything else is a bug of ours: logged with its stack trace and an id, Failed to Export with "internal error
 *     (see the server log, id …)", not retried.</li>
 * </ul>
 */
@Component
class ExportJob {

    private static final Logger log = LoggerFactory.getLogger(ExportJob.class);

    private final SyncRecords sync;
    private final RecordTypes types;
    private final ErpConnectors connectors;
    private final ExportMetrics metrics;
    private final ObjectProvider<ExportHook> hooks;
    private final ExportJobSettings settings;

    ExportJob(SyncRecords sync, RecordTypes types, ErpConnectors connectors, ExportMetrics metrics,
            ObjectProvider<ExportHook> hooks, ExportJobSettings settings) {
        this.settings = settings;
        this.sync = sync;
        this.types = types;
        this.connectors = connectors;
        this.metrics = metrics;
        this.hooks = hooks;
    }

    /** An attempt that could not reach the ERP; {@code left} is what it has in the ERP so far (or null). */
    static final class AttemptFailed extends RuntimeException {
        final ErpTrace left;

        AttemptFailed(RuntimeException cause, ErpTrace left) {
            super(cause.getMessage(), cause);
            this.left = left;
        }
    }

    record Instance(RecordType<?> type, long recordId) {
    }

    Instance parse(String instanceId) {
        String[] p = instanceId.split("-");
        RecordType<?> type = types.byPrefix(p[0])
                .orElseThrow(() -> new IllegalArgumentException("Unknown export task " + instanceId));
        return new Instance(type, Long.parseLong(p[1]));
    }

    /**
     * Runs one execution. Returns when to try again (the ERP could not be reached and attempts are left), or null
     * when this execution is done with (synced, failed, or no longer due).
     */
    Instant run(String instanceId) {
        Instance in = parse(instanceId);
        Optional<Attempt> started = sync.startAttempt(in.type(), in.recordId(), instanceId);
        if (started.isEmpty()) {
            log.info("Export {} is no longer due; nothing to do", instanceId);
            return null;
        }
        metrics.running().incrementAndGet();
        try {
            attempt(in.type(), started.get());
            return null;
        } catch (AttemptFailed outage) {
            return retryOrGiveUp(in.type(), started.get(), outage);
        } finally {
            metrics.running().decrementAndGet();
        }
    }

    /** The attempt could not reach the ERP: its error and the next try on the record, or Failed after the last. */
    private Instant retryOrGiveUp(RecordType<?> type, Attempt a, AttemptFailed outage) {
        SyncRecords.ExportRow e = a.export();
        int attempts = e.attempts() + 1;
        if (attempts >= settings.maxAttempts()) {
            String name = connectors.displayName(e.companyId());
            String why = describe(outage);
            String msg = why.startsWith(name + " could not be reached") ? why : name + " could not be reached: " + why;
            fail(type, a, msg + " (gave up after " + attempts + " attempts)", "unreachable", outage.left);
            return null;
        }
        Instant next = Instant.now().plus(settings.retryBackoff().multipliedBy(1L << Math.min(20, attempts - 1)));
        sync.attemptFailed(type, e.recordId(), e.jobInstanceId(), describe(outage), "unreachable",
                OffsetDateTime.ofInstant(next, ZoneOffset.UTC), outage.left);
        return next;
    }

    private <P> void attempt(RecordType<P> type, Attempt a) {
        SyncRecords.ExportRow e = a.export();
        String erp = connectors.displayName(e.companyId());
        ExportAttempt<P> attempt = null;
        try {
            if (e.payload() == null) {
                throw new IllegalStateException("export " + e.jobInstanceId() + " has no payload fixed at Accept");
            }
            P payload = CanonicalJson.read(e.payload(), type.payloadType());
            ErpConnector connector = connectors.forCompany(e.companyId());
            attempt = new ExportAttempt<>(type, type.documents(connector), sync, a, payload, erp);
            ExportAttempt.Outcome outcome = attempt.run();
            if (outcome instanceof ExportAttempt.Refused refused) {
                fail(type, a, refused.message(), "refused", trace(attempt));
                return;
            }
            ErpDocument done = ((ExportAttempt.Done) outcome).document();
            ExportHook hook = hooks.getIfAvailable();
            if (hook != null) {
                hook.afterErpWrite(e.jobInstanceId());
            }
            Completion completion = sync.succeed(type, a, done.ref(), erp, type.documents(connector).noun());
            switch (completion) {
                case SYNCED, ALREADY_LINKED -> metrics.synced(type, e.acceptedAt() == null ? null
                        : Duration.between(e.acceptedAt(), OffsetDateTime.now()));
                case NOT_CURRENT -> log.info("Export {} finished in {} as {}, but another execution or a person moved "
                        + "the record on; not linking", e.jobInstanceId(), erp, done.key());
                case ERP_RECORD_TAKEN -> fail(type, a, "The " + erp + " " + type.erpNoun() + " " + done.key()
                        + " is already linked to another " + type.noun() + "; this " + type.noun()
                        + " was not linked", "refused", null);
            }
        } catch (ExportAttempt.Superseded superseded) {
            log.warn(superseded.getMessage());
        } catch (ErpRejectedException refused) {
            fail(type, a, refused.getMessage(), "refused", trace(attempt));
        } catch (RuntimeException failure) {
            if (isOutage(failure)) {
                // the ERP, or our own database, could not be reached: nothing is lost, the next attempt carries on
                metrics.attemptFailed(type);
                log.warn("Export {} could not finish, will retry: {}", e.jobInstanceId(), failure.getMessage());
                throw new AttemptFailed(failure, trace(attempt));
            }
            String id = UUID.randomUUID().toString().substring(0, 8);
            log.error("Export {} failed with an internal error (id {})", e.jobInstanceId(), id, failure);
            fail(type, a, "The export stopped on an internal error (see the server log, id " + id + ")", "internal",
                    trace(attempt));
        }
    }

    /**
     * Could not reach the ERP or our own database (unreachable, timeout, 5xx, 429; a lost or refused database
     * connection, PostgreSQL shutting down) — anywhere in the cause chain. Such a failure is retried; anything else is
     * a bug.
     */
    static boolean isOutage(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ErpUnavailableException || c instanceof TransientDataAccessException
                    || c instanceof RecoverableDataAccessException || c instanceof DataAccessResourceFailureException
                    || c instanceof org.springframework.transaction.CannotCreateTransactionException
                    || c instanceof org.springframework.transaction.TransactionSystemException
                    || c instanceof java.sql.SQLTransientException || c instanceof java.sql.SQLRecoverableException
                    || c instanceof java.net.ConnectException || c instanceof java.io.EOFException) {
                return true;
            }
            if (c instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true; // connection exception; admin or crash shutdown
            }
        }
        return false;
    }

    private void fail(RecordType<?> type, Attempt a, String message, String kind, ErpTrace left) {
        if (sync.fail(type, a.export().recordId(), a.export().jobInstanceId(), message, kind, left)) {
            metrics.failed(type);
        }
    }

    private static ErpTrace trace(ExportAttempt<?> attempt) {
        ErpDocument d = attempt == null ? null : attempt.current();
        return d == null || d.stage() == ErpDocument.Stage.RELEASED ? null : new ErpTrace(d.key(), d.status());
    }

    private static String describe(Throwable t) {
        Throwable cause = t instanceof AttemptFailed && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof ErpUnavailableException || cause instanceof ErpRejectedException) {
            return cause.getMessage();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
