package com.crosswalk.erp.unlink;

import com.crosswalk.directory.PermissionLevel;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST …/erp/reconcile}: ask the ERP now about every synced CCO and commitment (ERP Integrations Standard+). */
@RestController
class ReconciliationController {

    private final Reconciliation reconciliation;
    private final Permissions permissions;
    private final RequestLimits limits;

    ReconciliationController(Reconciliation reconciliation, Permissions permissions, RequestLimits limits) {
        this.reconciliation = reconciliation;
        this.permissions = permissions;
        this.limits = limits;
    }

    @PostMapping("/rest/v1.0/companies/{companyId}/erp/reconcile")
    Reconciliation.Counts reconcile(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.STANDARD);
        limits.reconcile(user);
        return reconciliation.reconcile(companyId);
    }
}
