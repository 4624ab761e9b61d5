package com.crosswalk.erp.unlink;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.erp.unlink.UnlinkTestSupport.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Who may unlink: Commitments Admin on the CCO's project AND ERP Integrations Standard or Admin AND Can Push to
 * Accounting — every one of the 8 combinations through the endpoint; a refusal names each missing permission and
 * changes nothing. Uses the demo's synced CCO 1002 SC-001 003 (still released in the emulator), so the one allowed
 * combination reaches the ERP and is refused in red — the link stays, whatever the caller.
 */
@IntegrationTest
class UnlinkPermissionsTest {

    static final String COMMITMENTS = "'Admin' on the project's Commitments tool";
    static final String ERP = "'Standard' or 'Admin' on the ERP Integrations tool";
    static final String PUSH = "the 'Can Push to Accounting' privilege";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PasswordEncoder encoder;

    UnlinkTestSupport t;
    long company;
    long harbor;
    long cco;

    @BeforeEach
    void setUp() {
        t = new UnlinkTestSupport(port, jdbc);
        company = t.demoCompanyId();
        harbor = t.projectId(company, "1002");
        cco = t.ccoId(company, "1002", "SC-001", "003");
        assertThat(t.link("cco_id", cco)).as("the demo CCO 1002 SC-001 003 is synced").isNotNull();
    }

    @Test
    void everyCombinationOfTheThreeConditions() {
        for (boolean commitmentsAdmin : new boolean[] {true, false}) {
            for (boolean erpStandard : new boolean[] {true, false}) {
                for (boolean canPush : new boolean[] {true, false}) {
                    String login = t.user(encoder, company, harbor, commitmentsAdmin ? "admin" : "standard",
                            erpStandard ? "standard" : "read_only", canPush);
                    long refusedBefore = t.auditCount("cco.unlink_refused", cco);
                    Reply r = t.post(login, UnlinkTestSupport.ccoUnlinkPath(company, cco), null);
                    String combo = "commitments admin=" + commitmentsAdmin + ", erp standard=" + erpStandard
                            + ", can push=" + canPush;
                    if (commitmentsAdmin && erpStandard && canPush) {
                        assertThat(r.status()).as(combo).isEqualTo(409);
                        assertThat(r.message()).as(combo)
                                .isEqualTo("The CCO is still in Acumatica. Please delete it before retrying");
                    } else {
                        assertThat(r.status()).as(combo).isEqualTo(403);
                        List<String> missing = new ArrayList<>();
                        if (!commitmentsAdmin) {
                            missing.add(COMMITMENTS);
                        }
                        if (!erpStandard) {
                            missing.add(ERP);
                        }
                        if (!canPush) {
                            missing.add(PUSH);
                        }
                        assertThat(r.message()).as(combo).contains(missing);
                        if (commitmentsAdmin) {
                            assertThat(r.message()).as(combo).doesNotContain(COMMITMENTS);
                        }
                        if (erpStandard) {
                            assertThat(r.message()).as(combo).doesNotContain(ERP);
                        }
                        if (canPush) {
                            assertThat(r.message()).as(combo).doesNotContain(PUSH);
                        }
                    }
                    assertThat(t.auditCount("cco.unlink_refused", cco)).as(combo).isEqualTo(refusedBefore + 1);
                    assertThat(t.link("cco_id", cco)).as(combo).isNotNull();
                    assertThat(t.export("cco_id", cco)).as(combo).containsEntry("state", "synced");
                }
            }
        }
    }

    @Test
    void erpIntegrationsAdminCountsAsStandardOrAdmin() {
        String login = t.user(encoder, company, harbor, "admin", "admin", true);
        Reply r = t.post(login, UnlinkTestSupport.ccoUnlinkPath(company, cco), null);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.message()).startsWith("The CCO is still in Acumatica");
    }

    @Test
    void demoUsersPmAndAccountantAreToldWhatTheyLack() {
        Reply pm = t.post("pm", UnlinkTestSupport.ccoUnlinkPath(company, cco), null);
        assertThat(pm.status()).isEqualTo(403);
        assertThat(pm.message()).contains(ERP, PUSH).doesNotContain(COMMITMENTS);

        Reply accountant = t.post("accountant", UnlinkTestSupport.ccoUnlinkPath(company, cco), null);
        assertThat(accountant.status()).isEqualTo(403);
        assertThat(accountant.message()).contains(COMMITMENTS).doesNotContain(ERP).doesNotContain(PUSH);

        assertThat(t.link("cco_id", cco)).isNotNull();
    }

    @Test
    void aCommitmentAdminOfAnotherProjectOnlyIsRefused() {
        long riverside = t.projectId(company, "1001");
        String login = t.user(encoder, company, riverside, "admin", "admin", true);
        Reply r = t.post(login, UnlinkTestSupport.ccoUnlinkPath(company, cco), null);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.message()).contains(COMMITMENTS).doesNotContain(ERP).doesNotContain(PUSH);
    }

    @Test
    void anotherCompanysCcoIsNotFound() {
        long other = otherCompanyWithACco();
        long otherCco = jdbc.sql("select id from commitment_change_order where company_id = :c")
                .param("c", other).query(Long.class).list().get(0);
        // through our company's URL: the CCO is not ours
        Reply viaOurs = t.post("approver", UnlinkTestSupport.ccoUnlinkPath(company, otherCco), null);
        assertThat(viaOurs.status()).isEqualTo(404);
        // through theirs: the company is not ours
        Reply viaTheirs = t.post("approver", UnlinkTestSupport.ccoUnlinkPath(other, otherCco), null);
        assertThat(viaTheirs.status()).isEqualTo(404);
        // a CCO that does not exist at all
        Reply missing = t.post("approver", UnlinkTestSupport.ccoUnlinkPath(company, Long.MAX_VALUE), null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(t.link("cco_id", otherCco)).isNotNull();
        assertThat(t.export("cco_id", otherCco)).containsEntry("state", "synced");
    }

    @Test
    void aCcoThatIsNotSyncedIsAConflict() {
        long notSent = t.ccoId(company, "1001", "SC-001", "003");
        Reply r = t.post("approver", UnlinkTestSupport.ccoUnlinkPath(company, notSent), null);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.message()).isEqualTo("This CCO is not synced with Acumatica");
    }

    @Test
    void unlinkNeedsSignIn() {
        var anonymous = new UnlinkTestSupport(port, jdbc).post("nobody-" + System.nanoTime(),
                UnlinkTestSupport.ccoUnlinkPath(company, cco), null);
        assertThat(anonymous.status()).isEqualTo(401);
    }

    /** A second company, with a synced CCO of its own (rows only; its ERP is never asked). */
    private long otherCompanyWithACco() {
        String suffix = Long.toString(System.nanoTime());
        long c = jdbc.sql("insert into company (name) values (:n) returning id").param("n", "Other " + suffix)
                .query(Long.class).single();
        long p = jdbc.sql("insert into project (company_id, number, name) values (:c, 'X1', 'Other project') returning id")
                .param("c", c).query(Long.class).single();
        long v = jdbc.sql("insert into vendor (company_id, name) values (:c, 'Other vendor') returning id")
                .param("c", c).query(Long.class).single();
        long m = jdbc.sql("""
                insert into commitment (company_id, project_id, vendor_id, kind, number, title, status)
                values (:c, :p, :v, 'subcontract', 'SC-1', 'Other subcontract', 'approved') returning id""")
                .param("c", c).param("p", p).param("v", v).query(Long.class).single();
        long cco = jdbc.sql("""
                insert into commitment_change_order (company_id, project_id, commitment_id, number, title, status)
                values (:c, :p, :m, '001', 'Other CCO', 'approved') returning id""")
                .param("c", c).param("p", p).param("m", m).query(Long.class).single();
        jdbc.sql("""
                insert into erp_export (company_id, record_type, cco_id, state, external_ref)
                values (:c, 'commitment_change_order', :id, 'synced', :ref)""")
                .param("c", c).param("id", cco).param("ref", "CW-" + c + "-CCO-" + cco).update();
        jdbc.sql("""
                insert into erp_link (company_id, record_type, cco_id, erp_key, external_ref)
                values (:c, 'commitment_change_order', :id, '000001', :ref)""")
                .param("c", c).param("id", cco).param("ref", "CW-" + c + "-CCO-" + cco).update();
        return c;
    }
}
