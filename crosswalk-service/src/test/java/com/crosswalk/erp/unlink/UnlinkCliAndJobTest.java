package com.crosswalk.erp.unlink;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.erp.unlink.UnlinkTestSupport.Synced;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import picocli.CommandLine;

/**
 * {@code crosswalk unlink} runs the same service method as the REST API, with the {@code --as} user's permissions,
 * and exits 0 / 1 / 2 / 3; the periodic reconciliation runs on one instance at a time.
 */
@IntegrationTest
class UnlinkCliAndJobTest extends UnlinkTestBase {

    @Autowired
    UnlinkCommand command;
    @Autowired
    ReconciliationJob job;
    @Autowired
    DataSource dataSource;

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
        assertThat(down.exit()).isEqualTo(2);
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

    @Test
    void theReconciliationJobRunsOnOneInstanceAtATime() throws Exception {
        Synced gone = t.syncedCco(connectors, company, "Job gone", new BigDecimal("71.00"));
        String reversing = emu.store().reverse(gone.refNbr());
        emu.store().removeHold(reversing);
        emu.store().release(reversing);

        try (Connection other = dataSource.getConnection()) {
            try (PreparedStatement s = other.prepareStatement("select pg_advisory_lock(?)")) {
                s.setLong(1, ReconciliationJob.LOCK_KEY);
                s.executeQuery().close();
            }
            assertThat(job.runOnce()).as("another instance holds the lock").isFalse();
            assertThat(t.link("cco_id", gone.ccoId())).containsEntry("erp_status", "present");
            try (PreparedStatement s = other.prepareStatement("select pg_advisory_unlock(?)")) {
                s.setLong(1, ReconciliationJob.LOCK_KEY);
                s.executeQuery().close();
            }
        }
        assertThat(job.runOnce()).isTrue();
        assertThat(t.link("cco_id", gone.ccoId())).containsEntry("erp_status", "gone");
    }
}
