package com.crosswalk.erp.unlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reconciliation's pacing: at most its share of requests per minute, the first at once. */
class RequestBudgetTest {

    @Test
    void pacesToItsShareOfTheMinute() {
        List<Long> sleeps = new ArrayList<>();
        RequestBudget budget = new RequestBudget(60, sleeps::add); // 10 % of 600/min: one a second
        assertThat(budget.nanosPerRequest()).isEqualTo(1_000_000_000L);
        budget.awaitTurn();
        assertThat(sleeps).isEmpty(); // the first goes at once
        budget.spent(2); // a batch and its reversal lookup
        budget.awaitTurn();
        assertThat(sleeps).hasSize(1);
        assertThat(sleeps.get(0)).isBetween(1_900L, 2_000L);
    }

    @Test
    void unlimitedDoesNotWait() {
        List<Long> sleeps = new ArrayList<>();
        RequestBudget budget = new RequestBudget(0, sleeps::add);
        budget.spent(5);
        budget.awaitTurn();
        assertThat(sleeps).isEmpty();
    }
}
