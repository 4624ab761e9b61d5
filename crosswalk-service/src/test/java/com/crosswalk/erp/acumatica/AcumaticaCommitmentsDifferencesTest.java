package com.crosswalk.erp.acumatica;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.acumatica.client.model.Subcontract;
import com.crosswalk.acumatica.client.model.SubcontractLine;
import com.crosswalk.erp.connector.CommitmentExport;
import com.crosswalk.erp.connector.Difference;
import com.crosswalk.erp.connector.ErpDocument;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** "Synced means equal" covers the subcontract's retainage percent, when the exported payload carries it. */
class AcumaticaCommitmentsDifferencesTest {

    private final AcumaticaCommitments commitments = new AcumaticaCommitments(null, null);

    private static CommitmentExport payload(String pct) {
        return new CommitmentExport("CW-C-1", "subcontract", "RIVERSIDE", "APEXCON", "SC-1", "Walls",
                LocalDate.of(2026, 1, 5), List.of(new CommitmentExport.Line(1, "03-300", "S", "Walls",
                new BigDecimal("100.00"))), pct == null ? null : new BigDecimal(pct));
    }

    private static ErpDocument erp(BigDecimal pct) {
        Subcontract sc = new Subcontract(null, "SC0009", "Open", null, null, "Walls", "APEXCON", null, null, "CW-C-1",
                null, null, List.of(SubcontractLine.of("RIVERSIDE", "01", "03-300", "Walls", new BigDecimal("100"))),
                null, null).withRetainage(pct);
        return new ErpDocument("SC0009", null, "CW-C-1", ErpDocument.Stage.RELEASED, "Open", sc);
    }

    @Test
    void retainagePercentIsComparedWhenThePayloadHasIt() {
        assertThat(commitments.differences(payload("10.0000"), erp(new BigDecimal("10")))).isEmpty();
        assertThat(commitments.differences(payload("10.0000"), erp(new BigDecimal("5"))))
                .containsExactly(new Difference("retainage percent", "10", "5"));
        assertThat(commitments.differences(payload("10"), erp(null)))
                .containsExactly(new Difference("retainage percent", "10", "0"));
        assertThat(commitments.differences(payload("0.0000"), erp(BigDecimal.ZERO))).isEmpty();
        // a payload stored before the percent was exported: not compared
        assertThat(commitments.differences(payload(null), erp(new BigDecimal("5")))).isEmpty();
    }
}
