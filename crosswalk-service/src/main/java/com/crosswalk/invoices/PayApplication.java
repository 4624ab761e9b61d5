package com.crosswalk.invoices;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The arithmetic of a subcontractor's pay application (AIA G702 summary, G703 continuation sheet), pure and exact to
 * the cent. Per schedule-of-values line:
 * <ul>
 * <li>C scheduled value; D work completed from previous applications (the approved earlier invoices' work);
 *     E work completed this period; F materials presently stored (not in D or E);</li>
 * <li>G total completed and stored to date = D + E + F; G ÷ C = % complete; C − G = balance to finish;</li>
 * <li>retainage is held period by period as the ERP holds it on each bill line: this period's work retainage is
 *     E × work % and its materials retainage is (F − F of the previous application) × materials %, each rounded
 *     half-up to the cent; retainage to date is the sum over the approved earlier applications and this one.</li>
 * </ul>
 * Totals: total earned less retainage = ΣG − Σretainage to date; less previous certificates for payment = the same
 * figure of the previous applications; current payment due = the difference — always equal, to the cent, to the
 * sum over lines of (E + F − F_previous − this period's retainage), which is what the ERP's bill holds.
 */
public final class PayApplication {

    private PayApplication() {
    }

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** One SOV line of the commitment: its id and scheduled value (original amount plus approved changes). */
    public record SovLine(long lineId, BigDecimal scheduledValue) {
    }

    /** What one application says about one SOV line. */
    public record Entry(long lineId, BigDecimal workThisPeriod, BigDecimal materialsStored, BigDecimal workRetainagePercent,
            BigDecimal materialsRetainagePercent) {
    }

    /** The figures of one SOV line on one application (G703 columns). */
    public record LineFigures(long lineId, BigDecimal scheduledValue, BigDecimal workPrevious, BigDecimal workThisPeriod,
            BigDecimal materialsPreviouslyStored, BigDecimal materialsStored, BigDecimal totalCompletedAndStored,
            BigDecimal percentComplete, BigDecimal retainageWorkThisPeriod, BigDecimal retainageMaterialsThisPeriod,
            BigDecimal retainageWorkToDate, BigDecimal retainageMaterialsToDate, BigDecimal balanceToFinish,
            BigDecimal billedThisPeriod) {

        public BigDecimal retainageToDate() {
            return retainageWorkToDate.add(retainageMaterialsToDate);
        }

        public BigDecimal retainageThisPeriod() {
            return retainageWorkThisPeriod.add(retainageMaterialsThisPeriod);
        }

        /** What this line asks to be paid this period: billed less this period's retainage. */
        public BigDecimal dueThisPeriod() {
            return billedThisPeriod.subtract(retainageThisPeriod());
        }
    }

    /** The G702 summary. */
    public record Totals(BigDecimal contractSumToDate, BigDecimal totalCompletedAndStored, BigDecimal retainageWork,
            BigDecimal retainageMaterials, BigDecimal totalRetainage, BigDecimal totalEarnedLessRetainage,
            BigDecimal lessPreviousCertificates, BigDecimal currentPaymentDue, BigDecimal balanceToFinishIncludingRetainage,
            BigDecimal billedThisPeriod, BigDecimal retainageThisPeriod) {
    }

    public record Result(List<LineFigures> lines, Totals totals) {
    }

    static BigDecimal cents(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_UP);
    }

    static BigDecimal pct(BigDecimal amount, BigDecimal percent) {
        return cents(amount.multiply(percent).divide(HUNDRED, 10, RoundingMode.HALF_UP));
    }

    private static BigDecimal nz(BigDecimal b) {
        return b == null ? BigDecimal.ZERO : b;
    }

    /**
     * The figures of {@code current} given the approved earlier applications ({@code previous}, oldest first). A line
     * of the SOV the application does not mention counts as nothing this period (its stored materials stay as before).
     */
    public static Result compute(List<SovLine> sov, List<List<Entry>> previous, List<Entry> current) {
        Map<Long, BigDecimal> work = new HashMap<>();
        Map<Long, BigDecimal> stored = new HashMap<>();
        Map<Long, BigDecimal> retW = new HashMap<>();
        Map<Long, BigDecimal> retM = new HashMap<>();
        BigDecimal previousCertificates = BigDecimal.ZERO;
        for (List<Entry> app : previous) {
            Map<Long, Entry> byLine = index(app);
            for (SovLine l : sov) {
                Entry e = byLine.get(l.lineId());
                if (e == null) continue;
                BigDecimal prevStored = stored.getOrDefault(l.lineId(), BigDecimal.ZERO);
                BigDecimal rw = pct(nz(e.workThisPeriod()), nz(e.workRetainagePercent()));
                BigDecimal rm = pct(nz(e.materialsStored()).subtract(prevStored), nz(e.materialsRetainagePercent()));
                work.merge(l.lineId(), nz(e.workThisPeriod()), BigDecimal::add);
                stored.put(l.lineId(), nz(e.materialsStored()));
                retW.merge(l.lineId(), rw, BigDecimal::add);
                retM.merge(l.lineId(), rm, BigDecimal::add);
                previousCertificates = previousCertificates.add(nz(e.workThisPeriod()).add(nz(e.materialsStored())).subtract(prevStored)
                        .subtract(rw).subtract(rm));
            }
        }
        Map<Long, Entry> cur = index(current);
        List<LineFigures> out = new ArrayList<>();
        BigDecimal c = BigDecimal.ZERO, g = BigDecimal.ZERO, rwT = BigDecimal.ZERO, rmT = BigDecimal.ZERO, billed = BigDecimal.ZERO,
                retThis = BigDecimal.ZERO;
        for (SovLine l : sov) {
            Entry e = cur.get(l.lineId());
            BigDecimal d = work.getOrDefault(l.lineId(), BigDecimal.ZERO);
            BigDecimal fPrev = stored.getOrDefault(l.lineId(), BigDecimal.ZERO);
            BigDecimal eThis = e == null ? BigDecimal.ZERO : nz(e.workThisPeriod());
            BigDecimal f = e == null ? fPrev : nz(e.materialsStored());
            BigDecimal rw = e == null ? BigDecimal.ZERO : pct(eThis, nz(e.workRetainagePercent()));
            BigDecimal rm = e == null ? BigDecimal.ZERO : pct(f.subtract(fPrev), nz(e.materialsRetainagePercent()));
            BigDecimal gl = d.add(eThis).add(f);
            BigDecimal sv = cents(l.scheduledValue());
            BigDecimal percent = sv.signum() == 0 ? BigDecimal.ZERO
                    : gl.multiply(HUNDRED).divide(sv, 2, RoundingMode.HALF_UP);
            BigDecimal rwTo = retW.getOrDefault(l.lineId(), BigDecimal.ZERO).add(rw);
            BigDecimal rmTo = retM.getOrDefault(l.lineId(), BigDecimal.ZERO).add(rm);
            BigDecimal billedLine = eThis.add(f).subtract(fPrev);
            out.add(new LineFigures(l.lineId(), sv, d, eThis, fPrev, f, gl, percent, rw, rm, rwTo, rmTo, sv.subtract(gl), billedLine));
            c = c.add(sv);
            g = g.add(gl);
            rwT = rwT.add(rwTo);
            rmT = rmT.add(rmTo);
            billed = billed.add(billedLine);
            retThis = retThis.add(rw).add(rm);
        }
        BigDecimal totalRet = rwT.add(rmT);
        BigDecimal earnedLessRet = g.subtract(totalRet);
        Totals t = new Totals(c, g, rwT, rmT, totalRet, earnedLessRet, previousCertificates,
                earnedLessRet.subtract(previousCertificates), c.subtract(earnedLessRet), billed, retThis);
        return new Result(List.copyOf(out), t);
    }

    private static Map<Long, Entry> index(List<Entry> app) {
        Map<Long, Entry> m = new HashMap<>();
        for (Entry e : app) m.put(e.lineId(), e);
        return m;
    }
}
