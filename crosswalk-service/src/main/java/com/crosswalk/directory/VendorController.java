package com.crosswalk.directory;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The company's vendors (companies in its Directory that work for it): any user of the company, or the operator. */
@RestController
class VendorController {

    private final Permissions permissions;
    private final JdbcClient jdbc;

    VendorController(Permissions permissions, JdbcClient jdbc) {
        this.permissions = permissions;
        this.jdbc = jdbc;
    }

    record Vendor(long id, String name) {
    }

    @GetMapping("/rest/v1.0/companies/{companyId}/vendors")
    List<Vendor> vendors(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId) {
        permissions.requireCompanyMember(user, companyId);
        return jdbc.sql("select id, name from vendor where company_id = :c order by name").param("c", companyId)
                .query((rs, n) -> new Vendor(rs.getLong(1), rs.getString(2))).list();
    }
}
