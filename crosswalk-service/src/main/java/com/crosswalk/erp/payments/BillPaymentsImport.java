package com.crosswalk.erp.payments;

import com.crosswalk.erp.connection.ErpConnectors;
import com.crosswalk.erp.connector.ErpConnector.BillPayments;
import com.crosswalk.invoices.Requisitions;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Payments back: reads, for a company's synced subcontractor invoices, the checks the ERP applied to their bills
 * (released, not voided) and records on each invoice the amount paid, the last payment's date and the check numbers;
 * a bill with no balance left makes its invoice Paid (a voided payment makes it Approved again). The ERP is asked with
 * no database transaction open; each invoice is then written in a short transaction of its own.
 */
@Component
public class BillPaymentsImport {

    private static final Logger log = LoggerFactory.getLogger(BillPaymentsImport.class);

    private final JdbcClient jdbc;
    private final ErpConnectors connectors;
    private final Requisitions requisitions;

    BillPaymentsImport(JdbcClient jdbc, ErpConnectors connectors, Requisitions requisitions) {
        this.jdbc = jdbc;
        this.connectors = connectors;
        this.requisitions = requisitions;
    }

    /** What one round found: invoices asked about, and how many have payments. */
    public record Round(int invoices, int withPayments, int paid) {
    }

    /** One round for one company. */
    public Round importFor(long companyId) {
        return importFor(companyId, null);
    }

    /**
     * A round for the company's invoices whose bills have these keys (an ERP push notification named them), or for
     * all of them when {@code billKeys} is null.
     */
    public Round importFor(long companyId, java.util.Collection<String> billKeys) {
        Map<String, Long> byBill = new LinkedHashMap<>();
        jdbc.sql("""
                select l.erp_key, l.requisition_id from erp_link l
                where l.company_id = :c and l.record_type = 'requisition' order by l.id""").param("c", companyId)
                .query(rs -> {
                    if (billKeys == null || billKeys.contains(rs.getString(1))) {
                        byBill.put(rs.getString(1), rs.getLong(2));
                    }
                });
        if (byBill.isEmpty()) {
            return new Round(0, 0, 0);
        }
        Map<String, BillPayments> payments = connectors.forCompany(companyId).billPayments(byBill.keySet());
        int paid = 0;
        for (Map.Entry<String, Long> e : byBill.entrySet()) {
            BillPayments p = payments.get(e.getKey());
            boolean full = p != null && p.amountPaid().signum() > 0 && p.balance() != null && p.balance().signum() == 0;
            if (full) paid++;
            requisitions.recordPayments(e.getValue(), p == null ? BigDecimal.ZERO : p.amountPaid(),
                    p == null ? null : p.lastPaid(), p == null ? null : p.checkNumbers(), full);
        }
        log.info("Payments of company {}: {} synced invoices, {} with payments, {} fully paid", companyId, byBill.size(),
                payments.size(), paid);
        return new Round(byBill.size(), payments.size(), paid);
    }

    /** Companies with synced invoices. */
    List<Long> companies() {
        return jdbc.sql("select distinct company_id from erp_link where record_type = 'requisition'").query(Long.class).list();
    }
}
