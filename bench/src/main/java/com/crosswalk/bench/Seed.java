package com.crosswalk.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * Set-up data written straight into the service's tables (the benchmarks measure export and reads, not data entry).
 * Users sign in with personal access tokens (only their SHA-256 is stored), as REST clients do.
 */
final class Seed {

    /** A company with one user who may do everything (ERP Integrations Admin, Can Push to Accounting, Commitments Admin). */
    record Company(long id, long userId, String token, long costCodeId, long costTypeId) {
    }

    /** The export company's linked commitment (Subcontract SC0001 of the emulator's demo data, line 1). */
    record Linked(long projectId, long commitmentId, long commitmentLineId) {
    }

    /** The seeded users' password (stored as {noop}: the form sign-in is only used to read /actuator/prometheus). */
    static final String PASSWORD = "bench-only";

    private Seed() {
    }

    static long one(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    static Company company(Connection c, String name, String login) throws Exception {
        long company = one(c, "insert into company (name) values (?) returning id", name);
        long user = one(c, """
                insert into app_user (company_id, login, display_name, email, password_hash, can_push_to_accounting,
                                      erp_integrations_level, directory_level)
                values (?, ?, ?, ?, ?, true, 'admin', 'admin') returning id""", company, login, "Bench " + login,
                login + "@bench.example", "{noop}" + PASSWORD);
        byte[] raw = new byte[24];
        new SecureRandom().nextBytes(raw);
        String token = "cwb_" + HexFormat.of().formatHex(raw);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(StandardCharsets.UTF_8)));
        update(c, "insert into access_token (user_id, name, token_sha256, created_by) values (?, 'bench', ?, ?)", user,
                sha, user);
        long costCode = one(c, "insert into cost_code (company_id, code, description, erp_code, imported_at) "
                + "values (?, '03-300', 'Cast-in-Place Concrete', '03-300', now()) returning id", company);
        long costType = one(c, "insert into cost_type (company_id, code, name, erp_code) values (?, 'S', 'Subcontract', 'S') "
                + "returning id", company);
        return new Company(company, user, token, costCode, costType);
    }

    /** Project 1001 → RIVERSIDE, vendor → APEXCON, subcontract SC-001 → SC0001 with line 1 (all as in the emulator's demo). */
    static Linked exportCommitment(Connection c, Company co) throws SQLException {
        long vendor = one(c, "insert into vendor (company_id, name) values (?, 'Apex Concrete Co.') returning id", co.id());
        long project = one(c, "insert into project (company_id, number, name) values (?, '1001', "
                + "'Riverside Medical Office Building') returning id", co.id());
        update(c, "insert into project_permission (company_id, user_id, project_id, commitments_level) values (?, ?, ?, 'admin')",
                co.id(), co.userId(), project);
        long commitment = one(c, """
                insert into commitment (company_id, project_id, vendor_id, kind, number, title, status)
                values (?, ?, ?, 'subcontract', 'SC-001', 'Concrete foundations and slab', 'approved') returning id""",
                co.id(), project, vendor);
        long line = one(c, """
                insert into commitment_line (company_id, commitment_id, line_number, cost_code_id, cost_type_id,
                                             description, amount)
                values (?, ?, 1, ?, ?, 'Foundations', 250000.00) returning id""", co.id(), commitment, co.costCodeId(),
                co.costTypeId());
        update(c, "insert into erp_link (company_id, record_type, vendor_id, erp_key) values (?, 'vendor', ?, 'APEXCON')",
                co.id(), vendor);
        update(c, "insert into erp_link (company_id, record_type, project_id, erp_key) values (?, 'project', ?, 'RIVERSIDE')",
                co.id(), project);
        update(c, "insert into erp_link (company_id, record_type, commitment_id, erp_key) values (?, 'commitment', ?, 'SC0001')",
                co.id(), commitment);
        return new Linked(project, commitment, line);
    }

    /**
     * {@code n} approved CCOs (numbers {@code from+1 .. from+n}) of one line (+10.00 on SOV line 1), each sent to the
     * ERP (Ready to Export). Returns the first CCO id; the ids are consecutive.
     */
    static long readyCcos(Connection c, Company co, Linked l, int from, int n) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("create temp table if not exists new_cco (id bigint) on commit drop");
            update(c, """
                    with ins as (
                      insert into commitment_change_order (company_id, project_id, commitment_id, number, title, status,
                                                           change_date, created_by)
                      select ?, ?, ?, lpad(g::text, 6, '0'), 'Bench change ' || g, 'approved', current_date, ?
                      from generate_series(?, ?) g order by g returning id)
                    insert into new_cco select id from ins""", co.id(), l.projectId(), l.commitmentId(), co.userId(),
                    from + 1, from + n);
            update(c, """
                    insert into cco_line_item (company_id, cco_id, commitment_id, line_number, commitment_line_id,
                                               cost_code_id, cost_type_id, description, quantity, unit_cost, amount)
                    select ?, id, ?, 1, ?, ?, ?, 'Bench line', 1, 10, 10.00 from new_cco""", co.id(), l.commitmentId(),
                    l.commitmentLineId(), co.costCodeId(), co.costTypeId());
            update(c, """
                    insert into erp_export (company_id, record_type, cco_id, state, external_ref, generation, sent_by, sent_at)
                    select ?, 'commitment_change_order', id, 'ready_to_export', 'CW-' || ? || '-CCO-' || id || '-1', 1, ?, now()
                    from new_cco""", co.id(), co.id(), co.userId());
            long first = one(c, "select min(id) from new_cco");
            c.commit();
            return first;
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /**
     * {@code n} approved subcontractor invoices of the linked subcontract (numbers {@code from+1 .. from+n}), each
     * billing 10.00 of work on SOV line 1 with 10 % retainage — the retainage SC0001 holds in the emulator's demo, so the
     * bill Acumatica computes (9.00 after 1.00 retained) is the one Crosswalk shows — and sent to the ERP (Ready to
     * Export). Returns the first invoice id; the ids are consecutive.
     */
    static long readyBills(Connection c, Company co, Linked l, int from, int n) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            update(c, "update commitment set retainage_percent = 10 where id = ?", l.commitmentId());
            s.execute("create temp table if not exists new_req (id bigint) on commit drop");
            update(c, """
                    with ins as (
                      insert into requisition (company_id, project_id, commitment_id, number, period_start, period_end,
                                               billing_date, status, title, current_payment_due, created_by)
                      select ?, ?, ?, g, current_date - g, current_date - g, current_date, 'approved',
                             'Bench invoice #' || g, 9.00, ?
                      from generate_series(?, ?) g order by g returning id)
                    insert into new_req select id from ins""", co.id(), l.projectId(), l.commitmentId(), co.userId(),
                    from + 1, from + n);
            update(c, """
                    insert into requisition_line (company_id, requisition_id, commitment_id, commitment_line_id,
                                                  work_this_period, materials_stored, work_retainage_percent,
                                                  materials_retainage_percent)
                    select ?, id, ?, ?, 10.00, 0, 10, 10 from new_req""", co.id(), l.commitmentId(),
                    l.commitmentLineId());
            update(c, """
                    insert into erp_export (company_id, record_type, requisition_id, state, external_ref, generation,
                                            sent_by, sent_at)
                    select ?, 'requisition', id, 'ready_to_export', 'CW-' || ? || '-INV-' || id || '-1', 1, ?, now()
                    from new_req""", co.id(), co.id(), co.userId());
            long first = one(c, "select min(id) from new_req");
            c.commit();
            return first;
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /**
     * A project linked to the ERP's {@code erpProject}, with the cost codes {@code 40-000 ..} of its budget lines and the
     * company's cost type mapped to account group SUBCON; returns the project id.
     */
    static long budgetProject(Connection c, Company co, String erpProject, int lines) throws SQLException {
        update(c, "update cost_type set erp_account_group = 'SUBCON' where id = ?", co.costTypeId());
        update(c, """
                insert into cost_code (company_id, code, description, erp_code, imported_at)
                select ?, code, 'Bench code', code, now() from (select format('%s-%s', lpad((40 + g / 100)::text, 2, '0'),
                       lpad((g % 100)::text, 3, '0')) as code from generate_series(0, ? - 1) g) x
                on conflict do nothing""", co.id(), lines);
        long project = one(c, "insert into project (company_id, number, name) values (?, ?, ?) returning id", co.id(),
                erpProject, lines + " cost codes");
        update(c, "insert into erp_link (company_id, record_type, project_id, erp_key) values (?, 'project', ?, ?)",
                co.id(), project, erpProject);
        update(c, "insert into project_permission (company_id, user_id, project_id, commitments_level) values (?, ?, ?, 'admin')",
                co.id(), co.userId(), project);
        return project;
    }

    /**
     * A large contractor: {@code projects} projects, {@code commitments} subcontracts (one SOV line each),
     * {@code synced} CCOs exported and linked (one line each, ERP keys {@code Xnnnnnnn} that the ERP does not have, so
     * unlink succeeds), and {@code ready} CCOs in Ready to Export. Set-based SQL (generate_series), then VACUUM ANALYZE.
     */
    static void largeContractor(Connection c, Company co, int projects, int commitments, int synced, int ready)
            throws SQLException {
        int vendors = Math.max(1, commitments / 10);
        int ccosPerCommitment = (synced + ready + commitments - 1) / commitments;
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            long company = co.id();
            s.execute("insert into vendor (company_id, name) select " + company + ", 'Vendor ' || lpad(g::text, 5, '0') "
                    + "from generate_series(1, " + vendors + ") g");
            s.execute("insert into project (company_id, number, name) select " + company + ", lpad(g::text, 4, '0'), "
                    + "(array['Riverside','Harbor','Summit','Lakeside','Granite','Cedar','Meadow','Canyon'])[1 + g % 8] "
                    + "|| ' ' || (array['Medical Office','Apartments','School','Warehouse','Tower','Clinic'])[1 + g % 6] "
                    + "|| ' ' || g from generate_series(1, " + projects + ") g");
            s.execute("insert into project_permission (company_id, user_id, project_id, commitments_level) select "
                    + company + ", " + co.userId() + ", id, 'admin' from project where company_id = " + company);
            s.execute("create temp table p_ids as select id, row_number() over (order by id) - 1 as k from project "
                    + "where company_id = " + company);
            s.execute("create temp table v_ids as select id, row_number() over (order by id) - 1 as k from vendor "
                    + "where company_id = " + company);
            s.execute("insert into commitment (company_id, project_id, vendor_id, kind, number, title, status) select "
                    + company + ", p.id, v.id, 'subcontract', 'SC-' || lpad(g::text, 5, '0'), "
                    + "(array['Concrete','Steel','Drywall','Electrical','Plumbing','Roofing','Glazing','Sitework'])[1 + g % 8] "
                    + "|| ' package ' || g, 'approved' from generate_series(0, " + (commitments - 1) + ") g "
                    + "join p_ids p on p.k = g % " + projects + " join v_ids v on v.k = g % " + vendors);
            s.execute("insert into commitment_line (company_id, commitment_id, line_number, cost_code_id, cost_type_id, "
                    + "description, amount) select " + company + ", id, 1, " + co.costCodeId() + ", " + co.costTypeId()
                    + ", 'Base scope', 500000 from commitment where company_id = " + company);
            s.execute("create temp table c_ids as select c.id, c.project_id, l.id as line_id, "
                    + "row_number() over (order by c.id) - 1 as k from commitment c join commitment_line l "
                    + "on l.commitment_id = c.id where c.company_id = " + company);
            int total = synced + ready;
            s.execute("insert into commitment_change_order (company_id, project_id, commitment_id, number, title, status, "
                    + "change_date, created_by, created_at) select " + company + ", c.project_id, c.id, "
                    + "lpad((g / " + commitments + " + 1)::text, 3, '0'), "
                    + "(array['Added rebar at footings','Slab thickening','Winter concrete heating','Pump truck standby',"
                    + "'Galvanizing upgrade','Dewatering','Formwork rental extension','Panel relocation',"
                    + "'Door hardware change','Owner requested finish upgrade'])[1 + (g / 7) % 10] || ' ' || g, "
                    + "'approved', date '2024-01-01' + (g % 700), " + co.userId() + ", now() - (" + total + " - g) * interval '1 minute' "
                    + "from generate_series(0, " + (total - 1) + ") g join c_ids c on c.k = g % " + commitments);
            s.execute("create temp table cco_ids as select id, commitment_id, row_number() over (order by id) as k "
                    + "from commitment_change_order where company_id = " + company);
            s.execute("insert into cco_line_item (company_id, cco_id, commitment_id, line_number, commitment_line_id, "
                    + "cost_code_id, cost_type_id, description, quantity, unit_cost, amount) select " + company
                    + ", x.id, x.commitment_id, 1, c.line_id, " + co.costCodeId() + ", " + co.costTypeId()
                    + ", 'Change', 1, 100 + x.k % 9000, 100 + x.k % 9000 from cco_ids x join c_ids c on c.id = x.commitment_id");
            s.execute("insert into erp_export (company_id, record_type, cco_id, state, external_ref, generation, sent_by, "
                    + "sent_at, accepted_by, accepted_at, attempts, synced_at, synced_by, updated_at) select " + company
                    + ", 'commitment_change_order', id, 'synced', 'CW-" + company + "-CCO-' || id || '-1', 1, "
                    + co.userId() + ", now() - (" + total + " - k) * interval '1 minute', " + co.userId()
                    + ", now() - (" + total + " - k) * interval '1 minute', 1, now() - (" + total
                    + " - k) * interval '1 minute', " + co.userId() + ", now() - (" + total + " - k) * interval '1 minute'"
                    + " from cco_ids where k <= " + synced);
            s.execute("insert into erp_link (company_id, record_type, cco_id, erp_key, external_ref, erp_status, "
                    + "linked_at, linked_by) select " + company + ", 'commitment_change_order', id, "
                    + "'X' || lpad(k::text, 7, '0'), 'CW-" + company + "-CCO-' || id || '-1', 'present', "
                    + "now() - (" + total + " - k) * interval '1 minute', " + co.userId() + " from cco_ids where k <= "
                    + synced);
            s.execute("insert into erp_export (company_id, record_type, cco_id, state, external_ref, generation, sent_by, "
                    + "sent_at, updated_at) select " + company + ", 'commitment_change_order', id, 'ready_to_export', "
                    + "'CW-" + company + "-CCO-' || id || '-1', 1, " + co.userId() + ", now() - (" + total
                    + " - k) * interval '1 minute', now() - (" + total + " - k) * interval '1 minute' from cco_ids where k > "
                    + synced);
            s.execute("drop table p_ids, v_ids, c_ids, cco_ids");
            c.commit();
            if (ccosPerCommitment > 999) {
                throw new IllegalArgumentException("too many CCOs per commitment");
            }
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
        try (Statement s = c.createStatement()) {
            // What autovacuum does within a minute or two of a bulk load in normal use: statistics, and the
            // visibility map that lets the list queries' index-only scans skip the table. Timing the lists before
            // it has run would measure the seeding, not the lists.
            s.execute("vacuum analyze");
        }
    }
}
