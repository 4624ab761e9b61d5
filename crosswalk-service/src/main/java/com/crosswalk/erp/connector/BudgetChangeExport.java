package com.crosswalk.erp.connector;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A budget change to create in the ERP and release there: a change of the project's cost budget, line by line (project
 * task, account group — our cost type's —, cost code, amount ±). {@code externalRef} is our key (at most 30
 * characters) — a new one after every unlink, so a re-export never adopts the reversed ERP record.
 */
public record BudgetChangeExport(String externalRef, String projectKey, String number, String title, String description,
        LocalDate date, List<Line> lines) {

    public record Line(int lineNumber, String projectTask, String accountGroup, String costCode, String description,
            BigDecimal amount) {
    }
}
