package com.crosswalk.erp.unlink;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.erp.export.TestRecordTypes;
import com.crosswalk.erp.sync.RecordType;
import com.crosswalk.erp.sync.SyncRecords;
import org.junit.jupiter.api.Test;

/** Rules with no database: the next external ref, the CLI's exit codes, the outcomes' HTTP statuses. */
class UnlinkRulesTest {

    private static final RecordType<?> CCO = TestRecordTypes.CCO;
    private static final RecordType<?> COMMITMENT = TestRecordTypes.COMMITMENT;

    @Test
    void theNextExternalRefIsNewAndFitsAcumaticasThirtyCharacters() {
        assertThat(SyncRecords.externalRef(CCO, 1, 42, 2)).isEqualTo("CW-1-CCO-42-2");
        assertThat(SyncRecords.externalRef(COMMITMENT, 1, 7, 3)).isEqualTo("CW-1-CMT-7-3");
        assertThat(SyncRecords.externalRef(CCO, 1, 42, 3)).isNotEqualTo(SyncRecords.externalRef(CCO, 1, 42, 2));
        String longest = SyncRecords.externalRef(CCO, Long.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE);
        assertThat(longest).hasSizeLessThanOrEqualTo(30).startsWith("CW-");
        assertThat(SyncRecords.externalRef(CCO, Long.MAX_VALUE, Long.MAX_VALUE - 1, Integer.MAX_VALUE))
                .isNotEqualTo(longest);
    }

    @Test
    void exitCodesAndStatuses() {
        assertThat(UnlinkCommand.exitCode(UnlinkOutcome.UNLINKED)).isZero();
        assertThat(UnlinkCommand.exitCode(UnlinkOutcome.FORBIDDEN)).isEqualTo(1);
        assertThat(UnlinkCommand.exitCode(UnlinkOutcome.STILL_IN_ERP)).isEqualTo(1);
        assertThat(UnlinkCommand.exitCode(UnlinkOutcome.NOT_SYNCED)).isEqualTo(1);
        // 2 is a usage error (picocli's, and an unknown command): an unreachable ERP has a code of its own
        assertThat(UnlinkCommand.exitCode(UnlinkOutcome.ERP_UNAVAILABLE)).isEqualTo(4);
        assertThat(UnlinkCommand.exitCode(UnlinkOutcome.NOT_FOUND)).isEqualTo(3);
        assertThat(UnlinkCommand.exitCode(UnlinkOutcome.ERROR)).isEqualTo(6);
        assertThat(UnlinkOutcome.UNLINKED.httpStatus()).isEqualTo(200);
        assertThat(UnlinkOutcome.STILL_IN_ERP.httpStatus()).isEqualTo(409);
        assertThat(UnlinkOutcome.NOT_SYNCED.httpStatus()).isEqualTo(409);
        assertThat(UnlinkOutcome.FORBIDDEN.httpStatus()).isEqualTo(403);
        assertThat(UnlinkOutcome.ERP_UNAVAILABLE.httpStatus()).isEqualTo(503);
        assertThat(UnlinkOutcome.NOT_FOUND.httpStatus()).isEqualTo(404);
    }
}
