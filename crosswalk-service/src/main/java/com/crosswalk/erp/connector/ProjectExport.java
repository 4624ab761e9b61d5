package com.crosswalk.erp.connector;

/** A project to create in the ERP; {@code key} is the ERP key to use (e.g. Acumatica ProjectID). */
public record ProjectExport(String key, String name, String externalRef) {
}
