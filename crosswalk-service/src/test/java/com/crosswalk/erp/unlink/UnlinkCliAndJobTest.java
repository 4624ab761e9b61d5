package com.crosswalk.erp.unlink;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.erp.unlink.UnlinkTestSupport.Synced;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import picocli.CommandLine;

/**
 * {@code crosswalk unlink} runs the same service method as the REST API, with the {@code --as} user's permissions,
 * and exits 0 / 1 / 3 / 4; the periodic reconciliation is a recurring task that queues a job per company.
 */
@IntegrationTest
class UnlinkCliAndJobTest extends UnlinkTestBase {

    @Autowired
    UnlinkCommand command;
    @Autowired
    Scheduler scheduler;

    record Run(int exit, String out, String err) {
    }

    private Run run(String... flags) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = new CommandLine(command);
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int exit = line.execute(flags);
        return new Run(exit, out.toString().trim(), err.toString().trim());
    }

    @Test
    void unlinkFromTheCommandLine() {
        Synced synced = t.syncedCco(connectors, company, "CLI unlink", new BigDecimal("70.00"));
        String cco = Long.toString(synced.ccoId());
        String c = Long.toString(company);

        Run pm = run("--company", c, "--cco", cco, "--as", "pm");
        assertThat(pm.exit()).isEqualTo(1);
        assertThat(pm.err()).contains("'Standard' or 'Admin' on the ERP Integrations tool",
                "the 'Can Push to Accounting' privilege");

        Run still = run("--company", c, "--cco", cco, "--as", "approver");
        assertThat(still.exit()).isEqualTo(1);
        assertThat(still.err()).isEqualTo("The CCO is still in Acumatica. Please delete it before retrying");

        String reversing = emu.store().reverse(synced.refNbr());
        emu.store().removeHold(reversing);
        emu.store().release(reversing);

        emu.faults().setDown(true);
        Run down;
        try {
            down = run("--company", c, "--cco", cco, "--as", "approver");
        } finally {
            emu.faults().setDown(false);
        }
        assertThat(down.exit()).isEqualTo(4);
        assertThat(down.err()).contains("Acumatica could not be reached");
        assertThat(t.link("cco_id", synced.ccoId())).isNotNull();

        Run ok = run("--company", c, "--cco", cco, "--as", "approver");
        assertThat(ok.exit()).isEqualTo(0);
        assertThat(ok.out()).isEqualTo("Successfully Unlinked");
        assertThat(t.link("cco_id", synced.ccoId())).isNull();

        Run notFound = run("--company", c, "--cco", "987654321", "--as", "approver");
        assertThat(notFound.exit()).isEqualTo(3);
        Run otherCompany = run("--company", "987654", "--cco", cco, "--as", "approver");
        assertThat(otherCompany.exit()).isEqualTo(3);
        Run noSuchUser = run("--company", c, "--cco", cco, "--as", "nobody-here");
        assertThat(noSuchUser.exit()).isEqualTo(1);
    }

    @Test
    void commitmentFromTheCommandLine() {
        long po1 = t.commitmentId(company, "1001", "PO-001");
        Run r = run("--company", Long.toString(company), "--commitment", Long.toString(po1), "--as", "approver");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("The commitment is still in Acumatica. Please delete it before retrying.");
    }

    /**
     * The periodic reconciliation is a db-scheduler recurring task: a round queues a reconcile job for every company
     * with an ERP connection (the same job as "Check now", started by nobody), and that job marks what it finds.
     */
    @Test
    void thePeriodicReconciliationQueuesAJobPerCompany() {
        Synced gone = t.syncedCco(connectors, company, "Job gone", new BigDecimal("71.00"));
        String reversing = emu.store().reverse(gone.refNbr());
        emu.store().removeHold(reversing);
        emu.store().release(reversing);
        long before = jdbc.sql("select coalesce(max(id), 0) from job").query(Long.class).single();

        scheduler.reschedule(TaskInstanceId.of(PeriodicReconciliation.TASK, RecurringTask.INSTANCE), Instant.now());

        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.sql("""
                select state from job where id > :b and company_id = :c and kind = 'reconcile'
                  and requested_by is null""").param("b", before).param("c", company).query(String.class).list())
                .containsExactly("finished"));
        assertThat(t.link("cco_id", gone.ccoId())).containsEntry("erp_status", "gone");
    }
}
