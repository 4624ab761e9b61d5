package com.crosswalk.erp.sync;

import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How many records each view of the ERP lists holds, unfiltered: kept by triggers as delta rows in
 * {@code erp_list_count} (V170), so a list's total is a sum of a few rows, not a count of up to 100,000 index entries.
 * A filtered list (search, ERP status, project, vendor, commitment, dates) still counts its own rows.
 */
@Component
public class ErpListCounts {

    /** The erp_list_count view of the Successfully Synced list (its rows are erp_link's). */
    static final String LINKED = "linked";

    private final JdbcClient jdbc;

    ErpListCounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The count of one view's counter ({@link #LINKED} or an erp_export state). */
    long count(long companyId, String recordType, String view) {
        return jdbc.sql("""
                select coalesce(sum(delta), 0) from erp_list_count
                where company_id = :c and record_type = :t and view = :v""")
                .param("c", companyId).param("t", recordType).param("v", view).query(Long.class).single();
    }

    /** Every view's counter of a record type ({@link #LINKED} and each erp_export state that has records). */
    Map<String, Long> counts(long companyId, String recordType) {
        Map<String, Long> counts = new HashMap<>();
        jdbc.sql("""
                select view, sum(delta) from erp_list_count where company_id = :c and record_type = :t group by view""")
                .param("c", companyId).param("t", recordType)
                .query(rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }

    /**
     * Folds each view's deltas into one row ({@link ErpListCountTasks}, every minute). One statement: the rows it
     * deletes are exactly those it sums, so two folds at once, or triggers adding rows meanwhile, lose nothing.
     */
    public void fold() {
        jdbc.sql("""
                with folded as (delete from erp_list_count returning company_id, record_type, view, delta)
                insert into erp_list_count (company_id, record_type, view, delta)
                select company_id, record_type, view, sum(delta) from folded
                group by company_id, record_type, view having sum(delta) <> 0""").update();
    }
}
