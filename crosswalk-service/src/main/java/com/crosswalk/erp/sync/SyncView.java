package com.crosswalk.erp.sync;

import com.crosswalk.commitments.ErpRecordState;
import com.crosswalk.commitments.ErpSync;
import com.crosswalk.erp.connection.ErpConnectors;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        return summaries(recordType, List.of(recordId)).get(recordId);
    }

    /**
     * Many records of one type at once, for a list: their links (1 query), export rows (1), the ERP's name (1 per
     * company) and the people named (1) — not a few queries per record.
     */
    @Override
    public Map<Long, ErpSync> summaries(String recordType, Collection<Long> recordIds) {
        RecordType<?> type = types.byRecordType(recordType);
        Map<Long, SyncRecords.LinkRow> links = sync.links(type, recordIds);
        Map<Long, SyncRecords.ExportRow> exports = sync.exports(type, recordIds);
        Set<Long> people = new HashSet<>();
        links.values().forEach(l -> people.add(l.linkedBy()));
        exports.values().forEach(e -> people.add(e.sentBy()));
        people.remove(null);
        Map<Long, String> names = new HashMap<>();
        if (!people.isEmpty()) {
            jdbc.sql("select id, display_name from app_user where id in (:ids)").param("ids", people)
                    .query(rs -> {
                        names.put(rs.getLong(1), rs.getString(2));
                    });
        }
        Map<Long, String> erpNames = new HashMap<>();
        Map<Long, ErpSync> out = new LinkedHashMap<>();
        for (long id : recordIds) {
            Optional<SyncRecords.LinkRow> link = Optional.ofNullable(links.get(id));
            Optional<SyncRecords.ExportRow> export = Optional.ofNullable(exports.get(id));
            if (link.isEmpty() && export.isEmpty()) {
                out.put(id, ErpSync.notSent());
                continue;
            }
            long companyId = link.map(SyncRecords.LinkRow::companyId).orElseGet(() -> export.get().companyId());
            out.put(id, summary(type, link, export, erpNames.computeIfAbsent(companyId, connectors::displayName),
                    names));
        }
        return out;
    }

    private ErpSync summary(RecordType<?> type, Optional<SyncRecords.LinkRow> link,
            Optional<SyncRecords.ExportRow> export, String erp, Map<Long, String> names) {
        SyncState state = link.isPresent() ? SyncState.SYNCED : export.get().state();
        SyncRecords.ExportRow e = export.orElse(null);
        ErpStatus status = link.map(SyncRecords.LinkRow::erpStatus).orElse(null);
        List<ErpSync.Difference> differences = link.map(l -> sync.differences(l).stream()
                .map(d -> new ErpSync.Difference(d.field(), d.ours(), d.theirs())).toList()).orElse(List.of());
        Long syncedBy = link.map(SyncRecords.LinkRow::linkedBy).orElse(null);
        return new ErpSync(state.value(), state.label, erp, link.map(SyncRecords.LinkRow::erpKey).orElse(null),
                status == null ? null : status.value(), status == null ? null : status.label(erp), differences,
                link.map(SyncRecords.LinkRow::linkedAt).orElse(null), person(syncedBy, names),
                e == null ? null : person(e.sentBy(), names), e == null ? null : e.sentAt(),
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

    private static ErpSync.Person person(Long id, Map<Long, String> names) {
        return id == null ? null : new ErpSync.Person(id, names.getOrDefault(id, ""));
    }
}
