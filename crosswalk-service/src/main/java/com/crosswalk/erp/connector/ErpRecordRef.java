package com.crosswalk.erp.connector;

import java.util.UUID;

/**
 * The ERP twin of one of our records. For Acumatica: {@code key} is the record's key (a change order's RefNbr,
 * a subcontract's number, a vendor's VendorID), {@code erpId} the entity's persistent id (NoteID), and
 * {@code externalRef} our key as the ERP stores it (ExternalRefNbr), when there is one.
 */
public record ErpRecordRef(String key, UUID erpId, String externalRef) {
}
