package com.crosswalk.directory;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** The company's vendors (companies in its Directory that work for it): any user of the company (not the operator). */
@Service
public class Vendors {

    private final Permissions permissions;
    private final JdbcClient jdbc;

    Vendors(Permissions permissions, JdbcClient jdbc) {
        this.permissions = permissions;
        this.jdbc = jdbc;
    }

    public record Vendor(long id, String name) {
    }

    public List<Vendor> list(SignedInUser user, long companyId) {
        permissions.requireCompanyRecords(user, companyId);
        return jdbc.sql("select id, name from vendor where company_id = :c order by name").param("c", companyId)
                .query((rs, n) -> new Vendor(rs.getLong(1), rs.getString(2))).list();
    }

    /** Whether the vendor is one of that company's. */
    public boolean exists(long companyId, long vendorId) {
        return jdbc.sql("select exists(select 1 from vendor where id = :id and company_id = :c)").param("id", vendorId)
                .param("c", companyId).query(Boolean.class).single();
    }
}
