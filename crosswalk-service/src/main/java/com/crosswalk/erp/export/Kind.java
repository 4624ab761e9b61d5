package com.crosswalk.erp.export;

import com.crosswalk.shared.NotFoundException;

/** The two record kinds that go through the export workflow. */
public enum Kind {
    CCO("commitment_change_order", "cco_id", "cco", "CCO", "commitment_change_order"),
    COMMITMENT("commitment", "commitment_id", "commitment", "commitment", "commitment");

    /** {@code record_type} in erp_export / erp_link / audit_event. */
    public final String recordType;
    /** The column of erp_export / erp_link holding the record's id. */
    public final String column;
    /** Prefix of the export task's instance id. */
    public final String instancePrefix;
    /** How messages name it. */
    public final String noun;
    /** The table of the record. */
    final String table;

    Kind(String recordType, String column, String instancePrefix, String noun, String table) {
        this.recordType = recordType;
        this.column = column;
        this.instancePrefix = instancePrefix;
        this.noun = noun;
        this.table = table;
    }

    /** The ERP key (ExternalRefNbr) of a generation, as the unlink engineer computes the next one. */
    String externalRef(long companyId, long id, int generation) {
        String tag = this == CCO ? "CCO" : "CMT";
        String ref = "CW-" + companyId + "-" + tag + "-" + id + "-" + generation;
        if (ref.length() > 30) {
            ref = "CW-" + Long.toString(companyId, 36).toUpperCase() + "-" + tag.charAt(1) + "-"
                    + Long.toString(id, 36).toUpperCase() + "-" + Integer.toString(generation, 36).toUpperCase();
        }
        return ref;
    }

    static Kind ofRecordType(String recordType) {
        for (Kind k : values()) {
            if (k.recordType.equals(recordType)) {
                return k;
            }
        }
        throw new NotFoundException("Unknown record type " + recordType);
    }

    static Kind ofPrefix(String prefix) {
        for (Kind k : values()) {
            if (k.instancePrefix.equals(prefix)) {
                return k;
            }
        }
        throw new IllegalArgumentException("Unknown export task instance prefix " + prefix);
    }
}
