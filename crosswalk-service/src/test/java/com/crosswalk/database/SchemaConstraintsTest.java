package com.crosswalk.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.crosswalk.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Rules that protect the books hold in the database itself, whatever the Java code does. */
@IntegrationTest
class SchemaConstraintsTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    private long id(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    /** Runs the statement in a transaction that is rolled back either way, so nothing the test does stays. */
    private void refused(String sql, Object... params) {
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
            try {
                jdbc.sql(sql).params(params).update();
            } finally {
                s.setRollbackOnly();
            }
        })).isInstanceOf(DataAccessException.class);
    }

    @Test
    void aCcoLineCannotPointAtAnotherCommitmentsSovLine() {
        long cco = id("""
                select o.id from commitment_change_order o join commitment c on c.id = o.commitment_id
                join project p on p.id = c.project_id where p.number = '1001' and c.number = 'SC-001' order by o.id limit 1""");
        long poLine = id("""
                select l.id from commitment_line l join commitment c on c.id = l.commitment_id
                join project p on p.id = c.project_id where p.number = '1001' and c.number = 'PO-001'""");
        long sc = id("select commitment_id from commitment_change_order where id = " + cco);
        long company = id("select company_id from commitment_change_order where id = " + cco);
        refused("""
                insert into cco_line_item (company_id, cco_id, commitment_id, line_number, commitment_line_id, amount)
                values (?, ?, ?, 99, ?, 1)""", company, cco, sc, poLine);
        long poId = id("select commitment_id from commitment_line where id = " + poLine);
        // claiming the other commitment in the line does not help: the line must match its CCO's commitment
        refused("""
                insert into cco_line_item (company_id, cco_id, commitment_id, line_number, commitment_line_id, amount)
                values (?, ?, ?, 99, ?, 1)""", company, cco, poId, poLine);
    }

    @Test
    void aRowCannotPointAtAnotherCompanysRecord() {
        long northwind = id("select id from company where name = 'Northwind Construction'");
        long summitProject = id("select id from project where number = '1001'");
        long northwindVendor = id("select id from vendor where company_id = " + northwind);
        refused("""
                insert into commitment (company_id, project_id, vendor_id, kind, number, title)
                values (?, ?, ?, 'subcontract', 'X-1', 'cross-company')""", northwind, summitProject, northwindVendor);
    }

    @Test
    void theAuditLogIsAppendOnly() {
        long event = id("select max(id) from audit_event");
        refused("update audit_event set summary = 'rewritten' where id = ?", event);
        refused("delete from audit_event where id = ?", event);
        refused("truncate audit_event");
        assertThat(jdbc.sql("select count(*) from audit_event where id = ?").params(event).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void aPlatformOperatorHasNoCompanyAndNoToolLevels() {
        long company = id("select id from company where name = 'Summit Ridge Builders'");
        refused("insert into app_user (company_id, login, display_name, platform_operator) values (?, 'op-with-co', 'X', true)",
                company);
        refused("insert into app_user (login, display_name, platform_operator) values ('user-without-co', 'X', false)");
        refused("""
                insert into app_user (login, display_name, platform_operator, can_push_to_accounting)
                values ('op-push', 'X', true, true)""");
    }

    @Test
    void aRecordIsLinkedAtMostOnceAndAnErpRecordToOneRecord() {
        long company = id("select company_id from erp_link where record_type = 'commitment_change_order' order by cco_id limit 1");
        long syncedCco = id("select min(cco_id) from erp_link where record_type = 'commitment_change_order'");
        String syncedKey = jdbc.sql("select erp_key from erp_link where cco_id = ?").params(syncedCco).query(String.class).single();
        long draftCco = id("""
                select min(o.id) from commitment_change_order o
                where o.company_id = %d and not exists (select 1 from erp_link l where l.cco_id = o.id)""".formatted(company));
        refused("insert into erp_link (company_id, record_type, cco_id, erp_key) values (?, 'commitment_change_order', ?, '000099')",
                company, syncedCco);
        refused("insert into erp_link (company_id, record_type, cco_id, erp_key) values (?, 'commitment_change_order', ?, ?)",
                company, draftCco, syncedKey);
        refused("insert into erp_link (company_id, record_type, cco_id, project_id, erp_key) values (?, 'commitment_change_order', ?, ?, 'Z')",
                company, draftCco, id("select id from project where number = '1001'"));
        refused("delete from commitment_change_order where id = ?", syncedCco);
    }
}
