package com.crosswalk.erp.export;

import com.crosswalk.erp.sync.RecordType;
import java.util.List;

/** The record types' descriptors for tests that need only their names (tables, columns) — no database behind them. */
public final class TestRecordTypes {

    public static final RecordType<?> CCO = new ChangeOrderType(null);
    public static final RecordType<?> COMMITMENT = new CommitmentType(null);

    public static List<RecordType<?>> all() {
        return List.of(CCO, COMMITMENT);
    }

    private TestRecordTypes() {
    }
}
