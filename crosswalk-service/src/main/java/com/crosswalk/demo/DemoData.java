package com.crosswalk.demo;

import com.crosswalk.audit.AuditLog;
import com.crosswalk.erp.sync.RecordType;
import com.crosswalk.erp.sync.RecordTypes;
import com.crosswalk.erp.sync.SyncRecords;
import com.crosswalk.erp.sync.SyncState;
import com.crosswalk.shared.SecretBox;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads the demo company of docs/demo-data.md (and a second company, Northwind Construction, so tenant isolation can
 * be seen) once: in one transaction, under an advisory lock, only when "Summit Ridge Builders" does not exist yet.
 * On every start it points the demo company's ERP connection at the emulator's current URL.
 */
@Component
public class DemoData {

    public static final String COMPANY = "Summit Ridge Builders";
    public static final String OTHER_COMPANY = "Northwind Construction";
    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final PasswordEncoder passwords;
    private final SecretBox secrets;
    private final AuditLog audit;
    private final SyncRecords sync;
    private final RecordTypes types;

    DemoData(JdbcClient jdbc, TransactionTemplate tx, PasswordEncoder passwords, SecretBox secrets, AuditLog audit,
            SyncRecords sync, RecordTypes types) {
        this.sync = sync;
        this.types = types;
        this.jdbc = jdbc;
        this.tx = tx;
        this.passwords = passwords;
        this.secrets = secrets;
        this.audit = audit;
    }

    /** @return true when the demo was loaded now, false when it was there already */
    public boolean load(String erpBaseUrl) {
        Boolean loaded = tx.execute(status -> {
            jdbc.sql("select pg_advisory_xact_lock(hashtext('crosswalk-demo-data'))").query(Object.class).single();
            boolean exists = jdbc.sql("select exists(select 1 from company where name = :n)").param("n", COMPANY)
                    .query(Boolean.class).single();
            if (exists) {
                jdbc.sql("""
                        update erp_connection set base_url = :url, updated_at = now()
                        where company_id = (select id from company where name = :n) and base_url <> :url""")
                        .param("url", erpBaseUrl).param("n", COMPANY).update();
                return false;
            }
            // one hash for every demo user: they share the password "demo", and each BCrypt hash costs ~0.2 s of start-up
            String demoPasswordHash = passwords.encode("demo");
            new Loader(erpBaseUrl, demoPasswordHash).summitRidge();
            new Loader(erpBaseUrl, demoPasswordHash).northwind();
            return true;
        });
        if (Boolean.TRUE.equals(loaded)) {
            log.info("Demo companies loaded; demo users approver, pm, accountant, operator, nw_admin (password 'demo')");
        }
        return Boolean.TRUE.equals(loaded);
    }

    private final class Loader {

        private final String erpBaseUrl;
        private long company;
        private final Map<String, Long> costCodes = new HashMap<>();
        private final Map<String, Long> costTypes = new HashMap<>();
        private final Map<String, Long> users = new HashMap<>();

        private final String demoPasswordHash;

        Loader(String erpBaseUrl, String demoPasswordHash) {
            this.erpBaseUrl = erpBaseUrl;
            this.demoPasswordHash = demoPasswordHash;
        }

        void summitRidge() {
            company = id("insert into company (name, erp_display_name) values (?, 'Acumatica') returning id", COMPANY);
            jdbc.sql("""
                    insert into erp_connection (company_id, erp_type, base_url, tenant, endpoint_name, endpoint_version,
                                                auth_mode, username, secret_encrypted, change_order_class)
                    values (?, 'acumatica', ?, 'Demo', 'Default', '24.200.001', 'cookie', 'admin', ?, 'COMMITMENT')""")
                    .params(company, erpBaseUrl, secrets.encrypt("demo")).update();
            costCode("01-100", "General Requirements", true);
            costCode("03-300", "Cast-in-Place Concrete", true);
            costCode("05-120", "Structural Steel", true);
            costCode("09-250", "Gypsum Board", true);
            costCode("26-050", "Electrical", true);
            costCode("99-999", "Unmapped", false);
            costType("L", "Labor");
            costType("M", "Material");
            costType("S", "Subcontract");
            costType("E", "Equipment");
            costType("O", "Other");

            long apex = vendor("Apex Concrete Co.");
            long ironclad = vendor("Ironclad Steel Erectors");
            long brightline = vendor("Brightline Electric");
            long riverside = project("1001", "Riverside Medical Office Building");
            long harbor = project("1002", "Harbor View Apartments");

            user("approver", "Avery Approver", "admin", "admin", true, "admin", riverside, harbor);
            user("pm", "Pat Manager", "read_only", "read_only", false, "admin", riverside, harbor);
            user("accountant", "Alex Accountant", "standard", "read_only", true, "standard", riverside, harbor);
            link("vendor", "vendor_id", apex, "APEXCON", null);
            link("vendor", "vendor_id", ironclad, "IRONCLAD", null);
            link("project", "project_id", riverside, "RIVERSIDE", null);
            link("project", "project_id", harbor, "HARBOR", null);
            if (!jdbc.sql("select exists(select 1 from app_user where login = 'operator')").query(Boolean.class).single()) {
                jdbc.sql("""
                        insert into app_user (login, display_name, email, password_hash, platform_operator)
                        values ('operator', 'Olive Operator', 'operator@crosswalk.example', ?, true)""")
                        .params(demoPasswordHash).update();
            }

            long sc1 = commitment(riverside, apex, "subcontract", "SC-001", "Concrete foundations and slab", "approved");
            long sc1l1 = line(sc1, 1, "03-300", "S", "Foundations", "250000.00");
            long sc1l2 = line(sc1, 2, "03-300", "S", "Slab on grade", "120000.00");
            link("commitment", "commitment_id", sc1, "SC0001", null);
            retainage(sc1, "10");
            long po1 = commitment(riverside, ironclad, "purchase_order", "PO-001", "Structural steel package", "approved");
            long po1l1 = line(po1, 1, "05-120", "M", "Structural steel package", "480000.00");
            link("commitment", "commitment_id", po1, "PO0001", null);
            long hsc1 = commitment(harbor, apex, "subcontract", "SC-001", "Foundations and podium", "approved");
            long hsc1l1 = line(hsc1, 1, "03-300", "S", "Foundations and podium", "310000.00");
            line(hsc1, 2, "01-100", "S", "General conditions", "40000.00");
            link("commitment", "commitment_id", hsc1, "SC0002", null);
            retainage(hsc1, "5");
            long hsc2 = commitment(harbor, brightline, "subcontract", "SC-002", "Electrical rough-in", "draft");
            long hsc2l1 = line(hsc2, 1, "26-050", "S", "Electrical rough-in", "205000.00");

            long pm = users.get("pm");
            long approver = users.get("approver");
            long c1 = cco(riverside, sc1, "001", "Added rebar at footings", "approved", "2026-01-12", sc1l1, "03-300", "12500.00");
            long c2 = cco(riverside, sc1, "002", "Slab thickening at column lines", "approved", "2026-01-26", sc1l2, "03-300", "8750.00");
            cco(riverside, sc1, "003", "Winter concrete heating", "approved", "2026-02-09", sc1l1, "03-300", "6200.00");
            cco(riverside, sc1, "004", "Pump truck standby", "draft", "2026-02-20", sc1l1, "03-300", "1450.00");
            cco(riverside, po1, "001", "Additional embed plates", "pending", "2026-01-30", po1l1, "05-120", "3300.00");
            long p2 = cco(riverside, po1, "002", "Galvanizing upgrade", "approved", "2026-02-04", po1l1, "05-120", "22000.00");
            cco(harbor, hsc1, "001", "Dewatering", "rejected", "2026-01-08", hsc1l1, "03-300", "9000.00");
            cco(harbor, hsc1, "002", "Duplicate entry", "void", "2026-01-09", hsc1l1, "03-300", "9000.00");
            long h3 = cco(harbor, hsc1, "003", "Formwork rental extension", "approved", "2026-01-20", hsc1l1, "03-300", "4800.00");
            cco(harbor, hsc2, "001", "Panel relocation", "approved", "2026-02-12", hsc2l1, "26-050", "2750.00");

            link("commitment_change_order", "cco_id", c1, "000001", "CW-DEMO-CCO-1");
            link("commitment_change_order", "cco_id", h3, "000002", "CW-DEMO-CCO-2");
            RecordType<?> ccoType = types.byRecordType("commitment_change_order");
            sync.seedExport(ccoType, company, c1, SyncState.SYNCED, "CW-DEMO-CCO-1", pm, approver, null, 1, null);
            sync.seedExport(ccoType, company, h3, SyncState.SYNCED, "CW-DEMO-CCO-2", pm, approver, null, 1, null);
            sync.seedExport(ccoType, company, c2, SyncState.READY_TO_EXPORT, "CW-DEMO-CCO-3", pm, null, null, 0, null);
            sync.seedExport(ccoType, company, p2, SyncState.FAILED, "CW-DEMO-CCO-4", pm, approver,
                    "Acumatica refused the change order: the purchase order PO0001 is on hold in Acumatica, "
                            + "so its lines cannot be changed. Take it off hold in Acumatica, then retry.", 5, "refused");
            // subcontractor invoices (docs/demo-data.md): Riverside SC-001 #1 synced and paid, #2 synced and unpaid
            // (with materials stored), #3 Draft; Harbor SC-001 #1 approved, 5 % retainage held, not sent
            RecordType<?> invType = types.byRecordType("requisition");
            long inv1 = invoice(riverside, sc1, 1, "2026-01-01", "2026-01-31", "paid", "63000.00",
                    new Object[][] {{sc1l1, "50000.00", "0", "10"}, {sc1l2, "20000.00", "0", "10"}});
            jdbc.sql("""
                    update requisition set amount_paid = 63000.00, paid_date = date '2026-02-20', check_numbers = 'CHK-1042',
                           payments_read_at = now() where id = ?""").params(inv1).update();
            long inv2 = invoice(riverside, sc1, 2, "2026-02-01", "2026-02-28", "approved", "49500.00",
                    new Object[][] {{sc1l1, "40000.00", "15000.00", "10"}});
            invoice(riverside, sc1, 3, "2026-03-01", "2026-03-31", "draft", "27000.00",
                    new Object[][] {{sc1l1, "30000.00", "15000.00", "10"}});
            invoice(harbor, hsc1, 1, "2026-01-01", "2026-01-31", "approved", "102600.00",
                    new Object[][] {{hsc1l1, "100000.00", "8000.00", "5"}});
            // Riverside SC-001 #4: a retainage release, approved, not sent — line 2's 2,000 held by #1's bill 000001
            long release = id("""
                    insert into requisition (company_id, project_id, commitment_id, number, kind, period_start, period_end,
                                             billing_date, status, title, description, current_payment_due, created_by)
                    values (?, ?, ?, 4, 'retainage_release', ?, ?, ?, 'approved', ?, ?, 2000.00, ?) returning id""",
                    company, riverside, sc1, LocalDate.parse("2026-03-15"), LocalDate.parse("2026-03-15"),
                    LocalDate.parse("2026-03-15"), "Invoice #4, retainage release 2026-03-15",
                    "Slab on grade accepted: its retainage released", users.get("pm"));
            jdbc.sql("""
                    insert into requisition_release_line (company_id, requisition_id, commitment_id, commitment_line_id, amount)
                    values (?, ?, ?, ?, 2000.00)""").params(company, release, sc1, sc1l2).update();
            link("requisition", "requisition_id", inv1, "000001", "CW-DEMO-INV-1");
            link("requisition", "requisition_id", inv2, "000002", "CW-DEMO-INV-2");
            sync.seedExport(invType, company, inv1, SyncState.SYNCED, "CW-DEMO-INV-1", pm, approver, null, 1, null);
            sync.seedExport(invType, company, inv2, SyncState.SYNCED, "CW-DEMO-INV-2", pm, approver, null, 1, null);
            // budget changes (docs/demo-data.md): Harbor 001 synced (Acumatica's change order 000003, released, cost
            // budget only), Riverside 001 Draft
            long bc1 = budgetChange(harbor, "001", "Extended site supervision", "approved", "2025-03-15", "01-100", "L", "01",
                    "6000.00");
            budgetChange(riverside, "001", "Electrical allowance for added feeders", "draft", "2026-03-02", "26-050", "S", null,
                    "12000.00");
            link("budget_change", "budget_change_id", bc1, "000003", "CW-DEMO-BGT-1");
            sync.seedExport(types.byRecordType("budget_change"), company, bc1, SyncState.SYNCED, "CW-DEMO-BGT-1", pm, approver,
                    null, 1, null);
            audit.record(company, null, "demo.loaded", "company", company, "Loaded the demo company " + COMPANY, null,
                    Map.of("erp_base_url", erpBaseUrl));
        }

        void northwind() {
            company = id("insert into company (name, erp_display_name) values (?, 'Acumatica') returning id", OTHER_COMPANY);
            costCode("03-300", "Cast-in-Place Concrete", false);
            costType("S", "Subcontract");
            long vendor = vendor("Northwind Concrete Partners");
            long project = project("2001", "Lakeside Distribution Center");
            user("nw_admin", "Nora Northwind", "admin", "admin", true, "admin", project);
            long commitment = commitment(project, vendor, "subcontract", "SC-001", "Site concrete", "approved");
            long l1 = line(commitment, 1, "03-300", "S", "Site concrete", "180000.00");
            cco(project, commitment, "001", "Extra curb and gutter", "draft", "2026-02-02", l1, "03-300", "5400.00");
            audit.record(company, null, "demo.loaded", "company", company, "Loaded the demo company " + OTHER_COMPANY,
                    null, null);
        }

        private long id(String sql, Object... params) {
            return jdbc.sql(sql).params(params).query(Long.class).single();
        }

        private void costCode(String code, String description, boolean inErp) {
            costCodes.put(code, id("""
                    insert into cost_code (company_id, code, description, erp_code, imported_at)
                    values (?, ?, ?, ?, case when ? then now() end) returning id""",
                    company, code, description, inErp ? code : null, inErp));
        }

        private void costType(String code, String name) {
            // the ERP account group the cost type stands for in Acumatica's project budget (the emulator's demo budget)
            String group = switch (code) {
                case "L" -> "LABOR";
                case "M" -> "MATERIAL";
                case "S" -> "SUBCON";
                default -> null;
            };
            costTypes.put(code, id("""
                    insert into cost_type (company_id, code, name, erp_code, erp_account_group) values (?, ?, ?, ?, ?) returning id""",
                    company, code, name, code, group));
        }

        private long vendor(String name) {
            return id("insert into vendor (company_id, name) values (?, ?) returning id", company, name);
        }

        private long project(String number, String name) {
            return id("insert into project (company_id, number, name) values (?, ?, ?) returning id", company, number, name);
        }

        private void user(String login, String name, String erp, String directory, boolean push, String commitments,
                long... projects) {
            long id = id("""
                    insert into app_user (company_id, login, display_name, email, password_hash, can_push_to_accounting,
                                          erp_integrations_level, directory_level)
                    values (?, ?, ?, ?, ?, ?, ?, ?) returning id""",
                    company, login, name, login + "@" + (login.startsWith("nw_") ? "northwind" : "summitridge") + ".example",
                    demoPasswordHash, push, erp, directory);
            for (long project : projects) {
                jdbc.sql("insert into project_permission (company_id, user_id, project_id, commitments_level) values (?, ?, ?, ?)")
                        .params(company, id, project, commitments).update();
            }
            users.put(login, id);
        }

        private long commitment(long project, long vendor, String kind, String number, String title, String status) {
            return id("""
                    insert into commitment (company_id, project_id, vendor_id, kind, number, title, status)
                    values (?, ?, ?, ?, ?, ?, ?) returning id""", company, project, vendor, kind, number, title, status);
        }

        private long line(long commitment, int number, String costCode, String costType, String description, String amount) {
            return id("""
                    insert into commitment_line (company_id, commitment_id, line_number, cost_code_id, cost_type_id,
                                                 description, amount)
                    values (?, ?, ?, ?, ?, ?, ?) returning id""",
                    company, commitment, number, costCodes.get(costCode), costTypes.get(costType),
                    description, new BigDecimal(amount));
        }

        private long cco(long project, long commitment, String number, String title, String status, String date,
                long sovLine, String costCode, String amount) {
            long id = id("""
                    insert into commitment_change_order (company_id, project_id, commitment_id, number, title, status,
                                                         change_date, description, created_by)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""",
                    company, project, commitment, number, title, status, LocalDate.parse(date), title + ".",
                    users.getOrDefault("pm", users.get("nw_admin")));
            String costType = jdbc.sql("select ct.code from commitment_line l join cost_type ct on ct.id = l.cost_type_id where l.id = ?")
                    .params(sovLine).query(String.class).single();
            jdbc.sql("""
                    insert into cco_line_item (company_id, cco_id, commitment_id, line_number, commitment_line_id,
                                               cost_code_id, cost_type_id, description, quantity, unit_cost, amount)
                    values (?, ?, ?, 1, ?, ?, ?, ?, 1, ?, ?)""")
                    .params(company, id, commitment, sovLine, costCodes.get(costCode), costTypes.get(costType), title,
                            new BigDecimal(amount), new BigDecimal(amount)).update();
            return id;
        }

        /** A subcontractor invoice with its lines {sov line id, work this period, materials stored, retainage %}. */
        private long invoice(long project, long commitment, int number, String start, String end, String status, String due,
                Object[][] lines) {
            long id = id("""
                    insert into requisition (company_id, project_id, commitment_id, number, period_start, period_end,
                                             billing_date, status, title, current_payment_due, created_by)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""",
                    company, project, commitment, number, LocalDate.parse(start), LocalDate.parse(end), LocalDate.parse(end),
                    status, "Invoice #" + number + ", " + start + " – " + end, new java.math.BigDecimal(due), users.get("pm"));
            for (Object[] l : lines) {
                java.math.BigDecimal pct = new java.math.BigDecimal((String) l[3]);
                jdbc.sql("""
                        insert into requisition_line (company_id, requisition_id, commitment_id, commitment_line_id,
                            work_this_period, materials_stored, work_retainage_percent, materials_retainage_percent)
                        values (?, ?, ?, ?, ?, ?, ?, ?)""").params(company, id, commitment, l[0],
                        new java.math.BigDecimal((String) l[1]), new java.math.BigDecimal((String) l[2]), pct, pct).update();
            }
            return id;
        }

        /** The commitment's retainage %, as its ERP subcontract has it (the emulator's SC0001 10 %, SC0002 5 %). */
        private void retainage(long commitment, String percent) {
            jdbc.sql("update commitment set retainage_percent = ? where id = ?").params(new java.math.BigDecimal(percent), commitment)
                    .update();
        }

        private long budgetChange(long project, String number, String title, String status, String date, String costCode,
                String costType, String task, String amount) {
            long id = id("""
                    insert into budget_change (company_id, project_id, number, title, description, change_date, status,
                                               approved_by, approved_at, created_by)
                    values (?, ?, ?, ?, ?, ?, ?, ?, case when cast(? as varchar) = 'approved' then now() end, ?) returning id""",
                    company, project, number, title, title + ".", LocalDate.parse(date), status,
                    "approved".equals(status) ? users.get("pm") : null, status, users.get("pm"));
            jdbc.sql("""
                    insert into budget_change_line (company_id, budget_change_id, line_number, cost_code_id, cost_type_id,
                                                    project_task, description, amount)
                    values (?, ?, 1, ?, ?, ?, ?, ?)""")
                    .params(company, id, costCodes.get(costCode), costTypes.get(costType), task, title, new BigDecimal(amount))
                    .update();
            return id;
        }

        private void link(String recordType, String column, long recordId, String erpKey, String externalRef) {
            sync.linkExisting(recordType, column, company, recordId, null, erpKey, externalRef, users.get("approver"),
                    java.time.OffsetDateTime.now().minusDays(2));
        }
    }

    /** Logins of the demo users, for tests and the README. */
    public static List<String> demoLogins() {
        return List.of("approver", "pm", "accountant", "operator", "nw_admin");
    }
}
