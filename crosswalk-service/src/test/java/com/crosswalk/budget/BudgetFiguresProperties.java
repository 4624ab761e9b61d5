package com.crosswalk.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.budget.BudgetFigures.Amount;
import com.crosswalk.budget.BudgetFigures.ErpLine;
import com.crosswalk.budget.BudgetFigures.Key;
import com.crosswalk.budget.BudgetFigures.Row;
import java.math.BigDecimal;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The budget view's rules, for any budget and any commitments: revised = original + approved changes; committed =
 * commitments + approved CCOs — to the cent, per row and in the totals; every figure lands in exactly one row.
 */
class BudgetFiguresProperties {

    static final List<Key> KEYS = List.of(new Key("01-100", "L"), new Key("03-300", "S"), new Key("03-300", "M"),
            new Key("05-120", "M"), new Key(null, "S"), new Key("09-250", null), new Key(null, null));

    @Provide
    Arbitrary<Key> keys() {
        return Arbitraries.of(KEYS);
    }

    @Provide
    Arbitrary<BigDecimal> money() {
        // cents, negative too (credits, deductive CCOs); up to the columns' 13 integer digits
        return Arbitraries.longs().between(-99_999_999_999L, 99_999_999_999L).map(c -> BigDecimal.valueOf(c, 2));
    }

    @Provide
    Arbitrary<List<ErpLine>> erp() {
        Arbitrary<BigDecimal> m = money();
        return Combinators.combine(keys(), m, m, m, m.injectNull(0.4)).as(ErpLine::new).list().ofMaxSize(30);
    }

    @Provide
    Arbitrary<List<Amount>> amounts() {
        return Combinators.combine(keys(), money()).as(Amount::new).list().ofMaxSize(30);
    }

    static BigDecimal sum(List<BigDecimal> xs) {
        return xs.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Property(tries = 500)
    void revisedIsOriginalPlusApprovedChangesAndCommittedIsCommitmentsPlusApprovedCcos(@ForAll("erp") List<ErpLine> erp,
            @ForAll("amounts") List<Amount> commitments, @ForAll("amounts") List<Amount> approved, @ForAll("amounts") List<Amount> pending) {
        BudgetFigures.Result r = BudgetFigures.compute(erp, commitments, approved, pending);
        for (Row row : r.rows()) {
            Key k = row.key();
            BigDecimal original = sum(erp.stream().filter(l -> l.key().equals(k)).map(ErpLine::original).toList());
            BigDecimal changes = sum(erp.stream().filter(l -> l.key().equals(k)).map(ErpLine::approvedChanges).toList());
            BigDecimal ours = sum(commitments.stream().filter(a -> a.key().equals(k)).map(Amount::amount).toList());
            BigDecimal ccos = sum(approved.stream().filter(a -> a.key().equals(k)).map(Amount::amount).toList());
            assertThat(row.originalBudget()).isEqualByComparingTo(original);
            assertThat(row.approvedChanges()).isEqualByComparingTo(changes);
            assertThat(row.revisedBudget()).isEqualTo(row.originalBudget().add(row.approvedChanges())).isEqualByComparingTo(original.add(changes));
            assertThat(row.commitments()).isEqualByComparingTo(ours);
            assertThat(row.approvedCcos()).isEqualByComparingTo(ccos);
            assertThat(row.committed()).isEqualTo(row.commitments().add(row.approvedCcos())).isEqualByComparingTo(ours.add(ccos));
            assertThat(row.revisedBudget().scale()).isEqualTo(2);
            assertThat(row.committed().scale()).isEqualTo(2);
            assertThat(row.overUnder()).isEqualByComparingTo(row.revisedBudget().subtract(row.projectedFinalCost()));
            assertThat(row.projectedFinalCost()).isGreaterThanOrEqualTo(row.actual()).isGreaterThanOrEqualTo(row.committed().add(row.pendingChanges()));
        }
        Row t = r.totals();
        assertThat(t.revisedBudget()).isEqualByComparingTo(sum(erp.stream().map(ErpLine::original).toList())
                .add(sum(erp.stream().map(ErpLine::approvedChanges).toList())));
        assertThat(t.committed()).isEqualByComparingTo(sum(commitments.stream().map(Amount::amount).toList())
                .add(sum(approved.stream().map(Amount::amount).toList())));
        assertThat(t.pendingChanges()).isEqualByComparingTo(sum(pending.stream().map(Amount::amount).toList()));
        assertThat(r.rows().stream().map(Row::key).distinct().count()).isEqualTo(r.rows().size());
    }
}
