package com.crosswalk.erp.connector;

/** A vendor to create in the ERP; {@code key} is the ERP key to use (e.g. Acumatica VendorID, at most 15 chars). */
public record VendorExport(String key, String name) {
}
