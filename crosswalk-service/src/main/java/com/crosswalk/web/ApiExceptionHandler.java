package com.crosswalk.web;

import com.crosswalk.shared.ApiMessage;
import com.crosswalk.shared.CrosswalkException;
import com.crosswalk.shared.TooManyRequestsException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every REST error is {"message": "..."} with Procore's status codes, always as JSON whatever the client's
 * {@code Accept} (a client asking for XML gets 406 in JSON, not a 500); nothing internal leaks out. Only a failure
 * that is ours is logged at ERROR.
 */
@RestControllerAdvice(annotations = RestController.class)
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(CrosswalkException.class)
    ResponseEntity<ApiMessage> crosswalk(CrosswalkException e) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(e.httpStatus()).contentType(MediaType.APPLICATION_JSON);
        if (e instanceof TooManyRequestsException tooMany) {
            answer.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, tooMany.retryAfter().toSeconds())));
        }
        return answer.body(new ApiMessage(e.getMessage(), e.problems().isEmpty() ? null : e.problems()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiMessage> unreadable(HttpMessageNotReadableException e) {
        return body(HttpStatus.BAD_REQUEST, "The request body is not valid JSON for this request: "
                + RequestErrors.describe(e));
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ApiMessage> invalid(MethodArgumentNotValidException e) {
        String fields = e.getBindingResult().getFieldErrors().stream()
                .map(f -> RequestErrors.snakeCase(f.getField()) + " " + f.getDefaultMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return body(HttpStatus.BAD_REQUEST, fields.isEmpty() ? "The request is not valid" : fields);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ApiMessage> invalidParameter(HandlerMethodValidationException e) {
        String messages = e.getAllErrors().stream().map(m -> m.getDefaultMessage()).collect(Collectors.joining("; "));
        return body(HttpStatus.BAD_REQUEST, messages.isEmpty() ? "A parameter is not valid" : messages);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ApiMessage> typeMismatch(MethodArgumentTypeMismatchException e) {
        return body(HttpStatus.BAD_REQUEST, "'" + RequestErrors.snakeCase(e.getName()) + "' is not valid: "
                + RequestErrors.clip(RequestErrors.printable(String.valueOf(e.getValue()))));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ApiMessage> missingParameter(MissingServletRequestParameterException e) {
        return body(HttpStatus.BAD_REQUEST, "The parameter '" + e.getParameterName() + "' is required");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiMessage> method(HttpRequestMethodNotSupportedException e) {
        return body(HttpStatus.METHOD_NOT_ALLOWED, "Method " + e.getMethod() + " is not allowed here");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiMessage> mediaType(HttpMediaTypeNotSupportedException e) {
        return body(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Send JSON (Content-Type: application/json)");
    }

    /** The client accepts no JSON: answered in JSON all the same (the API speaks nothing else), never logged above DEBUG. */
    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ApiMessage> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        log.debug("Not acceptable: {}", e.getMessage());
        return body(HttpStatus.NOT_ACCEPTABLE, "This API answers JSON only: send Accept: application/json");
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ApiMessage> noResource(NoResourceFoundException e) {
        return body(HttpStatus.NOT_FOUND, "Not found");
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ApiMessage> integrity(DataIntegrityViolationException e) {
        // A constraint caught what the Java checks did not (usually a race): refuse, change nothing, name no internals.
        log.info("Constraint refused a write: {}", e.getMostSpecificCause().getMessage());
        return body(HttpStatus.CONFLICT, "The change conflicts with other data (it may have been changed at the same "
                + "time); nothing was changed. Reload and try again.");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiMessage> unexpected(Exception e) {
        log.error("Unexpected error", e);
        return body(HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on our side; nothing was changed");
    }

    /** JSON whatever the Accept header: an explicit Content-Type bypasses content negotiation. */
    static ResponseEntity<ApiMessage> body(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(new ApiMessage(message));
    }
}
