package com.crosswalk.erp.connector;

import java.util.List;

/**
 * Everything Crosswalk asks of an ERP. The ERP Integrations tool talks to an ERP only through this interface;
 * only the ERP's own package (e.g. {@code erp.acumatica}) knows the ERP's API.
 *
 * <p>Errors: {@link com.crosswalk.shared.ErpUnavailableException} when the ERP cannot be reached or fails (the
 * caller changes nothing and may retry later); {@link ErpRejectedException} when the ERP refuses the data (a person
 * must fix something; the message says what, in plain words).
 *
 * <p>Every export is idempotent: exporting the same record (same {@code externalRef}) twice yields one ERP record —
 * an export interrupted after the ERP saved it adopts that record instead of creating a second. A record the ERP
 * has reversed is never adopted.
 */
public interface ErpConnector extends AutoCloseable {

    /** e.g. "acumatica". */
    String erpType();

    /** Signs in and reads something cheap; never throws for a reachable-but-refusing ERP, says why instead. */
    ConnectionCheck testConnection();

    List<ErpReference> listVendors();

    List<ErpReference> listProjects();

    List<ErpReference> listProjectTasks(String projectKey);

    List<ErpReference> listCostCodes();

    ErpRecordRef exportVendor(VendorExport vendor);

    ErpRecordRef exportProject(ProjectExport project);

    ErpRecordRef exportCommitment(CommitmentExport commitment);

    ErpRecordRef exportChangeOrder(ChangeOrderExport changeOrder);

    /** Where a linked commitment change order stands in the ERP now. */
    ErpPresence changeOrderPresence(ErpRecordRef linked);

    /** Where a linked commitment (subcontract / purchase order) stands in the ERP now. */
    ErpPresence commitmentPresence(ErpRecordRef linked, String commitmentKind);

    /** Signs out of the ERP (every session); the connector is not used afterwards. */
    @Override
    default void close() {
    }
}
