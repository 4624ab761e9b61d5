package com.crosswalk.directory;

import java.util.Map;

/** A user's permissions as they stand now: company tools, the privilege, and Commitments per project. */
public record UserAccess(
        SignedInUser user,
        PermissionLevel erpIntegrations,
        PermissionLevel directory,
        boolean canPushToAccounting,
        Map<Long, PermissionLevel> commitmentsByProject) {

    public PermissionLevel commitments(long projectId) {
        return commitmentsByProject.getOrDefault(projectId, PermissionLevel.NONE);
    }

    /** ERP Integrations Standard or Admin and Can Push to Accounting. */
    public boolean isAccountingApprover() {
        return erpIntegrations.atLeast(PermissionLevel.STANDARD) && canPushToAccounting;
    }
}
