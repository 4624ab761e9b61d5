package com.crosswalk.invoices;

import com.crosswalk.audit.AuditLog;
import com.crosswalk.commitments.ErpRecordState;
import com.crosswalk.commitments.ErpSync;
import com.crosswalk.directory.PermissionLevel;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.invoices.PayApplication.Entry;
import com.crosswalk.invoices.PayApplication.LineFigures;
import com.crosswalk.invoices.PayApplication.SovLine;
import com.crosswalk.shared.BadRequestException;
import com.crosswalk.shared.ConflictException;
import com.crosswalk.shared.NotFoundException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Subcontractor invoices (pay applications, "requisitions" in Procore's API) of a commitment. Rules a pay application
 * obeys:
 * <ul>
 * <li>numbers 1, 2… per commitment; one open (Draft, Under Review, Revise and Resubmit) invoice per commitment at a
 *     time, and billing periods of one commitment never overlap;</li>
 * <li>the previous work and stored materials of a line come from the approved earlier invoices (Approved, Approved as
 *     Noted, Paid) — never typed in; see {@link PayApplication} for the figures;</li>
 * <li>no line may go over 100 % complete (total completed and stored above its scheduled value) without an explicit
 *     override on that line ({@code over_100_percent});</li>
 * <li>retainage % (work and materials) defaults to the commitment's and may be overridden per line;</li>
 * <li>statuses: Draft → Under Review → Approved / Approved as Noted / Revise and Resubmit → (edit) Under Review…;
 *     Paid is set by the payments read back from the ERP. Commitments Standard creates, edits and submits;
 *     Commitments Admin approves, asks for revision and sets an approved invoice back. Approved content is fixed.
 *     An invoice in the ERP workflow or synced is locked (409 with the reason).</li>
 * </ul>
 */
@Service
public class Requisitions {

    public static final String RECORD_TYPE = "requisition";
    public static final String PROGRESS = "progress";
    public static final String RETAINAGE_RELEASE = "retainage_release";
    static final Set<String> APPROVED = Set.of("approved", "approved_as_noted", "paid");
    static final Set<String> OPEN = Set.of("draft", "under_review", "revise_and_resubmit");
    private static final Map<String, Set<String>> MOVES = Map.of(
            "draft", Set.of("under_review"),
            "under_review", Set.of("draft", "revise_and_resubmit", "approved", "approved_as_noted"),
            "revise_and_resubmit", Set.of("draft", "under_review"),
            "approved", Set.of("revise_and_resubmit"),
            "approved_as_noted", Set.of("revise_and_resubmit"),
            "paid", Set.of());

    private final JdbcClient jdbc;
    private final Permissions permissions;
    private final AuditLog audit;
    private final ErpRecordState erpState;

    /** {@code erpState} lazily: the ERP Integrations tool's record types read invoices through this service. */
    Requisitions(JdbcClient jdbc, Permissions permissions, AuditLog audit,
            @org.springframework.context.annotation.Lazy ErpRecordState erpState) {
        this.jdbc = jdbc;
        this.permissions = permissions;
        this.audit = audit;
        this.erpState = erpState;
    }

    /** One line as entered: the SOV line, this period's work, materials presently stored, optional overrides. */
    public record LineInput(long commitmentLineItemId, BigDecimal workCompletedThisPeriod, BigDecimal materialsPresentlyStored,
            BigDecimal workRetainagePercent, BigDecimal materialsRetainagePercent, Boolean over100Percent) {
    }

    /** What to change; null = leave as is ({@code releaseLines}: a retainage release's amounts). */
    public record Changes(LocalDate periodStart, LocalDate periodEnd, LocalDate billingDate, String description,
            String status, List<LineInput> lines, List<ReleaseInput> releaseLines) {

        public Changes(LocalDate periodStart, LocalDate periodEnd, LocalDate billingDate, String description, String status,
                List<LineInput> lines) {
            this(periodStart, periodEnd, billingDate, description, status, lines, null);
        }
    }

    @Schema(name = "RequisitionLine", description = "One schedule-of-values line (G703 columns)")
    public record Line(long commitmentLineItemId, int lineNumber, String description, String costCode,
            BigDecimal scheduledValue, BigDecimal workCompletedPrevious, BigDecimal workCompletedThisPeriod,
            BigDecimal materialsPreviouslyStored, BigDecimal materialsPresentlyStored, BigDecimal totalCompletedAndStored,
            BigDecimal percentComplete, BigDecimal workRetainagePercent, BigDecimal materialsRetainagePercent,
            BigDecimal retainageWork, BigDecimal retainageMaterials, BigDecimal retainageThisPeriod,
            BigDecimal balanceToFinish, BigDecimal billedThisPeriod,
            @com.fasterxml.jackson.annotation.JsonProperty("over_100_percent") boolean over100Percent) {
    }

    @Schema(name = "RequisitionSummary", description = "The G702 summary")
    public record Summary(BigDecimal contractSumToDate, BigDecimal totalCompletedAndStored, BigDecimal retainageWork,
            BigDecimal retainageMaterials, BigDecimal totalRetainage, BigDecimal totalEarnedLessRetainage,
            BigDecimal lessPreviousCertificates, BigDecimal currentPaymentDue, BigDecimal balanceToFinishIncludingRetainage) {
    }

    @Schema(name = "RequisitionPayment", description = "Payments read back from the ERP")
    public record Payment(BigDecimal amountPaid, LocalDate paidDate, String checkNumbers, BigDecimal balance,
            OffsetDateTime readAt) {
    }

    @Schema(name = "RequisitionRetainageLine", description = "Retainage of one SOV line: held by the approved invoices up to"
            + " this one, released to date (by retainage release invoices up to this one), still held, released by this invoice")
    public record RetainageLine(long commitmentLineItemId, int lineNumber, String description, BigDecimal held,
            BigDecimal releasedToDate, BigDecimal stillHeld, BigDecimal releasedThisInvoice) {
    }

    @Schema(name = "RequisitionRetainageTotals")
    public record RetainageTotals(BigDecimal held, BigDecimal releasedToDate, BigDecimal stillHeld,
            BigDecimal releasedThisInvoice) {
    }

    @Schema(name = "Requisition", description = "A subcontractor invoice: kind progress (a pay application) or"
            + " retainage_release (releases retainage held by the commitment's approved, synced invoices)")
    public record Requisition(long id, int number, String kind, long projectId, long commitmentId, String commitmentNumber,
            String vendorName, LocalDate periodStart, LocalDate periodEnd, LocalDate billingDate, String status,
            String statusLabel, String description, List<Line> lines, Summary summary, List<RetainageLine> retainage,
            RetainageTotals retainageTotals, Payment payment, ErpSync erp, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

        @com.fasterxml.jackson.annotation.JsonIgnore
        @io.swagger.v3.oas.annotations.Hidden
        public boolean isRetainageRelease() {
            return RETAINAGE_RELEASE.equals(kind);
        }
    }

    // ------------------------------------------------------------------------------------------------ reads
    public List<Requisition> list(SignedInUser user, long projectId, Long commitmentId) {
        permissions.requireProjectRead(user, projectId);
        List<Long> ids = jdbc.sql("""
                select id from requisition where project_id = :p and (cast(:c as bigint) is null or commitment_id = :c)
                order by commitment_id, number""").param("p", projectId).param("c", commitmentId).query(Long.class).list();
        Map<Long, ErpSync> erp = erpState.summaries(RECORD_TYPE, ids);
        List<Requisition> out = new ArrayList<>();
        for (long id : ids) out.add(load(projectId, id, erp.get(id)));
        return out;
    }

    public Requisition get(SignedInUser user, long projectId, long id) {
        permissions.requireProjectRead(user, projectId);
        return load(projectId, id);
    }

    /** The invoice with its figures, without a permission check (for the ERP export and the payments job). */
    public Requisition load(long projectId, long id) {
        return load(projectId, id, erpState.summary(RECORD_TYPE, id));
    }

    /** The invoice of this id in any project, or empty. */
    public Optional<Requisition> find(long id) {
        return jdbc.sql("select project_id from requisition where id = :id").param("id", id).query(Long.class).optional()
                .map(p -> load(p, id));
    }

    /**
     * The payments read back from the ERP of these invoices of the company (the ERP Integrations tool's synced rows),
     * by id; an invoice whose payments were never read and that has nothing paid is left out (not known yet). The
     * balance is the invoice's current payment due less the amount paid, as on the invoice page.
     */
    public Map<Long, Payment> payments(long companyId, java.util.Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<Long, Payment> out = new HashMap<>();
        jdbc.sql("""
                select id, amount_paid, paid_date, check_numbers, current_payment_due - amount_paid, payments_read_at
                from requisition where company_id = :c and id in (:ids)
                  and (payments_read_at is not null or amount_paid <> 0)""")
                .param("c", companyId).param("ids", List.copyOf(ids))
                .query(rs -> {
                    out.put(rs.getLong(1), new Payment(rs.getBigDecimal(2), rs.getObject(3, LocalDate.class),
                            rs.getString(4), rs.getBigDecimal(5), rs.getObject(6, OffsetDateTime.class)));
                });
        return out;
    }

    private record Head(long id, int number, String kind, long companyId, long projectId, long commitmentId, String commitmentNumber,
            String vendorName, LocalDate periodStart, LocalDate periodEnd, LocalDate billingDate, String status,
            String description, BigDecimal amountPaid, LocalDate paidDate, String checks, OffsetDateTime readAt,
            OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    }

    private Head head(long projectId, long id) {
        return jdbc.sql("""
                select r.id, r.number, r.kind, r.company_id, r.project_id, r.commitment_id, c.number, v.name, r.period_start,
                       r.period_end, r.billing_date, r.status, r.description, r.amount_paid, r.paid_date, r.check_numbers,
                       r.payments_read_at, r.created_at, r.updated_at
                from requisition r join commitment c on c.id = r.commitment_id join vendor v on v.id = c.vendor_id
                where r.id = :id and r.project_id = :p""").param("id", id).param("p", projectId)
                .query((rs, n) -> new Head(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                        rs.getString(7), rs.getString(8), rs.getObject(9, LocalDate.class), rs.getObject(10, LocalDate.class),
                        rs.getObject(11, LocalDate.class), rs.getString(12), rs.getString(13), rs.getBigDecimal(14),
                        rs.getObject(15, LocalDate.class), rs.getString(16), rs.getObject(17, OffsetDateTime.class),
                        rs.getObject(18, OffsetDateTime.class), rs.getObject(19, OffsetDateTime.class)))
                .optional().orElseThrow(() -> new NotFoundException("Invoice " + id + " not found"));
    }

    private record SovRow(long id, int lineNumber, String description, String costCode, BigDecimal scheduledValue) {
    }

    /** The commitment's SOV lines; scheduled value = the line's amount plus its approved CCO lines. */
    private List<SovRow> sov(long commitmentId) {
        return jdbc.sql("""
                select l.id, l.line_number, l.description, cc.code,
                       l.amount + coalesce((select sum(i.amount) from cco_line_item i
                                             join commitment_change_order o on o.id = i.cco_id
                                            where i.commitment_line_id = l.id and o.status = 'approved'), 0)
                from commitment_line l left join cost_code cc on cc.id = l.cost_code_id
                where l.commitment_id = :c order by l.line_number""").param("c", commitmentId)
                .query((rs, n) -> new SovRow(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getBigDecimal(5)))
                .list();
    }

    private List<Entry> entries(long requisitionId) {
        return jdbc.sql("""
                select commitment_line_id, work_this_period, materials_stored, work_retainage_percent,
                       materials_retainage_percent from requisition_line where requisition_id = :r""")
                .param("r", requisitionId)
                .query((rs, n) -> new Entry(rs.getLong(1), rs.getBigDecimal(2), rs.getBigDecimal(3), rs.getBigDecimal(4),
                        rs.getBigDecimal(5))).list();
    }

    /** The approved invoices of the commitment numbered before this one, oldest first. */
    private List<List<Entry>> previous(long commitmentId, int number) {
        List<Long> ids = jdbc.sql("""
                select id from requisition where commitment_id = :c and number < :n
                   and status in ('approved', 'approved_as_noted', 'paid') order by number""")
                .param("c", commitmentId).param("n", number).query(Long.class).list();
        List<List<Entry>> out = new ArrayList<>();
        for (long id : ids) out.add(entries(id));
        return out;
    }

    private Requisition load(long projectId, long id, ErpSync erp) {
        Head h = head(projectId, id);
        List<SovRow> sov = sov(h.commitmentId());
        List<Entry> entries = entries(id);
        Map<Long, Boolean> over = new HashMap<>();
        jdbc.sql("select commitment_line_id, over_100_percent from requisition_line where requisition_id = :r")
                .param("r", id).query(rs -> {
                    over.put(rs.getLong(1), rs.getBoolean(2));
                });
        PayApplication.Result r = PayApplication.compute(sov.stream().map(s -> new SovLine(s.id(), s.scheduledValue())).toList(),
                previous(h.commitmentId(), h.number()), entries);
        Map<Long, Entry> byLine = new HashMap<>();
        for (Entry e : entries) byLine.put(e.lineId(), e);
        BigDecimal defaultPct = commitmentRetainage(h.commitmentId());
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < sov.size(); i++) {
            SovRow s = sov.get(i);
            LineFigures f = r.lines().get(i);
            Entry e = byLine.get(s.id());
            lines.add(new Line(s.id(), s.lineNumber(), s.description(), s.costCode(), f.scheduledValue(), f.workPrevious(),
                    f.workThisPeriod(), f.materialsPreviouslyStored(), f.materialsStored(), f.totalCompletedAndStored(),
                    f.percentComplete(), e == null ? defaultPct : e.workRetainagePercent(),
                    e == null ? defaultPct : e.materialsRetainagePercent(), f.retainageWorkToDate(), f.retainageMaterialsToDate(),
                    f.retainageThisPeriod(), f.balanceToFinish(), f.billedThisPeriod(), over.getOrDefault(s.id(), false)));
        }
        PayApplication.Totals t = r.totals();
        // retainage held (to date, through this invoice), released to date (approved release invoices before this one,
        // and this one when it is a release), still held
        boolean release = RETAINAGE_RELEASE.equals(h.kind());
        Map<Long, BigDecimal> releasedBefore = releasedBefore(h.commitmentId(), h.number());
        Map<Long, BigDecimal> releasedHere = release ? releaseLines(id) : Map.of();
        List<RetainageLine> retainage = new ArrayList<>();
        BigDecimal held = BigDecimal.ZERO, releasedToDate = BigDecimal.ZERO, here = BigDecimal.ZERO, before = BigDecimal.ZERO;
        for (int i = 0; i < sov.size(); i++) {
            SovRow s = sov.get(i);
            LineFigures f = r.lines().get(i);
            BigDecimal b = releasedBefore.getOrDefault(s.id(), BigDecimal.ZERO);
            BigDecimal x = releasedHere.getOrDefault(s.id(), BigDecimal.ZERO);
            BigDecimal rel = b.add(x);
            retainage.add(new RetainageLine(s.id(), s.lineNumber(), s.description(), f.retainageToDate(), rel,
                    f.retainageToDate().subtract(rel), x));
            held = held.add(f.retainageToDate());
            releasedToDate = releasedToDate.add(rel);
            here = here.add(x);
            before = before.add(b);
        }
        RetainageTotals retainageTotals = new RetainageTotals(held, releasedToDate, held.subtract(releasedToDate), here);
        Summary summary;
        if (release) {
            // G702 of a retainage release: line 3 drops by what is released, line 6 is what is released
            BigDecimal stillHeld = held.subtract(releasedToDate);
            BigDecimal earned = t.totalCompletedAndStored().subtract(stillHeld);
            summary = new Summary(t.contractSumToDate(), t.totalCompletedAndStored(), t.retainageWork(), t.retainageMaterials(),
                    stillHeld, earned, earned.subtract(here), here, t.contractSumToDate().subtract(earned));
        } else {
            // retainage released by earlier release invoices is no longer retained, and was certified for payment
            summary = new Summary(t.contractSumToDate(), t.totalCompletedAndStored(), t.retainageWork(),
                    t.retainageMaterials(), t.totalRetainage().subtract(before), t.totalEarnedLessRetainage().add(before),
                    t.lessPreviousCertificates().add(before), t.currentPaymentDue(),
                    t.balanceToFinishIncludingRetainage().subtract(before));
        }
        Payment payment = new Payment(h.amountPaid(), h.paidDate(), h.checks(), summary.currentPaymentDue().subtract(h.amountPaid()),
                h.readAt());
        return new Requisition(h.id(), h.number(), h.kind(), h.projectId(), h.commitmentId(), h.commitmentNumber(), h.vendorName(),
                h.periodStart(), h.periodEnd(), h.billingDate(), h.status(), label(h.status()), h.description(), lines, summary,
                retainage, retainageTotals, payment, erp == null ? ErpSync.notSent() : erp, h.createdAt(), h.updatedAt());
    }

    /** The amounts a retainage release invoice releases, by SOV line. */
    private Map<Long, BigDecimal> releaseLines(long id) {
        Map<Long, BigDecimal> out = new HashMap<>();
        jdbc.sql("select commitment_line_id, amount from requisition_release_line where requisition_id = :r").param("r", id)
                .query(rs -> {
                    out.put(rs.getLong(1), rs.getBigDecimal(2));
                });
        return out;
    }

    /** Retainage released by the approved release invoices of the commitment numbered before {@code number}. */
    private Map<Long, BigDecimal> releasedBefore(long commitmentId, int number) {
        Map<Long, BigDecimal> out = new HashMap<>();
        jdbc.sql("""
                select l.commitment_line_id, sum(l.amount) from requisition_release_line l join requisition r on r.id = l.requisition_id
                where r.commitment_id = :c and r.number < :n and r.status in ('approved', 'approved_as_noted', 'paid')
                group by l.commitment_line_id""").param("c", commitmentId).param("n", number)
                .query(rs -> {
                    out.put(rs.getLong(1), rs.getBigDecimal(2));
                });
        return out;
    }

    // ------------------------------------------------------------------------------------------------ retainage release
    /**
     * Where a retainage release invoice's amounts come from: the bill of an approved, synced progress invoice (its
     * ERP key and our key on it) and the amount of its retainage released.
     */
    public record SourceRelease(long sourceRequisitionId, int sourceNumber, String billKey, String billExternalRef,
            BigDecimal amount) {
    }

    /** An approved, synced progress invoice of the commitment: its bill, and the retainage it holds per SOV line. */
    private record Source(long id, int number, String billKey, String billExternalRef, Map<Long, BigDecimal> retainage) {
    }

    private List<Source> sources(long projectId, long commitmentId) {
        record Row(long id, int number, String key, String ref) {
        }
        List<Row> rows = jdbc.sql("""
                select r.id, r.number, l.erp_key, l.external_ref from requisition r join erp_link l on l.requisition_id = r.id
                where r.commitment_id = :c and r.kind = 'progress' and r.status in ('approved', 'approved_as_noted', 'paid')
                order by r.number""").param("c", commitmentId)
                .query((rs, n) -> new Row(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4))).list();
        List<Source> out = new ArrayList<>();
        for (Row row : rows) {
            Map<Long, BigDecimal> ret = new HashMap<>();
            for (Line l : load(projectId, row.id(), ErpSync.notSent()).lines()) {
                if (l.retainageThisPeriod().signum() != 0) ret.put(l.commitmentLineItemId(), l.retainageThisPeriod());
            }
            out.add(new Source(row.id(), row.number(), row.key(), row.ref(), ret));
        }
        return out;
    }

    /**
     * Retainage still releasable per SOV line: what the approved, synced invoices' bills hold, less what every other
     * retainage release invoice of the commitment (whatever its status) releases.
     */
    private Map<Long, BigDecimal> releasable(long projectId, long commitmentId, Long except) {
        Map<Long, BigDecimal> out = new HashMap<>();
        for (Source s : sources(projectId, commitmentId)) s.retainage().forEach((line, a) -> out.merge(line, a, BigDecimal::add));
        jdbc.sql("""
                select l.commitment_line_id, sum(l.amount) from requisition_release_line l join requisition r on r.id = l.requisition_id
                where r.commitment_id = :c and (cast(:x as bigint) is null or r.id <> :x) group by l.commitment_line_id""")
                .param("c", commitmentId).param("x", except)
                .query(rs -> {
                    out.merge(rs.getLong(1), rs.getBigDecimal(2).negate(), BigDecimal::add);
                });
        return out;
    }

    /**
     * The bills a retainage release invoice releases retainage of, and how much of each: the release invoices of the
     * commitment take, in their number order and per SOV line, the retainage of the synced invoices' bills oldest
     * first. Empty when the invoice releases more than the bills hold (then it cannot be exported).
     */
    public Optional<List<SourceRelease>> releaseSources(long id) {
        Requisition me = find(id).orElseThrow(() -> new NotFoundException("Invoice " + id + " not found"));
        List<Source> sources = sources(me.projectId(), me.commitmentId());
        Map<String, BigDecimal> left = new HashMap<>(); // "source:line" → retainage not yet taken
        for (Source s : sources) s.retainage().forEach((line, a) -> left.put(s.id() + ":" + line, a));
        List<Long> releases = jdbc.sql("""
                select id from requisition where commitment_id = :c and kind = 'retainage_release' and number <= :n
                order by number""").param("c", me.commitmentId()).param("n", me.number()).query(Long.class).list();
        Map<Long, BigDecimal> mine = new HashMap<>();
        for (long rid : releases) {
            for (Map.Entry<Long, BigDecimal> e : new java.util.TreeMap<>(releaseLines(rid)).entrySet()) {
                BigDecimal want = e.getValue();
                for (Source s : sources) {
                    if (want.signum() == 0) break;
                    String k = s.id() + ":" + e.getKey();
                    BigDecimal avail = left.getOrDefault(k, BigDecimal.ZERO);
                    BigDecimal take = avail.min(want);
                    if (take.signum() <= 0) continue;
                    left.put(k, avail.subtract(take));
                    want = want.subtract(take);
                    if (rid == id) mine.merge(s.id(), take, BigDecimal::add);
                }
                if (want.signum() > 0 && rid == id) return Optional.empty();
            }
        }
        List<SourceRelease> out = new ArrayList<>();
        for (Source s : sources) {
            BigDecimal a = mine.get(s.id());
            if (a != null && a.signum() > 0) out.add(new SourceRelease(s.id(), s.number(), s.billKey(), s.billExternalRef(), a));
        }
        return Optional.of(out);
    }

    /** Retainage a new release may release, per SOV line id (Commitments Read Only or higher). */
    public Map<Long, BigDecimal> releasableRetainage(SignedInUser user, long projectId, long commitmentId) {
        permissions.requireProjectRead(user, projectId);
        jdbc.sql("select id from commitment where id = :c and project_id = :p").param("c", commitmentId).param("p", projectId)
                .query(Long.class).optional().orElseThrow(() -> new NotFoundException("Commitment " + commitmentId + " not found"));
        Map<Long, BigDecimal> out = new HashMap<>();
        releasable(projectId, commitmentId, null).forEach((line, a) -> out.put(line, a.max(BigDecimal.ZERO)));
        return out;
    }

    /** One SOV line of a retainage release: an amount, or a percent of what is still releasable on the line. */
    public record ReleaseInput(long commitmentLineItemId, BigDecimal amount, BigDecimal percent) {
    }

    /**
     * Creates a retainage release invoice (Draft, numbered like the others) on an Approved commitment: {@code all}
     * releases every line's releasable retainage, else each line an amount or a percent of its releasable retainage.
     * Refused (400, nothing changed) when a line releases more than is held by the approved, synced invoices' bills
     * and not yet released, or when nothing is released.
     */
    @Transactional
    public Requisition createRelease(SignedInUser user, long projectId, long commitmentId, LocalDate billingDate,
            String description, boolean all, List<ReleaseInput> lines) {
        permissions.requireCommitments(user, projectId, PermissionLevel.STANDARD);
        record Cmt(long companyId, String status) {
        }
        Cmt c = jdbc.sql("select company_id, status from commitment where id = :c and project_id = :p for update")
                .param("c", commitmentId).param("p", projectId).query((rs, n) -> new Cmt(rs.getLong(1), rs.getString(2)))
                .optional().orElseThrow(() -> new BadRequestException("commitment_id " + commitmentId + " is not a commitment of this project"));
        if (!Set.of("approved", "complete").contains(c.status())) {
            throw new ConflictException("Invoices can only be entered against an Approved commitment.");
        }
        Map<Long, BigDecimal> amounts = releaseAmounts(projectId, commitmentId, null, all, lines);
        refuseOpen(commitmentId);
        LocalDate date = billingDate == null ? LocalDate.now() : billingDate;
        int number = jdbc.sql("select coalesce(max(number), 0) + 1 from requisition where commitment_id = :c")
                .param("c", commitmentId).query(Integer.class).single();
        long id = jdbc.sql("""
                insert into requisition (company_id, project_id, commitment_id, number, kind, period_start, period_end,
                                         billing_date, description, created_by)
                values (:co, :p, :c, :n, 'retainage_release', :b, :b, :b, :d, :by) returning id""")
                .param("co", c.companyId()).param("p", projectId).param("c", commitmentId).param("n", number)
                .param("b", date).param("d", description == null ? "" : description).param("by", user.id())
                .query(Long.class).single();
        writeReleaseLines(c.companyId(), commitmentId, id, amounts);
        Requisition created = load(projectId, id);
        refreshFigures(projectId, commitmentId);
        audit.record(c.companyId(), user, "requisition.created", RECORD_TYPE, id, "Created invoice #" + number + " of "
                + created.commitmentNumber() + ": retainage release of " + created.retainageTotals().releasedThisInvoice()
                .toPlainString(), null, auditState(created));
        return created;
    }

    private void refuseOpen(long commitmentId) {
        jdbc.sql("select number, status from requisition where commitment_id = :c and status in ('draft', 'under_review', 'revise_and_resubmit')")
                .param("c", commitmentId).query((rs, n) -> rs.getInt(1) + " (" + label(rs.getString(2)) + ")").optional()
                .ifPresent(open -> {
                    throw new ConflictException("Invoice #" + open + " of this commitment is still open. Approve it before "
                            + "entering the next one: one open invoice per period.");
                });
    }

    /** The amount per SOV line a release asks for, validated against what is releasable (400 naming the line). */
    private Map<Long, BigDecimal> releaseAmounts(long projectId, long commitmentId, Long self, boolean all,
            List<ReleaseInput> lines) {
        Map<Long, BigDecimal> releasable = releasable(projectId, commitmentId, self);
        Map<Long, Integer> numbers = new HashMap<>();
        for (SovRow s : sov(commitmentId)) numbers.put(s.id(), s.lineNumber());
        Map<Long, BigDecimal> out = new java.util.TreeMap<>();
        if (all) {
            if (lines != null && !lines.isEmpty()) {
                throw new BadRequestException("release_all and lines exclude each other");
            }
            releasable.forEach((line, a) -> {
                if (a.signum() > 0) out.put(line, a);
            });
        } else {
            int i = 0;
            for (ReleaseInput l : lines == null ? List.<ReleaseInput>of() : lines) {
                String field = "lines[" + i++ + "]";
                if (l == null) throw new BadRequestException(field + " is empty");
                Integer n = numbers.get(l.commitmentLineItemId());
                if (n == null) {
                    throw new BadRequestException(field + ".commitment_line_item_id " + l.commitmentLineItemId()
                            + " is not a line of this invoice's commitment");
                }
                if (out.containsKey(l.commitmentLineItemId())) {
                    throw new BadRequestException(field + ".commitment_line_item_id " + l.commitmentLineItemId() + " is given twice");
                }
                if ((l.amount() == null) == (l.percent() == null)) {
                    throw new BadRequestException(field + ": give either amount or percent");
                }
                BigDecimal avail = releasable.getOrDefault(l.commitmentLineItemId(), BigDecimal.ZERO);
                BigDecimal a = l.amount() != null ? money(l.amount(), field + ".amount", false)
                        : PayApplication.pct(avail, percent(l.percent(), null, field + ".percent"));
                if (a.signum() == 0) continue;
                if (a.compareTo(avail) > 0) {
                    throw new BadRequestException("Line " + n + " cannot release " + a.toPlainString() + ": only "
                            + avail.max(BigDecimal.ZERO).toPlainString() + " of its retainage is held by the approved, synced"
                            + " invoices' bills and not yet released.");
                }
                out.put(l.commitmentLineItemId(), a);
            }
        }
        if (out.isEmpty()) {
            throw new BadRequestException("The retainage release releases nothing: no retainage is held by the approved,"
                    + " synced invoices' bills of this commitment, or no amount was given.");
        }
        return out;
    }

    private void writeReleaseLines(long companyId, long commitmentId, long id, Map<Long, BigDecimal> amounts) {
        amounts.forEach((line, a) -> jdbc.sql("""
                insert into requisition_release_line (company_id, requisition_id, commitment_id, commitment_line_id, amount)
                values (:co, :r, :c, :l, :a)""").param("co", companyId).param("r", id).param("c", commitmentId)
                .param("l", line).param("a", a).update());
    }

    private BigDecimal commitmentRetainage(long commitmentId) {
        return jdbc.sql("select retainage_percent from commitment where id = :c").param("c", commitmentId)
                .query(BigDecimal.class).single();
    }

    // ------------------------------------------------------------------------------------------------ writes
    @Transactional
    public Requisition create(SignedInUser user, long projectId, long commitmentId, LocalDate periodStart,
            LocalDate periodEnd, LocalDate billingDate, String description, List<LineInput> lines) {
        permissions.requireCommitments(user, projectId, PermissionLevel.STANDARD);
        record Cmt(long companyId, String status) {
        }
        Cmt c = jdbc.sql("select company_id, status from commitment where id = :c and project_id = :p for update")
                .param("c", commitmentId).param("p", projectId).query((rs, n) -> new Cmt(rs.getLong(1), rs.getString(2)))
                .optional().orElseThrow(() -> new BadRequestException("commitment_id " + commitmentId + " is not a commitment of this project"));
        if (!Set.of("approved", "complete").contains(c.status())) {
            throw new ConflictException("Invoices can only be entered against an Approved commitment.");
        }
        checkPeriod(periodStart, periodEnd);
        jdbc.sql("select number, status from requisition where commitment_id = :c and status in ('draft', 'under_review', 'revise_and_resubmit')")
                .param("c", commitmentId).query((rs, n) -> rs.getInt(1) + " (" + label(rs.getString(2)) + ")").optional()
                .ifPresent(open -> {
                    throw new ConflictException("Invoice #" + open + " of this commitment is still open. Approve it before "
                            + "entering the next one: one open invoice per period.");
                });
        refuseOverlap(commitmentId, null, periodStart, periodEnd);
        int number = jdbc.sql("select coalesce(max(number), 0) + 1 from requisition where commitment_id = :c")
                .param("c", commitmentId).query(Integer.class).single();
        long id = jdbc.sql("""
                insert into requisition (company_id, project_id, commitment_id, number, period_start, period_end,
                                         billing_date, description, created_by)
                values (:co, :p, :c, :n, :s, :e, :b, :d, :by) returning id""")
                .param("co", c.companyId()).param("p", projectId).param("c", commitmentId).param("n", number)
                .param("s", periodStart).param("e", periodEnd).param("b", billingDate == null ? periodEnd : billingDate)
                .param("d", description == null ? "" : description).param("by", user.id()).query(Long.class).single();
        writeLines(c.companyId(), commitmentId, id, lines == null ? List.of() : lines);
        Requisition created = load(projectId, id);
        checkOver100(created);
        refreshFigures(projectId, commitmentId);
        audit.record(c.companyId(), user, "requisition.created", RECORD_TYPE, id,
                "Created invoice #" + number + " of " + created.commitmentNumber(), null, auditState(created));
        return created;
    }

    @Transactional
    public Requisition update(SignedInUser user, long projectId, long id, Changes changes) {
        permissions.requireCommitments(user, projectId, PermissionLevel.STANDARD);
        jdbc.sql("select id from requisition where id = :id and project_id = :p for update").param("id", id)
                .param("p", projectId).query(Long.class).optional()
                .orElseThrow(() -> new NotFoundException("Invoice " + id + " not found"));
        Requisition before = load(projectId, id);
        erpState.lockReason(RECORD_TYPE, id).ifPresent(reason -> {
            throw new ConflictException(reason);
        });
        boolean release = before.isRetainageRelease();
        if (release && (changes.lines() != null || changes.periodStart() != null || changes.periodEnd() != null)) {
            throw new BadRequestException("A retainage release has no billing period nor work lines: change its billing_date"
                    + " and release_lines");
        }
        if (!release && changes.releaseLines() != null) {
            throw new BadRequestException("release_lines are for a retainage release invoice only");
        }
        boolean content = changes.periodStart() != null || changes.periodEnd() != null || changes.billingDate() != null
                || changes.description() != null || changes.lines() != null || changes.releaseLines() != null;
        String target = changes.status() == null ? before.status() : changes.status();
        if (content && !OPEN.contains(before.status())) {
            throw new ConflictException("Invoice #" + before.number() + " is " + label(before.status())
                    + ": its content is fixed. Set it to Revise and Resubmit before changing it.");
        }
        if (!target.equals(before.status())) {
            if (!MOVES.containsKey(target)) {
                throw new BadRequestException("status must be one of draft, under_review, revise_and_resubmit, approved, approved_as_noted");
            }
            if (!MOVES.get(before.status()).contains(target)) {
                throw new ConflictException("Invoice #" + before.number() + " cannot go from " + label(before.status())
                        + " to " + label(target) + ".");
            }
            if (!Set.of("draft", "under_review").contains(target) || !OPEN.contains(before.status())) {
                permissions.requireCommitments(user, projectId, PermissionLevel.ADMIN);
            }
            if ("revise_and_resubmit".equals(target) && APPROVED.contains(before.status())) {
                jdbc.sql("""
                        select number from requisition where commitment_id = :c and number > :n
                           and status in ('approved', 'approved_as_noted', 'paid') limit 1""")
                        .param("c", before.commitmentId()).param("n", before.number()).query(Integer.class).optional()
                        .ifPresent(later -> {
                            throw new ConflictException("Invoice #" + later + " is approved after this one and counts it as "
                                    + "previous work: set it back first.");
                        });
            }
        }
        LocalDate start = changes.periodStart() == null ? before.periodStart() : changes.periodStart();
        LocalDate end = changes.periodEnd() == null ? before.periodEnd() : changes.periodEnd();
        if (release && changes.billingDate() != null) {
            start = changes.billingDate();
            end = changes.billingDate();
        }
        checkPeriod(start, end);
        if (!release) {
            refuseOverlap(before.commitmentId(), id, start, end);
        }
        Map<Long, BigDecimal> releaseAmounts = changes.releaseLines() == null ? null
                : releaseAmounts(projectId, before.commitmentId(), id, false, changes.releaseLines());
        long companyId = jdbc.sql("select company_id from requisition where id = :id").param("id", id).query(Long.class).single();
        jdbc.sql("""
                update requisition set period_start = :s, period_end = :e, billing_date = coalesce(:b, billing_date),
                       description = coalesce(:d, description), status = :st, updated_at = now(), version = version + 1
                where id = :id""").param("s", start).param("e", end).param("b", changes.billingDate())
                .param("d", changes.description()).param("st", target).param("id", id).update();
        if (changes.lines() != null) {
            jdbc.sql("delete from requisition_line where requisition_id = :id").param("id", id).update();
            writeLines(companyId, before.commitmentId(), id, changes.lines());
        }
        if (releaseAmounts != null) {
            jdbc.sql("delete from requisition_release_line where requisition_id = :id").param("id", id).update();
            writeReleaseLines(companyId, before.commitmentId(), id, releaseAmounts);
        }
        Requisition after = load(projectId, id);
        checkOver100(after);
        refreshFigures(projectId, before.commitmentId());
        String summary = target.equals(before.status()) ? "Changed invoice #" + before.number()
                : "Invoice #" + before.number() + " " + label(before.status()) + " → " + label(target);
        audit.record(companyId, user, target.equals(before.status()) ? "requisition.updated" : "requisition.status_changed",
                RECORD_TYPE, id, summary, auditState(before), auditState(after));
        return after;
    }

    /** Approve (Commitments Admin): Under Review → Approved, or Approved as Noted. */
    @Transactional
    public Requisition approve(SignedInUser user, long projectId, long id, boolean asNoted) {
        permissions.requireCommitments(user, projectId, PermissionLevel.ADMIN);
        return update(user, projectId, id, new Changes(null, null, null, null, asNoted ? "approved_as_noted" : "approved", null));
    }

    /**
     * Payments read back from the ERP: amount, date of the last payment, check numbers; fully paid (the amount paid
     * reaches the current payment due) → Paid. A payment voided in the ERP brings an invoice back to Approved.
     */
    @Transactional
    public void recordPayments(long id, BigDecimal amountPaid, LocalDate lastPaid, String checks, boolean fullyPaid) {
        Head h = jdbc.sql("select project_id from requisition where id = :id").param("id", id).query(Long.class).optional()
                .map(p -> head(p, id)).orElse(null);
        if (h == null) return;
        String status = fullyPaid && APPROVED.contains(h.status()) ? "paid"
                : "paid".equals(h.status()) && !fullyPaid ? "approved" : h.status();
        boolean changed = amountPaid.compareTo(h.amountPaid()) != 0 || !status.equals(h.status());
        jdbc.sql("""
                update requisition set amount_paid = :a, paid_date = :d, check_numbers = :c, payments_read_at = now(),
                       status = :s, updated_at = case when :ch then now() else updated_at end where id = :id""")
                .param("a", amountPaid).param("d", lastPaid).param("c", checks).param("s", status).param("ch", changed)
                .param("id", id).update();
        if (changed) {
            audit.record(h.companyId(), null, "requisition.payments_read", RECORD_TYPE, id,
                    "Invoice #" + h.number() + ": " + amountPaid.toPlainString() + " paid" + (checks == null ? "" : " (check " + checks + ")")
                            + ("paid".equals(status) ? " — Paid" : ""), null, null);
        }
    }

    /** Keeps each invoice's title and current payment due (shown by the ERP Integrations lists) current. */
    private void refreshFigures(long projectId, long commitmentId) {
        for (long rid : jdbc.sql("select id from requisition where commitment_id = :c").param("c", commitmentId)
                .query(Long.class).list()) {
            Requisition r = load(projectId, rid, ErpSync.notSent());
            jdbc.sql("update requisition set title = :t, current_payment_due = :d where id = :id")
                    .param("t", title(r)).param("d", r.summary().currentPaymentDue()).param("id", rid).update();
        }
    }

    /** "Invoice #2, 2026-03-01 – 2026-03-31". */
    public static String title(Requisition r) {
        if (r.isRetainageRelease()) {
            return "Invoice #" + r.number() + ", retainage release " + r.billingDate();
        }
        return "Invoice #" + r.number() + ", " + r.periodStart() + " – " + r.periodEnd();
    }

    private void checkPeriod(LocalDate start, LocalDate end) {
        if (start == null || end == null) {
            throw new BadRequestException("period_start and period_end are required");
        }
        if (end.isBefore(start)) {
            throw new BadRequestException("period_end must not be before period_start");
        }
    }

    private void refuseOverlap(long commitmentId, Long self, LocalDate start, LocalDate end) {
        jdbc.sql("""
                select number from requisition where commitment_id = :c and (cast(:self as bigint) is null or id <> :self)
                   and kind = 'progress' and period_start <= :e and period_end >= :s limit 1""")
                .param("c", commitmentId).param("self", self).param("s", start).param("e", end).query(Integer.class)
                .optional().ifPresent(n -> {
                    throw new ConflictException("The billing period overlaps invoice #" + n + " of this commitment.");
                });
    }

    private void writeLines(long companyId, long commitmentId, long id, List<LineInput> lines) {
        BigDecimal dflt = commitmentRetainage(commitmentId);
        Set<Long> seen = new java.util.HashSet<>();
        int i = 0;
        for (LineInput l : lines) {
            String field = "lines[" + i++ + "]";
            if (l == null) throw new BadRequestException(field + " is empty");
            if (!seen.add(l.commitmentLineItemId())) {
                throw new BadRequestException(field + ".commitment_line_item_id " + l.commitmentLineItemId() + " is given twice");
            }
            boolean own = jdbc.sql("select count(*) from commitment_line where id = :id and commitment_id = :c")
                    .param("id", l.commitmentLineItemId()).param("c", commitmentId).query(Long.class).single() > 0;
            if (!own) {
                throw new BadRequestException(field + ".commitment_line_item_id " + l.commitmentLineItemId()
                        + " is not a line of this invoice's commitment");
            }
            BigDecimal work = money(l.workCompletedThisPeriod(), field + ".work_completed_this_period", true);
            BigDecimal stored = money(l.materialsPresentlyStored(), field + ".materials_presently_stored", false);
            BigDecimal pw = percent(l.workRetainagePercent(), dflt, field + ".work_retainage_percent");
            BigDecimal pm = percent(l.materialsRetainagePercent(), dflt, field + ".materials_retainage_percent");
            jdbc.sql("""
                    insert into requisition_line (company_id, requisition_id, commitment_id, commitment_line_id,
                        work_this_period, materials_stored, work_retainage_percent, materials_retainage_percent, over_100_percent)
                    values (:co, :r, :c, :l, :w, :m, :pw, :pm, :o)""")
                    .param("co", companyId).param("r", id).param("c", commitmentId).param("l", l.commitmentLineItemId())
                    .param("w", work).param("m", stored).param("pw", pw).param("pm", pm)
                    .param("o", Boolean.TRUE.equals(l.over100Percent())).update();
        }
    }

    private static BigDecimal money(BigDecimal v, String field, boolean negativeAllowed) {
        if (v == null) return BigDecimal.ZERO;
        if (v.scale() > 2 && v.stripTrailingZeros().scale() > 2) {
            throw new BadRequestException(field + " has more than 2 decimals");
        }
        if (v.abs().compareTo(new BigDecimal("9999999999999.99")) > 0) {
            throw new BadRequestException(field + " is too large");
        }
        if (!negativeAllowed && v.signum() < 0) {
            throw new BadRequestException(field + " must not be negative");
        }
        return v.setScale(2);
    }

    private static BigDecimal percent(BigDecimal v, BigDecimal dflt, String field) {
        if (v == null) return dflt;
        if (v.signum() < 0 || v.compareTo(BigDecimal.valueOf(100)) > 0 || v.stripTrailingZeros().scale() > 4) {
            throw new BadRequestException(field + " must be between 0 and 100 (at most 4 decimals)");
        }
        return v;
    }

    /** No line over 100 % complete without its explicit override (400 names the line and its figures). */
    private static void checkOver100(Requisition r) {
        for (Line l : r.lines()) {
            if (!l.over100Percent() && l.totalCompletedAndStored().compareTo(l.scheduledValue()) > 0) {
                throw new BadRequestException("Line " + l.lineNumber() + " would be " + l.percentComplete().toPlainString()
                        + " % complete (" + l.totalCompletedAndStored().toPlainString() + " of " + l.scheduledValue().toPlainString()
                        + "). Set over_100_percent on that line to bill more than its scheduled value.");
            }
        }
    }

    static String label(String status) {
        return switch (status) {
            case "draft" -> "Draft";
            case "under_review" -> "Under Review";
            case "revise_and_resubmit" -> "Revise and Resubmit";
            case "approved" -> "Approved";
            case "approved_as_noted" -> "Approved as Noted";
            case "paid" -> "Paid";
            default -> status;
        };
    }

    private static Map<String, Object> auditState(Requisition r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("number", r.number());
        m.put("kind", r.kind());
        m.put("status", r.status());
        m.put("period_start", r.periodStart().toString());
        m.put("period_end", r.periodEnd().toString());
        m.put("current_payment_due", r.summary().currentPaymentDue().toPlainString());
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Line l : r.lines()) {
            Map<String, Object> lm = new LinkedHashMap<>();
            lm.put("commitment_line_item_id", l.commitmentLineItemId());
            lm.put("work_completed_this_period", l.workCompletedThisPeriod().toPlainString());
            lm.put("materials_presently_stored", l.materialsPresentlyStored().toPlainString());
            lm.put("work_retainage_percent", l.workRetainagePercent().toPlainString());
            lm.put("materials_retainage_percent", l.materialsRetainagePercent().toPlainString());
            lines.add(lm);
        }
        m.put("lines", lines);
        if (r.isRetainageRelease()) {
            List<Map<String, Object>> released = new ArrayList<>();
            for (RetainageLine l : r.retainage()) {
                if (l.releasedThisInvoice().signum() == 0) continue;
                Map<String, Object> lm = new LinkedHashMap<>();
                lm.put("commitment_line_item_id", l.commitmentLineItemId());
                lm.put("amount", l.releasedThisInvoice().toPlainString());
                released.add(lm);
            }
            m.put("release_lines", released);
        }
        return m;
    }
}
