package com.crosswalk.directory;

import com.crosswalk.directory.Vendors.Vendor;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** REST of the company's vendors ({@link Vendors}). Their ERP links are erp.reference's {@code References}. */
@RestController
class VendorController {

    private final Vendors vendors;

    VendorController(Vendors vendors) {
        this.vendors = vendors;
    }

    @GetMapping("/rest/v1.0/companies/{companyId}/vendors")
    List<Vendor> vendors(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId) {
        return vendors.list(user, companyId);
    }
}
