package com.crosswalk.erp.sync;

import com.crosswalk.directory.SignedInUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** What waits for the signed-in person in the ERP Integrations tool (the home page's counts), with the last check. */
@RestController
class ErpWorkController {

    private final ErpWork work;

    ErpWorkController(ErpWork work) {
        this.work = work;
    }

    @GetMapping("/rest/v1.0/companies/{companyId}/erp/summary")
    ErpWork.Summary summary(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId) {
        return work.summary(user, companyId);
    }
}
