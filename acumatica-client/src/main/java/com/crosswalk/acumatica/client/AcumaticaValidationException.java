package com.crosswalk.acumatica.client;

import java.util.List;

/**
 * Acumatica refused the data: 422 (entity echoed with {@code error} on fields/lines) or
 * 500 {@code OutcomeEntityHasErrorsException} / business-rule errors. Not retryable.
 */
public class AcumaticaValidationException extends AcumaticaException {

    /**
     * One field's error.
     *
     * @param field   path of the field, e.g. {@code ExternalRefNbr} or {@code Commitments[0].CostCode}
     * @param value   the value Acumatica echoed (as text), may be null
     * @param message Acumatica's message for the field
     */
    public record FieldError(String field, String value, String message) {
        @Override
        public String toString() {
            return field + ": " + (value == null ? "" : "'" + value + "' ") + message;
        }
    }

    private final List<FieldError> fieldErrors;
    private final String entityError;

    public AcumaticaValidationException(String userMessage, String detail, int httpStatus, String exceptionType,
                                        List<FieldError> fieldErrors, String entityError) {
        super(userMessage, detail, httpStatus, exceptionType, false, false, null);
        this.fieldErrors = List.copyOf(fieldErrors);
        this.entityError = entityError;
    }

    /** Every field error Acumatica reported (may be empty). */
    public List<FieldError> fieldErrors() { return fieldErrors; }

    /** The entity-level {@code error} (e.g. "Inserting 'Change Order' record raised at least one error..."), or null. */
    public String entityError() { return entityError; }
}
