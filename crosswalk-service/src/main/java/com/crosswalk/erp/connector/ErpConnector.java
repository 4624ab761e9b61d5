package com.crosswalk.erp.connector;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * Where each of several linked change orders stands in the ERP now, asked in as few requests as the ERP allows
     * (Acumatica: one request per {@link #presenceBatchSize()} change orders, plus one for the reversals of those
     * that are reversed). Every ref asked is a key of the answer. The default asks one by one.
     */
    default Map<ErpRecordRef, ErpPresence> changeOrderPresence(List<ErpRecordRef> linked) {
        Map<ErpRecordRef, ErpPresence> out = new LinkedHashMap<>();
        for (ErpRecordRef ref : linked) {
            out.put(ref, changeOrderPresence(ref));
        }
        return out;
    }

    /**
     * How many change orders {@link #changeOrderPresence(List)} answers for with one ERP request (at most one more
     * request for reversals); 1 when it asks one by one.
     */
    default int presenceBatchSize() {
        return 1;
    }

    /** Where a linked commitment (subcontract / purchase order) stands in the ERP now. */
    ErpPresence commitmentPresence(ErpRecordRef linked, String commitmentKind);

    /** Signs out of the ERP (every session); the connector is not used afterwards. */
    @Override
    default void close() {
    }
}
