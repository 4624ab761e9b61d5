package com.crosswalk.erp.sync;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * An ERP list as CSV (Apache Commons CSV, RFC 4180 with a header row): what the list shows, one record a row, times in
 * UTC (ISO-8601). The same URL as the list answers it to {@code Accept: text/csv}.
 */
public final class ExportListCsv {

    public static final String MEDIA_TYPE = "text/csv";
    static final String[] HEADER = {"id", "number", "title", "project", "commitment", "vendor", "amount", "state",
            "erp_key", "erp_status", "sent_by", "sent_at", "accepted_by", "accepted_at", "synced_at", "attempts",
            "last_error", "rejection_reason"};

    private ExportListCsv() {
    }

    public static String write(List<ExportLists.Row> rows) {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(HEADER).get())) {
            for (ExportLists.Row r : rows) {
                csv.printRecord(r.id(), text(r.number()), text(r.title()), text(ref(r.project())),
                        text(ref(r.commitment())), text(r.vendor() == null ? "" : r.vendor().name()), r.grandTotal() == null ? "" : r.grandTotal()
                                .toPlainString(), r.stateLabel(), r.erpKey(), r.erpStatusLabel(),
                        text(r.sentBy() == null ? "" : r.sentBy().name()), time(r.sentAt()),
                        text(r.acceptedBy() == null ? "" : r.acceptedBy().name()), time(r.acceptedAt()),
                        time(r.syncedAt()), r.attempts(), text(r.lastError()), text(r.rejectionReason()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** {@code ccos-synced.csv}, {@code commitments-ready_to_export.csv}… */
    public static String fileName(RecordType<?> kind, String view) {
        return kind.pagePath() + "-" + (view == null ? "ready_to_export" : view) + ".csv";
    }

    /**
     * Text typed by people, kept from being read as a formula by a spreadsheet (OWASP CSV injection): a leading
     * {@code = + - @}, tab or carriage return gets an apostrophe before it.
     */
    static String text(String s) {
        if (s == null || s.isEmpty()) {
            return s;
        }
        return "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
    }

    private static String ref(ExportLists.Ref ref) {
        return ref == null ? "" : (ref.number() == null ? "" : ref.number() + " ") + (ref.name() == null ? "" : ref.name());
    }

    private static String time(OffsetDateTime t) {
        return t == null ? "" : t.withOffsetSameInstant(ZoneOffset.UTC).toString();
    }
}
