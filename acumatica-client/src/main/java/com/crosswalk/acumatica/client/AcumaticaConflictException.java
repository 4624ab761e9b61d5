package com.crosswalk.acumatica.client;

/** 412 Precondition Failed: an insert-only PUT found the record already there, or an update-only PUT found none. */
public class AcumaticaConflictException extends AcumaticaException {
    public AcumaticaConflictException(String userMessage, String detail, String exceptionType) {
        super(userMessage, detail, 412, exceptionType, false, false, null);
    }
}
