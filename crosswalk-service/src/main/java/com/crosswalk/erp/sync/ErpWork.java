package com.crosswalk.erp.sync;

import com.crosswalk.directory.PermissionLevel;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.directory.UserAccess;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * What waits for a person in the ERP Integrations tool, per record type — the home page and
 * {@code GET /rest/v1.0/companies/{id}/erp/summary}: Ready to Export (for accounting approvers, who accept), Failed
 * to Export, Exporting, Changed in the ERP and Gone from the ERP (ready to unlink), each with the address of its list,
 * and the last reconciliation. The counts are those of the lists ({@link ExportLists}): the same tables, the same
 * conditions. Three queries.
 */
@Service
public class ErpWork {

    private final JdbcClient jdbc;
    private final Permissions permissions;
    private final RecordTypes types;
    private final com.crosswalk.erp.connection.ErpConnectors connectors;
    private final com.crosswalk.directory.DirectoryService directory;
    private final com.crosswalk.erp.connection.ErpRequestCounts requestCounts;

    ErpWork(JdbcClient jdbc, Permissions permissions, RecordTypes types,
            com.crosswalk.erp.connection.ErpConnectors connectors, com.crosswalk.directory.DirectoryService directory,
            com.crosswalk.erp.connection.ErpRequestCounts requestCounts) {
        this.requestCounts = requestCounts;
        this.directory = directory;
        this.jdbc = jdbc;
        this.permissions = permissions;
        this.types = types;
        this.connectors = connectors;
    }

    /**
     * One count: {@code what} is ready_to_export, failed, exporting, changed or gone; {@code list} the page of that
     * list, {@code api} the REST list with the same rows.
     */
    @Schema(name = "ErpWorkItem")
    public record Item(String what, String recordType, String label, long count, String list, String api) {
    }

    /** The last reconciliation (Check now, or the periodic one): when it finished and what it found. */
    @Schema(name = "ErpLastReconciliation")
    public record LastReconciliation(String state, OffsetDateTime startedAt, OffsetDateTime finishedAt,
            String summary) {
    }

    /** One day's exports (a day of the company's time zone): how many records reached Synced, how many failed to export (audit events). */
    @Schema(name = "ErpExportDay")
    public record ExportDay(LocalDate day, long synced, long failed) {
    }

    /** How many days {@link Summary#exportsPerDay} covers, today included. */
    static final int DAYS = 30;

    @Schema(name = "ErpSummary")
    public record Summary(long companyId, String erpName, boolean accountingApprover, long waitingTotal,
            List<Item> items, LastReconciliation lastReconciliation,
            @Schema(description = "the last 30 days of the company's time zone (time_zone), oldest first, every day "
                    + "present") List<ExportDay> exportsPerDay,
            @Schema(description = "the company's time zone, an IANA id (e.g. America/Denver): the days of exports_per_day")
            String timeZone,
            @Schema(description = "requests to the ERP today (the company's day, from midnight in time_zone), every "
                    + "HTTP exchange as the ERP counts them") com.crosswalk.erp.connection.ErpRequestCounts.Today erpRequestsToday) {
    }

    /** ERP Integrations Read Only or higher on the company. */
    public Summary summary(SignedInUser user, long companyId) {
        UserAccess access = permissions.requireErpIntegrations(user, companyId, PermissionLevel.READ_ONLY);
        String erp = connectors.displayName(companyId);
        Map<String, Long> counts = new HashMap<>();
        jdbc.sql("""
                select record_type, state, count(*) from erp_export
                where company_id = :c and state in ('ready_to_export', 'exporting', 'failed')
                group by record_type, state""").param("c", companyId)
                .query(rs -> {
                    counts.put(rs.getString(1) + "/" + rs.getString(2), rs.getLong(3));
                });
        jdbc.sql("""
                select record_type, erp_status, count(*) from erp_link
                where company_id = :c and erp_status in ('changed', 'gone')
                group by record_type, erp_status""").param("c", companyId)
                .query(rs -> {
                    counts.put(rs.getString(1) + "/" + rs.getString(2), rs.getLong(3));
                });
        List<Item> items = new ArrayList<>();
        for (RecordType<?> type : exported()) {
            String page = "/erp/" + type.pagePath();
            String api = "/rest/v1.0/companies/" + companyId + "/erp/" + type.restPath();
            String plural = plural(type);
            if (access.isAccountingApprover()) {
                items.add(new Item("ready_to_export", type.recordType(), plural + " waiting for your acceptance",
                        counts.getOrDefault(type.recordType() + "/ready_to_export", 0L),
                        page + "?view=ready_to_export", api + "?view=ready_to_export"));
            }
            items.add(new Item("failed", type.recordType(), plural + " that failed to export",
                    counts.getOrDefault(type.recordType() + "/failed", 0L), page + "?view=failed",
                    api + "?view=failed"));
            items.add(new Item("exporting", type.recordType(), plural + " exporting",
                    counts.getOrDefault(type.recordType() + "/exporting", 0L), page + "?view=exporting",
                    api + "?view=exporting"));
            items.add(new Item("changed", type.recordType(), plural + " changed in " + erp,
                    counts.getOrDefault(type.recordType() + "/changed", 0L),
                    page + "?view=synced&erp_status=changed", api + "?view=synced&erp_status=changed"));
            items.add(new Item("gone", type.recordType(), plural + " gone from " + erp + " — ready to unlink",
                    counts.getOrDefault(type.recordType() + "/gone", 0L),
                    page + "?view=synced&erp_status=gone", api + "?view=synced&erp_status=gone"));
        }
        long waiting = items.stream().filter(i -> !i.what().equals("exporting")).mapToLong(Item::count).sum();
        LastReconciliation last = jdbc.sql("""
                select state, started_at, finished_at, summary from job
                where company_id = :c and kind = 'reconcile' and state in ('finished', 'failed')
                order by finished_at desc, id desc limit 1""").param("c", companyId)
                .query((rs, n) -> new LastReconciliation(rs.getString(1), rs.getObject(2, OffsetDateTime.class),
                        rs.getObject(3, OffsetDateTime.class), rs.getString(4)))
                .optional().orElse(null);
        java.time.ZoneId zone = directory.zone(companyId);
        java.time.Instant now = java.time.Instant.now();
        java.time.ZonedDateTime midnight = LocalDate.ofInstant(now, zone).atStartOfDay(zone);
        return new Summary(companyId, erp, access.isAccountingApprover(), waiting, items, last,
                exportsPerDay(companyId, zone, now), zone.getId(),
                requestCounts.between(companyId, midnight.toInstant(), midnight.plusDays(1).toInstant()));
    }

    /**
     * Records synced and exports failed per day over the last {@link #DAYS} days of the company's time zone (a day
     * runs from midnight to midnight there), from the audit events the
     * lifecycle writes (export.synced, export.failed) — each outcome counted on the day it happened, so a record that
     * failed and then synced counts on both; days without any are zeros. The database counts per quarter hour (every
     * zone's offset is a whole number of quarter hours) and Java puts each quarter in its day of the zone, so any zone
     * Java knows works, whatever PostgreSQL's own zone list holds.
     */
    List<ExportDay> exportsPerDay(long companyId, java.time.ZoneId zone, java.time.Instant now) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        LocalDate first = today.minusDays(DAYS - 1);
        Map<LocalDate, long[]> byDay = new HashMap<>();
        jdbc.sql("""
                select floor(extract(epoch from occurred_at) / 900)::bigint * 900 as quarter,
                       count(*) filter (where action = 'export.synced') as synced,
                       count(*) filter (where action = 'export.failed') as failed
                from audit_event
                where company_id = :c and action in ('export.synced', 'export.failed') and occurred_at >= :since
                group by 1""").param("c", companyId)
                .param("since", first.atStartOfDay(zone).toOffsetDateTime())
                .query(rs -> {
                    LocalDate day = LocalDate.ofInstant(java.time.Instant.ofEpochSecond(rs.getLong(1)), zone);
                    long[] n = byDay.computeIfAbsent(day, d -> new long[2]);
                    n[0] += rs.getLong(2);
                    n[1] += rs.getLong(3);
                });
        List<ExportDay> days = new ArrayList<>(DAYS);
        for (LocalDate d = first; !d.isAfter(today); d = d.plusDays(1)) {
            long[] n = byDay.getOrDefault(d, new long[2]);
            days.add(new ExportDay(d, n[0], n[1]));
        }
        return days;
    }

    /** The record types of the export lists (commitment change orders first, as the tabs). */
    private List<RecordType<?>> exported() {
        List<RecordType<?>> out = new ArrayList<>(types.all());
        out.sort((a, b) -> Boolean.compare(a.parent().isEmpty(), b.parent().isEmpty()));
        return out;
    }

    private static String plural(RecordType<?> type) {
        // "CCOs", "invoices" (of a commitment); a record of its own leads its line: "Commitments", "Budget changes"
        String plural = type.noun() + "s";
        return type.parent().isPresent() ? plural : Character.toUpperCase(plural.charAt(0)) + plural.substring(1);
    }
}
