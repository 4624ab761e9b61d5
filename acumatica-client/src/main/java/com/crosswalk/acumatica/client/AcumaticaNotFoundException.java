package com.crosswalk.acumatica.client;

/** The record does not exist (Acumatica: 500 NoEntitySatisfiesTheConditionException, or 404). */
public class AcumaticaNotFoundException extends AcumaticaException {
    public AcumaticaNotFoundException(String userMessage, String detail, int httpStatus, String exceptionType) {
        super(userMessage, detail, httpStatus, exceptionType, false, false, null);
    }
}
