package com.crosswalk.erp.reference;

import com.crosswalk.audit.AuditLog;
import com.crosswalk.directory.PermissionLevel;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.erp.connector.ErpRecordRef;
import com.crosswalk.erp.connector.ErpReference;
import com.crosswalk.erp.connector.ProjectExport;
import com.crosswalk.erp.connector.VendorExport;
import com.crosswalk.jobs.JobStart;
import com.crosswalk.jobs.Jobs;
import com.crosswalk.shared.BadRequestException;
import com.crosswalk.shared.ConflictException;
import com.crosswalk.shared.NotFoundException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reference data shared with the ERP: cost codes imported from it; vendors and projects with their ERP link, linked
 * to existing ERP records (chosen from the ERP's list) or exported to it. Reading: ERP Integrations Read Only+;
 * changing: Standard+. A vendor or project is linked at most once, and an ERP record to at most one of ours
 * ({@link ConflictException}; the unique constraints of erp_link are the backstop). Called by the REST API
 * ({@link ReferenceController}) and the ERP Integrations pages alike.
 */
@Service
public class References {

    private final JdbcClient jdbc;
    private final Permissions permissions;
    private final ErpConnectors connectors;
    private final AuditLog audit;
    private final Jobs jobs;
    private final TransactionTemplate tx;

    References(JdbcClient jdbc, Permissions permissions, ErpConnectors connectors, AuditLog audit, Jobs jobs,
            TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.permissions = permissions;
        this.connectors = connectors;
        this.audit = audit;
        this.jobs = jobs;
        this.tx = tx;
    }

    /** Job kinds of this feature: the ERP is asked on a job's thread, never on a request thread. */
    static final String IMPORT_KIND = "cost_code_import";
    static final String LINK_KIND = "reference_link";
    static final String EXPORT_KIND = "reference_export";

    /** A link or export job's input. */
    record LinkInput(Ref ref, long id, String erpKey) {
    }

    /** Rows (id, name, number for projects, erp_key, linked_at) and the total count of the view. */
    public record Page(List<Map<String, Object>> rows, long total, int perPage) {
    }

    public enum Ref {
        VENDOR("vendor", "vendor_id", "vendor", "name"), PROJECT("project", "project_id", "project", "number");

        final String type;
        final String column;
        final String table;
        final String order;

        Ref(String type, String column, String table, String order) {
            this.type = type;
            this.column = column;
            this.table = table;
            this.order = order;
        }
    }

    // ---- cost codes ------------------------------------------------------------------------------------------

    /**
     * Starts importing the cost codes from the ERP as a job (ERP Integrations Standard+), or answers the import
     * already running.
     */
    public JobStart startCostCodeImport(SignedInUser user, long companyId) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.STANDARD);
        return jobs.start(user, companyId, IMPORT_KIND, null);
    }

    /**
     * The import (a job's work): asks the ERP for its cost codes, holding no transaction, then marks the company's
     * cost codes the ERP has (erp_code, imported_at), adds the missing ones and clears the rest in one transaction.
     */
    Map<String, Object> importCostCodes(SignedInUser user, long companyId) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.STANDARD);
        List<ErpReference> erp = connectors.forCompany(companyId).listCostCodes();
        return applyCostCodes(user, companyId, erp);
    }

    private Map<String, Object> applyCostCodes(SignedInUser user, long companyId, List<ErpReference> erp) {
        return tx.execute(status -> writeCostCodes(user, companyId, erp));
    }

    private Map<String, Object> writeCostCodes(SignedInUser user, long companyId, List<ErpReference> erp) {
        int added = 0;
        int matched = 0;
        for (ErpReference c : erp) {
            int updated = jdbc.sql("""
                    update cost_code set erp_code = :code, imported_at = now()
                    where company_id = :c and code = :code""").param("c", companyId).param("code", c.key()).update();
            if (updated == 0) {
                jdbc.sql("""
                        insert into cost_code (company_id, code, description, erp_code, imported_at)
                        values (:c, :code, :d, :code, now())""").param("c", companyId).param("code", c.key())
                        .param("d", c.name() == null ? "" : c.name()).update();
                added++;
            } else {
                matched++;
            }
        }
        List<String> keys = erp.stream().map(ErpReference::key).toList();
        int cleared = jdbc.sql("update cost_code set erp_code = null where company_id = :c and erp_code is not null"
                + (keys.isEmpty() ? "" : " and code not in (:keys)")).param("c", companyId)
                .param("keys", keys.isEmpty() ? List.of("") : keys).update();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("in_erp", erp.size());
        result.put("matched", matched);
        result.put("added", added);
        result.put("no_longer_in_erp", cleared);
        audit.record(companyId, user, "cost_codes.imported", "company", companyId,
                "Imported cost codes from " + connectors.displayName(companyId), null, result);
        return result;
    }

    // ---- vendors and projects --------------------------------------------------------------------------------

    /** One page of the {@code linked} or {@code unlinked} vendors or projects. */
    public Page list(SignedInUser user, long companyId, Ref r, String view, int page, int perPage) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.READ_ONLY);
        if (perPage < 1 || perPage > 1000 || page < 1) {
            throw new BadRequestException("'per_page' must be between 1 and 1000 and 'page' 1 or more");
        }
        if (!view.equals("linked") && !view.equals("unlinked")) {
            throw new BadRequestException("'view' must be linked or unlinked");
        }
        return query(companyId, r, view, page, perPage);
    }

    /** All of the company's vendors or projects, linked or not, with their link (the ERP Integrations tabs). */
    public List<Map<String, Object>> all(SignedInUser user, long companyId, Ref r) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.READ_ONLY);
        return query(companyId, r, "all", 1, Integer.MAX_VALUE).rows();
    }

    /** One of the company's vendors or projects with its link (a row of the ERP Integrations tabs). */
    public Map<String, Object> one(SignedInUser user, long companyId, Ref r, long id) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.READ_ONLY);
        return query(companyId, r, "id:" + id, 1, 1).rows().stream().findFirst()
                .orElseThrow(() -> new NotFoundException(r.type + " " + id + " not found"));
    }

    private Page query(long companyId, Ref r, String view, int page, int perPage) {
        String where = " from " + r.table + " t left join erp_link l on l." + r.column + " = t.id where t.company_id = :c"
                + (view.equals("linked") ? " and l.id is not null" : view.equals("unlinked") ? " and l.id is null"
                : view.startsWith("id:") ? " and t.id = " + Long.parseLong(view.substring(3)) : "");
        String cols = r == Ref.VENDOR ? "t.id, t.name, null as number" : "t.id, t.name, t.number";
        List<Map<String, Object>> rows = jdbc.sql("select " + cols + ", l.erp_key, l.linked_at" + where
                        + " order by t." + r.order + ", t.id limit :n offset :o")
                .param("c", companyId).param("n", perPage).param("o", (long) (page - 1) * perPage)
                .query((rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getLong(1));
                    m.put("name", rs.getString(2));
                    if (r == Ref.PROJECT) {
                        m.put("number", rs.getString(3));
                    }
                    m.put("erp_key", rs.getString(4));
                    m.put("linked_at", rs.getObject(5, java.time.OffsetDateTime.class));
                    return m;
                }).list();
        long total = jdbc.sql("select count(*)" + where).param("c", companyId).query(Long.class).single();
        return new Page(rows, total, perPage);
    }

    /** The ERP's own list, to choose from when linking; {@code linked_to} says which of ours holds each. */
    public List<Map<String, Object>> erpList(SignedInUser user, long companyId, Ref r) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.READ_ONLY);
        List<ErpReference> erp = r == Ref.VENDOR ? connectors.forCompany(companyId).listVendors()
                : connectors.forCompany(companyId).listProjects();
        Map<String, Long> linked = new LinkedHashMap<>();
        jdbc.sql("select erp_key, " + r.column + " from erp_link where company_id = :c and record_type = :t")
                .param("c", companyId).param("t", r.type).query(rs -> {
                    linked.put(rs.getString(1), rs.getLong(2));
                });
        return erp.stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("erp_key", e.key());
            m.put("name", e.name());
            m.put("linked_to", linked.get(e.key()));
            return m;
        }).toList();
    }

    /**
     * Starts linking a vendor or project to an existing ERP record as a job (ERP Integrations Standard+): refused at
     * once when the record does not exist, the key is missing, or it is linked already; the job then checks the key
     * is in the ERP's list and links it. A second click while it runs answers the running job.
     */
    public JobStart startLink(SignedInUser user, long companyId, Ref r, long id, String erpKey) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.STANDARD);
        nameOf(r, companyId, id);
        if (erpKey == null || erpKey.isBlank()) {
            throw new BadRequestException("erp_key is required");
        }
        if (erpKey.trim().length() > 100) {
            throw new BadRequestException("erp_key must be at most 100 characters");
        }
        requireNotLinked(r, id, connectors.displayName(companyId));
        return jobs.start(user, companyId, LINK_KIND, r.type + ":" + id, new LinkInput(r, id, erpKey.trim()));
    }

    /**
     * Starts creating the vendor or project in the ERP (adopting one with that key if present) and linking it, as a
     * job (ERP Integrations Standard+).
     */
    public JobStart startExport(SignedInUser user, long companyId, Ref r, long id, String erpKey) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.STANDARD);
        nameOf(r, companyId, id);
        if (erpKey != null && erpKey.trim().length() > 100) {
            throw new BadRequestException("erp_key must be at most 100 characters");
        }
        requireNotLinked(r, id, connectors.displayName(companyId));
        return jobs.start(user, companyId, EXPORT_KIND, r.type + ":" + id,
                new LinkInput(r, id, erpKey == null || erpKey.isBlank() ? null : erpKey.trim()));
    }

    /** Link to an existing ERP record (a job's work): the ERP's list is asked first, then the link written. */
    Map<String, Object> link(SignedInUser user, long companyId, Ref r, long id, String erpKey) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.STANDARD);
        String name = nameOf(r, companyId, id);
        if (erpKey == null || erpKey.isBlank()) {
            throw new BadRequestException("erp_key is required");
        }
        String erpName = connectors.displayName(companyId);
        List<ErpReference> erp = r == Ref.VENDOR ? connectors.forCompany(companyId).listVendors()
                : connectors.forCompany(companyId).listProjects();
        if (erp.stream().noneMatch(e -> e.key().equals(erpKey.trim()))) {
            throw new ConflictException(erpName + " has no " + r.type + " " + erpKey.trim());
        }
        return writeLink(user, companyId, r, id, name, new ErpRecordRef(erpKey.trim(), null, null),
                "link.created", "Linked to existing " + erpName + " " + r.type + " ");
    }

    /** Create the vendor or project in the ERP (a job's work), then write the link. */
    Map<String, Object> export(SignedInUser user, long companyId, Ref r, long id, String erpKey) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.STANDARD);
        String name = nameOf(r, companyId, id);
        requireNotLinked(r, id, connectors.displayName(companyId));
        String key = erpKey != null && !erpKey.isBlank() ? erpKey.trim() : defaultKey(r, companyId, id, name);
        ErpRecordRef ref = r == Ref.VENDOR ? connectors.forCompany(companyId).exportVendor(new VendorExport(key, name))
                : connectors.forCompany(companyId).exportProject(new ProjectExport(key, name, "CW-" + companyId + "-P-" + id));
        return writeLink(user, companyId, r, id, name, ref, "export.synced",
                "Exported to " + connectors.displayName(companyId) + " as ");
    }

    /** The link and its audit event in one transaction (the checks repeated there). */
    private Map<String, Object> writeLink(SignedInUser user, long companyId, Ref r, long id, String name,
            ErpRecordRef ref, String action, String summary) {
        return tx.execute(status -> insertLink(user, companyId, r, id, name, ref, action, summary));
    }

    private Map<String, Object> insertLink(SignedInUser user, long companyId, Ref r, long id, String name,
            ErpRecordRef ref, String action, String summary) {
        String erpName = connectors.displayName(companyId);
        requireNotLinked(r, id, erpName);
        Long other = jdbc.sql("select " + r.column + " from erp_link where company_id = :c and record_type = :t "
                        + "and erp_key = :k").param("c", companyId).param("t", r.type).param("k", ref.key())
                .query(Long.class).optional().orElse(null);
        if (other != null) {
            throw new ConflictException("The " + erpName + " " + r.type + " " + ref.key()
                    + " is already linked to another " + r.type + " (" + nameOf(r, companyId, other) + ")");
        }
        try {
            jdbc.sql("insert into erp_link (company_id, record_type, " + r.column + ", erp_id, erp_key, external_ref, "
                            + "linked_by) values (:c, :t, :id, :erpId, :k, :ext, :by)")
                    .param("c", companyId).param("t", r.type).param("id", id).param("erpId", ref.erpId())
                    .param("k", ref.key()).param("ext", ref.externalRef()).param("by", user.id()).update();
        } catch (DuplicateKeyException e) {
            throw new ConflictException("This " + r.type + " or the " + erpName + " " + r.type + " " + ref.key()
                    + " was linked meanwhile");
        }
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("id", id);
        after.put("name", name);
        after.put("erp_key", ref.key());
        audit.record(companyId, user, action, r.type, id, summary + ref.key(), null, after);
        return after;
    }

    private void requireNotLinked(Ref r, long id, String erpName) {
        jdbc.sql("select erp_key from erp_link where " + r.column + " = :id").param("id", id).query(String.class)
                .optional().ifPresent(k -> {
                    throw new ConflictException("This " + r.type + " is already linked to " + erpName + " (" + k + ")");
                });
    }

    private String nameOf(Ref r, long companyId, long id) {
        return jdbc.sql("select name from " + r.table + " where id = :id and company_id = :c").param("id", id)
                .param("c", companyId).query(String.class).optional()
                .orElseThrow(() -> new NotFoundException(r.type + " " + id + " not found"));
    }

    private String defaultKey(Ref r, long companyId, long id, String name) {
        if (r == Ref.PROJECT) {
            return jdbc.sql("select number from project where id = :id").param("id", id).query(String.class).single();
        }
        String key = name.toUpperCase().replaceAll("[^A-Z0-9]", "");
        return key.isEmpty() ? "V" + id : key.length() > 10 ? key.substring(0, 10) : key;
    }
}
