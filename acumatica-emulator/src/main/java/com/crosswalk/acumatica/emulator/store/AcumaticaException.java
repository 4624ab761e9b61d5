package com.crosswalk.acumatica.emulator.store;

import com.fasterxml.jackson.databind.JsonNode;

/** An error the emulator answers the way Acumatica does: HTTP status + HttpError body (or an entity body for 422). */
public class AcumaticaException extends RuntimeException {
    public static final String NO_ENTITY = "PX.Api.ContractBased.NoEntitySatisfiesTheConditionException";
    public static final String OUTCOME_HAS_ERRORS = "PX.Api.ContractBased.OutcomeEntityHasErrorsException";
    public static final String PX_EXCEPTION = "PX.Data.PXException";

    private final int status;
    private final String exceptionType;
    private final JsonNode entityBody;
    private final String topMessage;

    public AcumaticaException(int status, String topMessage, String exceptionMessage, String exceptionType, JsonNode entityBody) {
        super(exceptionMessage == null ? topMessage : exceptionMessage);
        this.status = status;
        this.topMessage = topMessage;
        this.exceptionType = exceptionType;
        this.entityBody = entityBody;
    }

    public static AcumaticaException noEntity() {
        return new AcumaticaException(500, "An error has occurred.", "No entity satisfies the condition.", NO_ENTITY, null);
    }

    public static AcumaticaException px(String message) {
        return new AcumaticaException(500, "An error has occurred.", message, PX_EXCEPTION, null);
    }

    public static AcumaticaException outcome(String message) {
        return new AcumaticaException(500, "An error has occurred.", message, OUTCOME_HAS_ERRORS, null);
    }

    /** 422: the entity echoed with {@code error} on the failing fields and on the entity. */
    public static AcumaticaException validation(JsonNode entity) {
        return new AcumaticaException(422, null, entity.path("error").asText("Validation failed"), null, entity);
    }

    public static AcumaticaException precondition(String message) {
        return new AcumaticaException(412, message, null, null, null);
    }

    public static AcumaticaException badRequest(String message) {
        return new AcumaticaException(400, message, null, null, null);
    }

    /**
     * 400 as ASP.NET Web API answers a request it cannot bind: "The request is invalid." with the reason in
     * {@code modelState} (HttpError schema).
     */
    public static AcumaticaException invalidRequest(String field, String reason) {
        com.fasterxml.jackson.databind.node.ObjectNode body = JsonCodec.F.objectNode();
        body.put("message", "The request is invalid.");
        body.putObject("modelState").putArray(field).add(reason);
        return new AcumaticaException(400, "The request is invalid.", reason, null, body);
    }

    public static AcumaticaException notFound(String message) {
        return new AcumaticaException(404, message, null, null, null);
    }

    public int status() { return status; }
    public String exceptionType() { return exceptionType; }
    public JsonNode entityBody() { return entityBody; }
    public String topMessage() { return topMessage; }
}
