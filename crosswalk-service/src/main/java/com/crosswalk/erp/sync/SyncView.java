package com.crosswalk.erp.sync;

import com.crosswalk.commitments.ErpRecordState;
import com.crosswalk.commitments.ErpSync;
import com.crosswalk.erp.connection.ErpConnectors;
import java.util.List;
import java.util.Optional;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the ERP Integrations tool tells a record's own tool: where it stands ({@link ErpSync}), and why it is locked
 * (synced, or anywhere in the export workflow between Send and Synced/Rejected).
 */
@Component
@Primary
class SyncView implements ErpRecordState {

    private final SyncRecords sync;
    private final RecordTypes types;
    private final ErpConnectors connectors;
    private final JdbcClient jdbc;

    SyncView(SyncRecords sync, RecordTypes types, ErpConnectors connectors, JdbcClient jdbc) {
        this.sync = sync;
        this.types = types;
        this.connectors = connectors;
        this.jdbc = jdbc;
    }

    @Override
    public Optional<String> lockReason(String recordType, long recordId) {
        RecordType<?> type = types.byRecordType(recordType);
        Optional<SyncRecords.LinkRow> link = sync.link(type, recordId, false);
        Optional<SyncRecords.ExportRow> export = sync.export(type, recordId, false);
        SyncState state = link.isPresent() ? SyncState.SYNCED : export.map(SyncRecords.ExportRow::state)
                .orElse(SyncState.NOT_SENT);
        if (!state.locksRecord()) {
            return Optional.empty();
        }
        long companyId = link.map(SyncRecords.LinkRow::companyId).orElseGet(() -> export.get().companyId());
        String erp = connectors.displayName(companyId);
        String noun = type.noun();
        return Optional.of(switch (state) {
            case SYNCED -> "This " + noun + " is synced with " + erp + ". Unlink it before editing or deleting it.";
            case FAILED -> "This " + noun + " failed to export to " + erp
                    + ". An accounting approver must retry or reject it before it can be edited or deleted.";
            default -> "This " + noun + " is waiting to be exported to " + erp
                    + ". Retrieve it from the ERP Integrations tool before editing or deleting it.";
        });
    }

    @Override
    public ErpSync summary(String recordType, long recordId) {
        RecordType<?> type = types.byRecordType(recordType);
        Optional<SyncRecords.LinkRow> link = sync.link(type, recordId, false);
        Optional<SyncRecords.ExportRow> export = sync.export(type, recordId, false);
        if (link.isEmpty() && export.isEmpty()) {
            return ErpSync.notSent();
        }
        long companyId = link.map(SyncRecords.LinkRow::companyId).orElseGet(() -> export.get().companyId());
        String erp = connectors.displayName(companyId);
        SyncState state = link.isPresent() ? SyncState.SYNCED : export.get().state();
        SyncRecords.ExportRow e = export.orElse(null);
        ErpStatus status = link.map(SyncRecords.LinkRow::erpStatus).orElse(null);
        List<ErpSync.Difference> differences = link.map(l -> sync.differences(l).stream()
                .map(d -> new ErpSync.Difference(d.field(), d.ours(), d.theirs())).toList()).orElse(List.of());
        Long syncedBy = link.map(SyncRecords.LinkRow::linkedBy).orElse(null);
        return new ErpSync(state.value(), state.label, erp, link.map(SyncRecords.LinkRow::erpKey).orElse(null),
                status == null ? null : status.value(), status == null ? null : status.label(erp), differences,
                link.map(SyncRecords.LinkRow::linkedAt).orElse(null), person(syncedBy),
                e == null ? null : person(e.sentBy()), e == null ? null : e.sentAt(),
                e == null || state == SyncState.SYNCED ? 0 : e.attempts(),
                e == null || state == SyncState.SYNCED ? null : e.lastError(),
                e == null || state == SyncState.SYNCED ? null : e.failureKind(),
                e == null || state != SyncState.EXPORTING ? null : e.nextAttemptAt(),
                leftover(type, e, erp), e == null || state != SyncState.REJECTED ? null : e.rejectionReason());
    }

    /** "Acumatica holds change order 000011 from this attempt, On Hold; it will be updated or removed on the next export." */
    private String leftover(RecordType<?> type, SyncRecords.ExportRow e, String erp) {
        if (e == null || e.leftoverKey() == null
                || (e.state() != SyncState.FAILED && e.state() != SyncState.EXPORTING)) {
            return null;
        }
        return leftoverSentence(erp, type.erpNoun(), e.leftoverKey(), e.leftoverStatus());
    }

    static String leftoverSentence(String erp, String erpNoun, String key, String status) {
        return erp + " holds " + erpNoun + " " + key + " from this attempt" + (status == null ? "" : ", " + status)
                + "; it will be updated or removed on the next export.";
    }

    private ErpSync.Person person(Long id) {
        if (id == null) {
            return null;
        }
        String name = jdbc.sql("select display_name from app_user where id = :id").param("id", id)
                .query(String.class).optional().orElse("");
        return new ErpSync.Person(id, name);
    }
}
