package com.crosswalk.erp.sync;

import com.crosswalk.erp.connector.ErpConnector;
import com.crosswalk.erp.connector.ErpDocuments;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * One type of record that rides the sync lifecycle (commitment change orders, commitments; next subcontractor
 * invoices, budget changes…). A new type is one Spring bean implementing this, its payload record, its ERP documents
 * in each connector ({@link ErpDocuments}), and a migration adding its id column to {@code erp_export} and
 * {@code erp_link}: the workflow, the export job, unlink, reconciliation, the lists, lock reasons, metrics and pages
 * take it from the registry ({@link RecordTypes}) and change nothing.
 *
 * @param <P> the payload exported for one record (e.g. {@code ChangeOrderExport}); serialised as canonical JSON
 */
public interface RecordType<P> {

    /** {@code record_type} in erp_export, erp_link, erp_leftover and audit_event, e.g. {@code commitment_change_order}. */
    String recordType();

    /** The column of erp_export and erp_link holding the record's id, e.g. {@code cco_id}. */
    String column();

    /** The record's own table (with id, company_id, project_id, number, title), e.g. {@code commitment_change_order}. */
    String table();

    /** How messages name one record: "CCO", "commitment". */
    String noun();

    /** The prefix of this type's audit actions of unlink ({@code cco.unlinked}) and export task ids. */
    String prefix();

    /** The tag in our ERP key (external ref), at most 3 characters: {@code CCO}, {@code CMT}. */
    String refTag();

    /** The REST path segment: {@code commitment_change_orders}. */
    String restPath();

    /** The page path segment: {@code commitment-change-orders}. */
    String pagePath();

    /** How the ERP calls its twin in messages to people: "change order", "subcontract or purchase order". */
    String erpNoun();

    Class<P> payloadType();

    /** The record as the lifecycle needs it (company, project, words), or empty when there is none. */
    Optional<RecordInfo> info(long id);

    /** The payload to export under {@code externalRef}, or every unmet prerequisite in words. */
    Prepared<P> prepare(long id, String externalRef, LocalDate today, String erpName);

    /** The ERP's documents of this type, through the company's connector. */
    ErpDocuments<P> documents(ErpConnector connector);

    /** Unlink's red refusal while the ERP still has the record (the reference text's words for a CCO). */
    default String stillInErp(String erp) {
        return "The " + noun() + " is still in " + erp + ". Please delete it before retrying";
    }

    /**
     * Unlink's red refusal with what the ERP said (a bill's payment, say); by default {@link #stillInErp(String)},
     * followed by the finding's note when it has one.
     */
    default String stillInErp(String erp, com.crosswalk.erp.connector.ErpFinding finding) {
        String base = stillInErp(erp);
        return finding == null || finding.note() == null ? base : base + ". " + finding.note();
    }

    /**
     * The SQL expression (over the record's table aliased {@code r}) of a row's total in the ERP Integrations lists,
     * or null for the commitment's (lines of the commitment, or of the CCO) as before.
     */
    default String listTotalSql() {
        return null;
    }

    /**
     * Whether a record is a commitment or belongs to one (its lists' rows then show the commitment's vendor); false for
     * a project's own records (budget changes), whose rows show no vendor.
     */
    default boolean ofCommitment() {
        return true;
    }

    /** The type whose records this type's records belong to (a CCO to its commitment), with the linking column. */
    default Optional<Parent> parent() {
        return Optional.empty();
    }

    /** The record's words for messages and permission checks. */
    record RecordInfo(long id, long companyId, long projectId, String number, String label) {
    }

    /** A payload ready to export, or the reasons it is not (each a sentence part, e.g. "its vendor X is not linked"). */
    record Prepared<P>(long companyId, long projectId, List<String> problems, P payload) {

        public boolean ready() {
            return problems.isEmpty();
        }
    }

    /** {@code column} of this type's table names the parent's id, e.g. commitment_change_order.commitment_id. */
    record Parent(String parentRecordType, String column) {
    }
}
