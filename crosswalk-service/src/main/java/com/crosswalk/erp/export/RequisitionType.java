package com.crosswalk.erp.export;

import com.crosswalk.erp.connector.ErpConnector;
import com.crosswalk.erp.connector.ErpDocuments;
import com.crosswalk.erp.connector.RequisitionExport;
import com.crosswalk.erp.sync.RecordType;
import com.crosswalk.erp.sync.SyncRecords;
import com.crosswalk.invoices.Requisitions;
import com.crosswalk.invoices.Requisitions.Line;
import com.crosswalk.invoices.Requisitions.Requisition;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Subcontractor invoices (requisitions) in the sync lifecycle: exported as the ERP's AP bills, one line per billed
 * amount of each SOV line (work this period; the change of materials stored), with the retainage Crosswalk computed
 * checked against the ERP's. Prerequisites: the invoice Approved (or Approved as Noted), its commitment synced (so the
 * bill's lines can name the subcontract's), its vendor linked, something billed.
 */
@Component
class RequisitionType implements RecordType<RequisitionExport> {

    private final Requisitions requisitions;
    private final SyncRecords sync;
    private final JdbcClient jdbc;

    RequisitionType(Requisitions requisitions, SyncRecords sync, JdbcClient jdbc) {
        this.requisitions = requisitions;
        this.sync = sync;
        this.jdbc = jdbc;
    }

    @Override public String recordType() { return Requisitions.RECORD_TYPE; }
    @Override public String column() { return "requisition_id"; }
    @Override public String table() { return "requisition"; }
    @Override public String noun() { return "invoice"; }
    @Override public String prefix() { return "requisition"; }
    @Override public String refTag() { return "INV"; }
    @Override public String restPath() { return "requisitions"; }
    @Override public String pagePath() { return "requisitions"; }
    @Override public String erpNoun() { return "bill"; }
    @Override public Class<RequisitionExport> payloadType() { return RequisitionExport.class; }

    @Override
    public Optional<Parent> parent() {
        return Optional.of(new Parent("commitment", "commitment_id"));
    }

    @Override
    public String listTotalSql() {
        return "r.current_payment_due";
    }

    @Override
    public Optional<RecordInfo> info(long id) {
        return requisitions.find(id).map(r -> new RecordInfo(r.id(), companyOf(r.id()), r.projectId(),
                Integer.toString(r.number()), "invoice #" + r.number() + " of " + r.commitmentNumber()));
    }

    private long companyOf(long id) {
        return jdbc.sql("select company_id from requisition where id = :id").param("id", id).query(Long.class).single();
    }

    @Override
    public Prepared<RequisitionExport> prepare(long id, String externalRef, LocalDate today, String erpName) {
        Requisition r = requisitions.find(id)
                .orElseThrow(() -> new com.crosswalk.shared.NotFoundException("Invoice " + id + " not found"));
        long companyId = companyOf(id);
        record Cmt(String kind, long vendorId, String vendorName) {
        }
        Cmt c = jdbc.sql("""
                select c.kind, v.id, v.name from commitment c join vendor v on v.id = c.vendor_id where c.id = :c""")
                .param("c", r.commitmentId()).query((rs, n) -> new Cmt(rs.getString(1), rs.getLong(2), rs.getString(3)))
                .single();
        String commitmentKey = sync.erpKey("commitment_id", r.commitmentId()).orElse(null);
        String vendorKey = sync.erpKey("vendor_id", c.vendorId()).orElse(null);
        List<String> problems = new ArrayList<>();
        if (!"approved".equals(r.status()) && !"approved_as_noted".equals(r.status())) {
            problems.add("its status is " + r.statusLabel() + ", not Approved");
        }
        if (commitmentKey == null) {
            problems.add("its commitment " + r.commitmentNumber() + " is not synced with " + erpName);
        }
        if (vendorKey == null) {
            problems.add("its vendor " + c.vendorName() + " is not linked to " + erpName);
        }
        if (r.isRetainageRelease()) {
            return prepareRelease(r, companyId, c.kind(), externalRef, today, vendorKey, commitmentKey, problems);
        }
        List<RequisitionExport.Line> lines = new ArrayList<>();
        for (Line l : r.lines()) {
            BigDecimal storedChange = l.materialsPresentlyStored().subtract(l.materialsPreviouslyStored());
            if (l.workCompletedThisPeriod().signum() != 0) {
                lines.add(new RequisitionExport.Line(l.lineNumber(), "work", text(l.description(), "work completed"),
                        l.workCompletedThisPeriod()));
            }
            if (storedChange.signum() != 0) {
                lines.add(new RequisitionExport.Line(l.lineNumber(), "materials", text(l.description(), "materials stored"),
                        storedChange));
            }
        }
        if (lines.isEmpty()) {
            problems.add("it bills nothing this period");
        }
        if (!problems.isEmpty()) {
            return new Prepared<>(companyId, r.projectId(), problems, null);
        }
        BigDecimal retainage = r.lines().stream().map(Line::retainageThisPeriod).reduce(BigDecimal.ZERO, BigDecimal::add);
        String description = "Invoice #" + r.number() + " of " + r.commitmentNumber() + ", " + r.periodStart() + " – "
                + r.periodEnd();
        RequisitionExport payload = new RequisitionExport(externalRef, vendorKey, commitmentKey, c.kind(), r.number(),
                description, r.billingDate() == null ? today : r.billingDate(), lines, retainage,
                r.summary().currentPaymentDue(), Requisitions.PROGRESS, List.of());
        return new Prepared<>(companyId, r.projectId(), List.of(), payload);
    }

    /**
     * A retainage release: Release Retainage on the bills of the approved, synced invoices whose retainage it releases
     * (oldest first, per SOV line), each by the amount it takes from that bill.
     */
    private Prepared<RequisitionExport> prepareRelease(Requisition r, long companyId, String commitmentKind,
            String externalRef, LocalDate today, String vendorKey, String commitmentKey, List<String> problems) {
        List<RequisitionExport.Release> releases = new ArrayList<>();
        var sources = requisitions.releaseSources(r.id());
        if (sources.isEmpty()) {
            problems.add("it releases more retainage than the synced invoices' bills still hold");
        } else {
            for (Requisitions.SourceRelease s : sources.get()) {
                releases.add(new RequisitionExport.Release(s.billKey(), s.billExternalRef(), s.amount()));
            }
            if (releases.isEmpty()) {
                problems.add("it releases nothing");
            }
        }
        if (!problems.isEmpty()) {
            return new Prepared<>(companyId, r.projectId(), problems, null);
        }
        BigDecimal total = releases.stream().map(RequisitionExport.Release::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        String description = "Invoice #" + r.number() + " of " + r.commitmentNumber() + ", retainage release";
        RequisitionExport payload = new RequisitionExport(externalRef, vendorKey, commitmentKey, commitmentKind, r.number(),
                description, r.billingDate() == null ? today : r.billingDate(), List.of(), BigDecimal.ZERO, total,
                RequisitionExport.RETAINAGE_RELEASE, List.copyOf(releases));
        return new Prepared<>(companyId, r.projectId(), List.of(), payload);
    }

    private static String text(String description, String what) {
        String d = (description == null || description.isBlank() ? "" : description.strip() + " — ") + what;
        return d.length() > 255 ? d.substring(0, 255) : d;
    }

    @Override
    public ErpDocuments<RequisitionExport> documents(ErpConnector connector) {
        return connector.bills();
    }
}
