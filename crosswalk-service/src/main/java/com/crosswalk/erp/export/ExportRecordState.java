package com.crosswalk.erp.export;

import com.crosswalk.commitments.ErpRecordState;
import com.crosswalk.erp.connection.ErpConnectors;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the ERP Integrations tool tells the Commitments tool: a linked record is locked ("synced"), and so is one
 * waiting in the export workflow (ready to export, exporting, failed).
 */
@Component
@Primary
class ExportRecordState implements ErpRecordState {

    private final JdbcClient jdbc;
    private final ErpConnectors connectors;

    ExportRecordState(JdbcClient jdbc, ErpConnectors connectors) {
        this.jdbc = jdbc;
        this.connectors = connectors;
    }

    private record Row(long companyId, String state, String erpKey, String erpStatus, OffsetDateTime syncedAt,
            Long syncedBy, String syncedByName, String lastError, String rejectionReason, Long sentBy,
            String sentByName, OffsetDateTime sentAt) {
    }

    private Optional<Row> row(Kind kind, long id) {
        String sql = """
                select coalesce(l.company_id, e.company_id), e.state, l.erp_key, l.erp_status,
                       coalesce(e.synced_at, l.linked_at), coalesce(e.synced_by, l.linked_by),
                       (select display_name from app_user u where u.id = coalesce(e.synced_by, l.linked_by)),
                       e.last_error, e.rejection_reason, e.sent_by,
                       (select display_name from app_user u where u.id = e.sent_by), e.sent_at,
                       l.id
                from (select :id as rid) x
                left join erp_link l on l.%1$s = x.rid
                left join erp_export e on e.%1$s = x.rid
                where l.id is not null or e.id is not null""".formatted(kind.column);
        return jdbc.sql(sql).param("id", id).query((rs, n) -> new Row(rs.getLong(1),
                rs.getObject(13) != null ? "synced" : rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getObject(5, OffsetDateTime.class), (Long) rs.getObject(6), rs.getString(7), rs.getString(8),
                rs.getString(9), (Long) rs.getObject(10), rs.getString(11), rs.getObject(12, OffsetDateTime.class)))
                .optional();
    }

    @Override
    public Optional<String> lockReason(String recordType, long recordId) {
        Kind kind = Kind.ofRecordType(recordType);
        return row(kind, recordId).flatMap(r -> {
            String erp = connectors.displayName(r.companyId());
            String noun = kind == Kind.CCO ? "CCO" : "commitment";
            return Optional.ofNullable(switch (r.state()) {
                case "synced" -> "This " + noun + " is synced with " + erp + ". Unlink it before editing or deleting it.";
                case "ready_to_export", "exporting" -> "This " + noun + " is waiting to be exported to " + erp
                        + ". Retrieve it from the ERP Integrations tool before editing or deleting it.";
                case "failed" -> "This " + noun + " failed to export to " + erp
                        + ". An accounting approver must retry or reject it before it can be edited or deleted.";
                default -> null;
            });
        });
    }

    @Override
    public Map<String, Object> summary(String recordType, long recordId) {
        Kind kind = Kind.ofRecordType(recordType);
        Map<String, Object> m = new LinkedHashMap<>();
        Optional<Row> found = row(kind, recordId);
        if (found.isEmpty()) {
            m.put("state", "not_sent");
            return m;
        }
        Row r = found.get();
        m.put("state", r.state());
        m.put("erp_name", connectors.displayName(r.companyId()));
        if ("synced".equals(r.state())) {
            m.put("erp_key", r.erpKey());
            m.put("erp_status", r.erpStatus());
            m.put("synced_at", r.syncedAt());
            m.put("synced_by", r.syncedBy() == null ? null : Map.of("id", r.syncedBy(), "name",
                    r.syncedByName() == null ? "" : r.syncedByName()));
        }
        if (r.sentBy() != null) {
            m.put("sent_by", Map.of("id", r.sentBy(), "name", r.sentByName() == null ? "" : r.sentByName()));
            m.put("sent_at", r.sentAt());
        }
        if (r.lastError() != null) {
            m.put("last_error", r.lastError());
        }
        if (r.rejectionReason() != null && "rejected".equals(r.state())) {
            m.put("rejection_reason", r.rejectionReason());
        }
        return m;
    }
}
