package com.crosswalk.acumatica.client.model;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** A group of project transactions ({@code ProjectTransaction}, PM304000); keys Module, ReferenceNbr. Nullable fields. */
public record ProjectTransaction(UUID id, String module, String referenceNbr, String status, String description, String originalDocType,
        String originalDocNbr, BigDecimal totalAmount, List<ProjectTransactionLine> details) {
}
