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
 * <p>Exports of commitments and change orders go through {@link ErpDocuments}, step by step, driven by the sync
 * lifecycle ({@code erp/export}), which alone decides what to adopt, remove or insert.
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

    /** The project's cost budget lines, with the ERP's committed and actual figures. */
    List<ErpBudgetLine> listCostBudget(String projectKey);

    /** The project's released costs (job-to-date), line by line. */
    List<ErpCostTransaction> listCostTransactions(String projectKey);

    ErpRecordRef exportVendor(VendorExport vendor);

    ErpRecordRef exportProject(ProjectExport project);

    /** The ERP's change orders, as commitment change orders are exported, checked and unlinked. */
    ErpDocuments<ChangeOrderExport> changeOrders();

    /** The ERP's subcontracts and purchase orders, as commitments are exported, checked and unlinked. */
    ErpDocuments<CommitmentExport> commitments();

    /** The ERP's change orders of the cost budget, as budget changes are exported, checked and unlinked. */
    default ErpDocuments<BudgetChangeExport> budgetChanges() {
        throw new ErpRejectedException(erpType() + " does not take budget changes");
    }

    /** The ERP's AP bills, as subcontractor invoices are exported, checked and unlinked. */
    default ErpDocuments<RequisitionExport> bills() {
        throw new ErpRejectedException(erpType() + " does not take subcontractor invoices");
    }

    /**
     * Payments the ERP applied to these bills (by bill key): total paid, the last payment's date, the checks' numbers.
     * Bills without payments are absent from the answer.
     */
    default java.util.Map<String, BillPayments> billPayments(java.util.Collection<String> billKeys) {
        return java.util.Map.of();
    }

    /** What has been paid on one bill: released, not voided checks applied to it. */
    record BillPayments(java.math.BigDecimal amountPaid, java.time.LocalDate lastPaid, String checkNumbers,
            java.math.BigDecimal balance) {
    }

    /**
     * Signs out a session a killed process left, from the credentials noted in its {@link ErpSessionLog}: true when
     * the ERP closed it or had already, false when it cannot be signed out (nothing more to try). Throws
     * {@link com.crosswalk.shared.ErpUnavailableException} when the ERP could not be asked (try again later). A
     * connector that notes no sessions has none to sign out.
     */
    default boolean signOutLeftoverSession(String credentials) {
        return false;
    }

    /** Signs out of the ERP (every session); the connector is not used afterwards. */
    @Override
    default void close() {
    }
}
