package com.crosswalk.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.invoices.PayApplication.Entry;
import com.crosswalk.invoices.PayApplication.LineFigures;
import com.crosswalk.invoices.PayApplication.Result;
import com.crosswalk.invoices.PayApplication.SovLine;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;

/** The pay-application arithmetic: whatever the figures, the G702 totals reconcile with the lines to the cent. */
class PayApplicationPropertiesTest {

    record Case(List<SovLine> sov, List<List<Entry>> apps) {
    }

    static Arbitrary<BigDecimal> money(long max) {
        return Arbitraries.longs().between(0, max * 100).map(c -> BigDecimal.valueOf(c, 2));
    }

    static Arbitrary<BigDecimal> percent() {
        return Arbitraries.of(BigDecimal.ZERO, new BigDecimal("5"), new BigDecimal("10"), new BigDecimal("7.5"),
                new BigDecimal("12.345"), new BigDecimal("100"));
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Integer> lineCount = Arbitraries.integers().between(1, 6);
        return lineCount.flatMap(n -> {
            Arbitrary<List<BigDecimal>> values = money(2_000_000).list().ofSize(n);
            Arbitrary<Entry> entry = Combinators.combine(Arbitraries.integers().between(0, n - 1), money(300_000), money(50_000),
                    percent(), percent()).as((i, w, m, pw, pm) -> new Entry(i + 1, w, m, pw, pm));
            Arbitrary<List<Entry>> app = entry.list().ofMinSize(0).ofMaxSize(n).uniqueElements(Entry::lineId);
            Arbitrary<List<List<Entry>>> apps = app.list().ofMinSize(1).ofMaxSize(6);
            return Combinators.combine(values, apps).as((vs, as) -> {
                List<SovLine> sov = new ArrayList<>();
                for (int i = 0; i < vs.size(); i++) sov.add(new SovLine(i + 1, vs.get(i)));
                return new Case(sov, as);
            });
        });
    }

    @Property(tries = 500)
    void totalsReconcileToTheCent(@ForAll("cases") Case c) {
        List<List<Entry>> previous = c.apps().subList(0, c.apps().size() - 1);
        Result r = PayApplication.compute(c.sov(), previous, c.apps().get(c.apps().size() - 1));
        var t = r.totals();
        BigDecimal g = BigDecimal.ZERO, ret = BigDecimal.ZERO, due = BigDecimal.ZERO, c5 = BigDecimal.ZERO, balance = BigDecimal.ZERO;
        for (LineFigures l : r.lines()) {
            // G = D + E + F; balance to finish = C − G; retainage = work + materials
            assertThat(l.totalCompletedAndStored()).isEqualByComparingTo(l.workPrevious().add(l.workThisPeriod()).add(l.materialsStored()));
            assertThat(l.balanceToFinish()).isEqualByComparingTo(l.scheduledValue().subtract(l.totalCompletedAndStored()));
            assertThat(l.totalCompletedAndStored().scale()).isLessThanOrEqualTo(2);
            assertThat(l.retainageToDate().scale()).isLessThanOrEqualTo(2);
            g = g.add(l.totalCompletedAndStored());
            ret = ret.add(l.retainageToDate());
            due = due.add(l.dueThisPeriod());
            c5 = c5.add(l.scheduledValue());
            balance = balance.add(l.balanceToFinish());
        }
        assertThat(t.totalCompletedAndStored()).isEqualByComparingTo(g);
        assertThat(t.totalRetainage()).isEqualByComparingTo(ret).isEqualByComparingTo(t.retainageWork().add(t.retainageMaterials()));
        assertThat(t.totalEarnedLessRetainage()).isEqualByComparingTo(g.subtract(ret));
        // current payment due = earned less retainage − previous certificates = Σ lines' (billed − retainage) this period
        assertThat(t.currentPaymentDue()).isEqualByComparingTo(t.totalEarnedLessRetainage().subtract(t.lessPreviousCertificates()));
        assertThat(t.currentPaymentDue()).isEqualByComparingTo(due);
        assertThat(t.currentPaymentDue()).isEqualByComparingTo(t.billedThisPeriod().subtract(t.retainageThisPeriod()));
        // previous certificates = what the earlier applications were due, each computed on its own
        BigDecimal earlier = BigDecimal.ZERO;
        for (int i = 0; i < previous.size(); i++) {
            earlier = earlier.add(PayApplication.compute(c.sov(), previous.subList(0, i), previous.get(i)).totals().currentPaymentDue());
        }
        assertThat(t.lessPreviousCertificates()).isEqualByComparingTo(earlier);
        assertThat(t.contractSumToDate()).isEqualByComparingTo(c5);
        assertThat(t.balanceToFinishIncludingRetainage()).isEqualByComparingTo(c5.subtract(t.totalEarnedLessRetainage()));
        assertThat(t.currentPaymentDue().scale()).isLessThanOrEqualTo(2);
    }

    @Example
    void aWorkedExample() {
        List<SovLine> sov = List.of(new SovLine(1, new BigDecimal("100000")), new SovLine(2, new BigDecimal("50000")));
        List<Entry> first = List.of(new Entry(1, new BigDecimal("20000"), new BigDecimal("5000"), BigDecimal.TEN, BigDecimal.TEN));
        List<Entry> second = List.of(new Entry(1, new BigDecimal("30000"), new BigDecimal("1000"), BigDecimal.TEN, BigDecimal.TEN),
                new Entry(2, new BigDecimal("10000.05"), BigDecimal.ZERO, BigDecimal.TEN, BigDecimal.TEN));
        Result r = PayApplication.compute(sov, List.of(first), second);
        LineFigures l1 = r.lines().get(0);
        assertThat(l1.workPrevious()).isEqualByComparingTo("20000");
        assertThat(l1.materialsPreviouslyStored()).isEqualByComparingTo("5000");
        assertThat(l1.totalCompletedAndStored()).isEqualByComparingTo("51000");
        assertThat(l1.percentComplete()).isEqualByComparingTo("51.00");
        assertThat(l1.billedThisPeriod()).isEqualByComparingTo("26000");          // 30000 + (1000 − 5000)
        assertThat(l1.retainageToDate()).isEqualByComparingTo("5100");
        // earned 61000.05; retainage 5100 + 1000.01; previous certificate 22500; due 61000.05 − 6100.01 − 22500
        assertThat(r.totals().lessPreviousCertificates()).isEqualByComparingTo("22500");
        assertThat(r.totals().currentPaymentDue()).isEqualByComparingTo("32400.04");
    }
}
