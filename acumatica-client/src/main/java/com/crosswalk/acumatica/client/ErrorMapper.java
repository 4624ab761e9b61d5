package com.crosswalk.acumatica.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns Acumatica's error responses and I/O failures into typed {@link AcumaticaException}s. */
final class ErrorMapper {

    static final String NO_ENTITY = "NoEntitySatisfiesTheConditionException";
    static final String OUTCOME_HAS_ERRORS = "OutcomeEntityHasErrorsException";
    /** Acumatica's answer to a request in a session whose long-running operation is still running. */
    static final String PREVIOUS_OPERATION_RUNNING = "The previous operation has not been completed yet";

    /** PX exception types that are business outcomes: the same request would fail again. */
    private static final Set<String> BUSINESS_TYPES = Set.of(
            "PX.Data.PXException", "PX.Data.PXSetPropertyException", "PX.Data.PXOuterException",
            "PX.Data.PXSetupNotEnteredException", "PX.Data.PXActionDisabledException",
            "PX.Data.PXInvalidOperationException", "PX.Data.PXRowPersistingException",
            "PX.Data.PXOperationCompletedWithErrorException", "PX.Api.ContractBased.OutcomeEntityHasErrorsException",
            "System.ArgumentException", "PX.Data.PXArgumentException");

    private ErrorMapper() { }

    /**
     * @param status HTTP status (not 2xx)
     * @param body   response body, may be empty or HTML
     * @param label  what the request was about, e.g. {@code change order}
     * @param write  whether the request could have changed data (PUT/POST/DELETE)
     */
    static AcumaticaException fromResponse(int status, String body, String label, boolean write) {
        JsonNode json = tryParse(body);
        String exceptionType = text(json, "exceptionType");
        String exceptionMessage = firstNonBlank(text(json, "exceptionMessage"), innerMessage(json),
                text(json, "message"));
        String detail = status + (exceptionType == null ? "" : " " + exceptionType)
                + (exceptionMessage == null ? "" : ": " + exceptionMessage);
        String lowerBody = body == null ? "" : body.toLowerCase();

        if (status == 422) {
            return validation(status, json, label, exceptionType, exceptionMessage, detail);
        }
        if (status == 429 || lowerBody.contains("api login limit")) {
            return new AcumaticaRateLimitException(
                    "Acumatica is busy: the license's API limits were reached" + suffix(exceptionMessage),
                    detail, status, exceptionType);
        }
        if (lowerBody.contains("invalid credentials")) {
            return new AcumaticaAuthenticationException(
                    "Acumatica refused the sign-in: the username, password or tenant is wrong", detail, status,
                    exceptionType);
        }
        if (exceptionMessage != null && exceptionMessage.contains(PREVIOUS_OPERATION_RUNNING)) {
            // the session is busy with a long-running operation: nothing was done, try again once it ends
            return new AcumaticaServerException("Acumatica is still finishing an earlier operation in this session",
                    detail, status, exceptionType, true, false);
        }
        if (exceptionType != null && exceptionType.endsWith(NO_ENTITY) || status == 404) {
            return new AcumaticaNotFoundException("The " + label + " was not found in Acumatica", detail, status,
                    exceptionType);
        }
        if (exceptionType != null && exceptionType.endsWith(OUTCOME_HAS_ERRORS)) {
            return validation(status, json, label, exceptionType, exceptionMessage, detail);
        }
        switch (status) {
            case 400:
                return new AcumaticaException("Acumatica did not accept the request for the " + label
                        + suffix(exceptionMessage), detail, status, exceptionType, false, false, null);
            case 401:
                return new AcumaticaAuthenticationException(
                        "Acumatica did not accept the sign-in (session expired or credentials wrong)", detail, status,
                        exceptionType);
            case 403:
                return new AcumaticaAuthenticationException("The Acumatica user may not access the " + label,
                        detail, status, exceptionType);
            case 412:
                return new AcumaticaConflictException(write
                        ? "Acumatica refused to write the " + label + ": it already exists (insert) or does not exist (update)"
                        : "Acumatica refused the request for the " + label + " (precondition failed)",
                        detail, exceptionType);
            default:
                break;
        }
        if (status >= 500 && exceptionType != null && BUSINESS_TYPES.contains(exceptionType)) {
            return new AcumaticaValidationException("Acumatica refused the " + label + suffix(exceptionMessage),
                    detail, status, exceptionType, List.of(), exceptionMessage);
        }
        if (status >= 500) {
            boolean gateway = status == 502 || status == 503 || status == 504;
            String msg = gateway ? "Acumatica is unavailable (HTTP " + status + ")"
                    : "Acumatica failed while handling the " + label + " (HTTP " + status + ")" + suffix(exceptionMessage);
            return new AcumaticaServerException(msg, detail, status, exceptionType, true, write);
        }
        return new AcumaticaException("Acumatica answered HTTP " + status + " for the " + label
                + suffix(exceptionMessage), detail, status, exceptionType, false, false, null);
    }

    /** Maps a failed exchange (no response). */
    static AcumaticaException fromIo(Throwable e, String baseUrl, String label, boolean write) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && !(root instanceof HttpTimeoutException)
                && !(root instanceof ConnectException)) {
            root = root.getCause();
        }
        if (e instanceof HttpConnectTimeoutException || root instanceof HttpConnectTimeoutException) {
            return new AcumaticaUnreachableException("Acumatica is unreachable at " + baseUrl
                    + " (connection timed out)", e.toString(), -1, false, e);
        }
        if (e instanceof ConnectException || root instanceof ConnectException
                || root instanceof UnresolvedAddressException) {
            return new AcumaticaUnreachableException("Acumatica is unreachable at " + baseUrl
                    + " (connection refused)", e.toString(), -1, false, e);
        }
        if (e instanceof HttpTimeoutException || root instanceof HttpTimeoutException) {
            return new AcumaticaUnreachableException("Acumatica did not answer in time while handling the " + label,
                    e.toString(), -1, write, e);
        }
        return new AcumaticaUnreachableException("The connection to Acumatica dropped while handling the " + label,
                e.toString(), -1, write, e);
    }

    private static AcumaticaValidationException validation(int status, JsonNode json, String label,
                                                           String exceptionType, String exceptionMessage,
                                                           String detail) {
        List<AcumaticaValidationException.FieldError> errors = new ArrayList<>();
        String entityError = null;
        if (json != null && json.isObject()) {
            collectFieldErrors(json, "", errors);
            JsonNode e = json.get("error");
            if (e != null && e.isTextual()) entityError = e.asText();
        }
        String what;
        if (!errors.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            for (AcumaticaValidationException.FieldError fe : errors) {
                if (sb.length() > 0) sb.append("; ");
                sb.append(fe);
            }
            what = sb.toString();
        } else {
            what = firstNonBlank(entityError, exceptionMessage, "the data is invalid");
        }
        return new AcumaticaValidationException("Acumatica refused the " + label + ": " + what, detail, status,
                exceptionType, errors, entityError);
    }

    private static void collectFieldErrors(JsonNode node, String prefix,
                                           List<AcumaticaValidationException.FieldError> out) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
            JsonNode v = f.getValue();
            if (v.isObject()) {
                JsonNode err = v.get("error");
                if (err != null && err.isTextual() && !err.asText().isBlank()) {
                    JsonNode val = v.get("value");
                    out.add(new AcumaticaValidationException.FieldError(name,
                            val == null || val.isNull() ? null : val.asText(), err.asText()));
                } else if (!v.has("value")) {
                    collectFieldErrors(v, name, out); // linked entity
                }
            } else if (v.isArray()) {
                for (int i = 0; i < v.size(); i++) {
                    JsonNode line = v.get(i);
                    if (!line.isObject()) continue;
                    String lineName = name + "[" + i + "]";
                    JsonNode le = line.get("error");
                    int before = out.size();
                    collectFieldErrors(line, lineName, out);
                    if (le != null && le.isTextual() && !le.asText().isBlank() && out.size() == before) {
                        out.add(new AcumaticaValidationException.FieldError(lineName, null, le.asText()));
                    }
                }
            }
        }
    }

    private static JsonNode tryParse(String body) {
        if (body == null || body.isBlank()) return null;
        String t = body.trim();
        if (!t.startsWith("{") && !t.startsWith("[")) return null;
        try {
            return Json.MAPPER.readTree(t);
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode json, String field) {
        if (json == null) return null;
        JsonNode v = json.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
    }

    private static String innerMessage(JsonNode json) {
        JsonNode inner = json == null ? null : json.get("innerException");
        String last = null;
        while (inner != null && inner.isObject()) {
            String m = firstNonBlank(text(inner, "exceptionMessage"), text(inner, "message"));
            if (m != null) last = m;
            inner = inner.get("innerException");
        }
        return last;
    }

    private static String suffix(String message) {
        return message == null || message.isBlank() ? "" : ": " + message;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) if (v != null && !v.isBlank()) return v;
        return null;
    }
}
