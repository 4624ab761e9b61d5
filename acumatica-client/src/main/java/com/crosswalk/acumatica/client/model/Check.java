package com.crosswalk.acumatica.client.model;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A payment of form AP302000 ({@code Check} entity), with the documents it pays ({@code Details}). Nullable fields. */
public record Check(UUID id, String type, String referenceNbr, String status, Boolean hold, String vendor, String paymentRef,
                    LocalDate applicationDate, BigDecimal paymentAmount, List<Paid> details) {

    /** One document paid: DocType, ReferenceNbr, AmountPaid. */
    public record Paid(String docType, String referenceNbr, BigDecimal amountPaid) {
    }
}
