package com.crosswalk.acumatica.client;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorMapperTest {

    @Test
    void missingKeyIsNotFound() {
        AcumaticaException e = ErrorMapper.fromResponse(500, "{\"message\":\"An error has occurred.\","
                + "\"exceptionMessage\":\"No entity satisfies the condition.\","
                + "\"exceptionType\":\"PX.Api.ContractBased.NoEntitySatisfiesTheConditionException\","
                + "\"stackTrace\":\"at ...\"}", "change order", false);
        assertThat(e).isInstanceOf(AcumaticaNotFoundException.class);
        assertThat(e.userMessage()).isEqualTo("The change order was not found in Acumatica");
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void unprocessableEntityCarriesFieldErrors() {
        AcumaticaException e = ErrorMapper.fromResponse(422, "{\"RefNbr\":{\"value\":\"<NEW>\"},"
                + "\"ExternalRefNbr\":{\"value\":\"CW-0123456789012345678901234567890\","
                + "\"error\":\"is too long (max 30)\"},"
                + "\"Commitments\":[{\"CostCode\":{\"value\":\"99-999\",\"error\":\"Cost Code '99-999' cannot be found in the system.\"}}],"
                + "\"error\":\"Inserting 'Change Order' record raised at least one error. Please review the errors.\"}",
                "change order", true);
        assertThat(e).isInstanceOf(AcumaticaValidationException.class);
        AcumaticaValidationException v = (AcumaticaValidationException) e;
        assertThat(v.fieldErrors()).extracting(AcumaticaValidationException.FieldError::field)
                .containsExactly("ExternalRefNbr", "Commitments[0].CostCode");
        assertThat(v.entityError()).startsWith("Inserting 'Change Order'");
        assertThat(v.userMessage()).isEqualTo("Acumatica refused the change order: ExternalRefNbr: "
                + "'CW-0123456789012345678901234567890' is too long (max 30); Commitments[0].CostCode: '99-999' "
                + "Cost Code '99-999' cannot be found in the system.");
        assertThat(v.isRetryable()).isFalse();
        assertThat(v.outcomeUnknown()).isFalse();
    }

    @Test
    void outcomeEntityHasErrorsIsValidation() {
        AcumaticaException e = ErrorMapper.fromResponse(500, "{\"message\":\"An error has occurred.\","
                + "\"exceptionMessage\":\"Document is out of balance.\","
                + "\"exceptionType\":\"PX.Api.ContractBased.OutcomeEntityHasErrorsException\"}", "change order", true);
        assertThat(e).isInstanceOf(AcumaticaValidationException.class);
        assertThat(e.userMessage()).isEqualTo("Acumatica refused the change order: Document is out of balance.");
    }

    @Test
    void tooManyRequestsAndLoginLimitAreRetryableWithoutUnknownOutcome() {
        AcumaticaException e = ErrorMapper.fromResponse(429, "", "change order", true);
        assertThat(e).isInstanceOf(AcumaticaRateLimitException.class);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.outcomeUnknown()).isFalse();
        AcumaticaException login = ErrorMapper.fromResponse(500, "{\"exceptionMessage\":\"API Login Limit\"}",
                "sign-in", false);
        assertThat(login).isInstanceOf(AcumaticaRateLimitException.class);
    }

    @Test
    void invalidCredentials() {
        AcumaticaException e = ErrorMapper.fromResponse(500, "{\"message\":\"An error has occurred.\","
                + "\"exceptionMessage\":\"Error: Invalid credentials. Please try again.\","
                + "\"exceptionType\":\"PX.Data.PXException\"}", "sign-in", false);
        assertThat(e).isInstanceOf(AcumaticaAuthenticationException.class);
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void unknownServerErrorIsRetryableAndUnknownForWrites() {
        AcumaticaException write = ErrorMapper.fromResponse(500, "{\"message\":\"An error has occurred.\","
                + "\"exceptionMessage\":\"boom\",\"exceptionType\":\"System.InvalidOperationException\"}",
                "change order", true);
        assertThat(write).isInstanceOf(AcumaticaServerException.class);
        assertThat(write.isRetryable()).isTrue();
        assertThat(write.outcomeUnknown()).isTrue();
        AcumaticaException read = ErrorMapper.fromResponse(503, "<html>down</html>", "vendor", false);
        assertThat(read.isRetryable()).isTrue();
        assertThat(read.outcomeUnknown()).isFalse();
    }

    @Test
    void businessErrorsAreNotRetried() {
        AcumaticaException e = ErrorMapper.fromResponse(500, "{\"exceptionMessage\":\"The document is released.\","
                + "\"exceptionType\":\"PX.Data.PXException\"}", "change order", true);
        assertThat(e).isInstanceOf(AcumaticaValidationException.class);
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void preconditionFailed() {
        AcumaticaException e = ErrorMapper.fromResponse(412, "", "vendor", true);
        assertThat(e).isInstanceOf(AcumaticaConflictException.class);
    }

    @Test
    void ioFailures() {
        AcumaticaException refused = ErrorMapper.fromIo(new ConnectException("refused"), "http://erp", "change order", true);
        assertThat(refused).isInstanceOf(AcumaticaUnreachableException.class);
        assertThat(refused.isRetryable()).isTrue();
        assertThat(refused.outcomeUnknown()).isFalse();
        assertThat(refused.userMessage()).contains("unreachable");

        AcumaticaException connectTimeout = ErrorMapper.fromIo(new HttpConnectTimeoutException("x"), "http://erp",
                "change order", true);
        assertThat(connectTimeout.outcomeUnknown()).isFalse();

        AcumaticaException timeout = ErrorMapper.fromIo(new HttpTimeoutException("x"), "http://erp", "change order", true);
        assertThat(timeout.outcomeUnknown()).isTrue();
        assertThat(timeout.isRetryable()).isTrue();

        AcumaticaException dropped = ErrorMapper.fromIo(new IOException("Connection reset"), "http://erp",
                "change order", true);
        assertThat(dropped.outcomeUnknown()).isTrue();
        AcumaticaException droppedRead = ErrorMapper.fromIo(new IOException("EOF"), "http://erp", "vendor", false);
        assertThat(droppedRead.outcomeUnknown()).isFalse();
    }

    @Test
    void retryRules() {
        AcumaticaException tooMany = new AcumaticaRateLimitException("x", null, 429, null);
        AcumaticaException unknown = new AcumaticaServerException("x", null, 500, null, true, true);
        AcumaticaException invalid = new AcumaticaValidationException("x", null, 422, null, java.util.List.of(), null);
        assertThat(RetryRules.shouldRetry(tooMany, false)).isTrue();
        assertThat(RetryRules.shouldRetry(unknown, false)).isFalse();
        assertThat(RetryRules.shouldRetry(unknown, true)).isTrue();
        assertThat(RetryRules.shouldRetry(invalid, true)).isFalse();
        assertThat(RetryRules.shouldRetry(new IllegalStateException(), true)).isFalse();
    }

    @Test
    void aSessionBusyWithALongOperationIsRetryableAndNothingWasDone() {
        AcumaticaException e = ErrorMapper.fromResponse(500, "{\"message\":\"An error has occurred.\","
                + "\"exceptionMessage\":\"Error: The previous operation has not been completed yet.\","
                + "\"exceptionType\":\"PX.Data.PXException\"}", "change order", true);
        assertThat(e).isInstanceOf(AcumaticaServerException.class);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.outcomeUnknown()).isFalse();
        assertThat(RetryRules.shouldRetry(e, false)).isTrue();
    }
}
