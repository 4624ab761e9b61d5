package com.crosswalk.erp.export;

/**
 * A point in the export job where tests inject a crash: after the ERP saved the record and before the link is
 * written. Production has no bean of this type: it is a test seam, used by {@code ExportWorkflowTest} (a crash
 * between the ERP write and the link write is retried and adopts the change order). Keep it while that test does.
 */
public interface ExportHook {

    /** Called with the task instance id after the ERP write, before the link write; may throw. */
    void afterErpWrite(String instanceId);
}
