package com.crosswalk.erp.export;

import com.crosswalk.erp.connector.ChangeOrderExport;
import com.crosswalk.erp.connector.ErpConnector;
import com.crosswalk.erp.connector.ErpDocuments;
import com.crosswalk.erp.sync.RecordType;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Commitment change orders in the sync lifecycle: exported as the ERP's change orders. */
@Component
class ChangeOrderType implements RecordType<ChangeOrderExport> {

    private final CommitmentRecords records;

    ChangeOrderType(CommitmentRecords records) {
        this.records = records;
    }

    @Override public String recordType() { return "commitment_change_order"; }
    @Override public String column() { return "cco_id"; }
    @Override public String table() { return "commitment_change_order"; }
    @Override public String noun() { return "CCO"; }
    @Override public String prefix() { return "cco"; }
    @Override public String refTag() { return "CCO"; }
    @Override public String restPath() { return "commitment_change_orders"; }
    @Override public String pagePath() { return "commitment-change-orders"; }
    @Override public String erpNoun() { return "change order"; }
    @Override public Class<ChangeOrderExport> payloadType() { return ChangeOrderExport.class; }

    @Override
    public Optional<Parent> parent() {
        return Optional.of(new Parent("commitment", "commitment_id"));
    }

    @Override
    public Optional<RecordInfo> info(long id) {
        return records.changeOrder(id).map(h -> CommitmentRecords.info(h,
                "CCO " + h.number() + " of " + h.commitmentNumber()));
    }

    @Override
    public Prepared<ChangeOrderExport> prepare(long id, String externalRef, LocalDate today, String erpName) {
        CommitmentRecords.Header h = records.changeOrder(id)
                .orElseThrow(() -> new com.crosswalk.shared.NotFoundException("CCO " + id + " not found"));
        List<CommitmentRecords.LineRow> lines = records.changeOrderLines(id);
        List<String> problems = CommitmentRecords.problems(h, lines, erpName,
                h.commitmentKey() == null ? "its commitment " + h.commitmentNumber() + " is not linked to " + erpName
                        : null, "it has no line items");
        if (!problems.isEmpty()) {
            return new Prepared<>(h.companyId(), h.projectId(), problems, null);
        }
        ChangeOrderExport payload = new ChangeOrderExport(externalRef, h.projectKey(), h.commitmentKey(),
                h.commitmentKind(), h.vendorKey(), h.number(), h.title(), h.description(),
                h.date() == null ? today : h.date(),
                lines.stream().map(l -> new ChangeOrderExport.Line(l.commitmentLineNumber(), l.costCodeErp(),
                        l.costTypeErp(), l.description(), l.quantity(), l.unitCost(), l.amount())).toList());
        return new Prepared<>(h.companyId(), h.projectId(), List.of(), payload);
    }

    @Override
    public ErpDocuments<ChangeOrderExport> documents(ErpConnector connector) {
        return connector.changeOrders();
    }
}
