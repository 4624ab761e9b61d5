package com.crosswalk.erp.connector;

/** A record the ERP has (vendor, project, task, cost code), to choose from when linking. */
public record ErpReference(String key, String name) {
}
