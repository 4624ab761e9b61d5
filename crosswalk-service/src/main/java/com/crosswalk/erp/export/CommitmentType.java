package com.crosswalk.erp.export;

import com.crosswalk.erp.connector.CommitmentExport;
import com.crosswalk.erp.connector.ErpConnector;
import com.crosswalk.erp.connector.ErpDocuments;
import com.crosswalk.erp.sync.RecordType;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Commitments (subcontracts, purchase orders) in the sync lifecycle. */
@Component
class CommitmentType implements RecordType<CommitmentExport> {

    private final CommitmentRecords records;

    CommitmentType(CommitmentRecords records) {
        this.records = records;
    }

    @Override public String recordType() { return "commitment"; }
    @Override public String column() { return "commitment_id"; }
    @Override public String table() { return "commitment"; }
    @Override public String noun() { return "commitment"; }
    @Override public String prefix() { return "commitment"; }
    @Override public String refTag() { return "CMT"; }
    @Override public String restPath() { return "commitments"; }
    @Override public String pagePath() { return "commitments"; }
    @Override public String erpNoun() { return "commitment"; }
    @Override public Class<CommitmentExport> payloadType() { return CommitmentExport.class; }

    @Override
    public String stillInErp(String erp) {
        return "The commitment is still in " + erp + ". Please delete it before retrying.";
    }

    @Override
    public Optional<RecordInfo> info(long id) {
        return records.commitment(id).map(h -> CommitmentRecords.info(h, "commitment " + h.number()));
    }

    @Override
    public Prepared<CommitmentExport> prepare(long id, String externalRef, LocalDate today, String erpName) {
        CommitmentRecords.Header h = records.commitment(id)
                .orElseThrow(() -> new com.crosswalk.shared.NotFoundException("Commitment " + id + " not found"));
        List<CommitmentRecords.LineRow> lines = records.commitmentLines(id);
        List<String> problems = CommitmentRecords.problems(h, lines, erpName, h.commitmentKey() != null
                ? "it is already linked to " + erpName + " (" + h.commitmentKey() + ")" : null,
                "it has no schedule of values lines");
        if (!problems.isEmpty()) {
            return new Prepared<>(h.companyId(), h.projectId(), problems, null);
        }
        CommitmentExport payload = new CommitmentExport(externalRef, h.commitmentKind(), h.projectKey(),
                h.vendorKey(), h.number(), h.title(), h.date(), lines.stream()
                .map(l -> new CommitmentExport.Line(l.lineNumber(), l.costCodeErp(), l.costTypeErp(),
                        l.description(), l.amount())).toList(), records.retainagePercent(id));
        return new Prepared<>(h.companyId(), h.projectId(), List.of(), payload);
    }

    @Override
    public ErpDocuments<CommitmentExport> documents(ErpConnector connector) {
        return connector.commitments();
    }
}
