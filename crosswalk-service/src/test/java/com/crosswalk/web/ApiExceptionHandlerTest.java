package com.crosswalk.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;

/** What the API says when the database refuses a write, or the client accepts no JSON: plain words, JSON, no internals. */
class ApiExceptionHandlerTest {

    final ApiExceptionHandler handler = new ApiExceptionHandler();

    @Test
    void aConstraintsNameNeverReachesTheClient() {
        var e = new DataIntegrityViolationException("could not execute statement",
                new SQLException("ERROR: duplicate key value violates unique constraint \"app_user_login_lower_key\" "
                        + "Detail: Key (lower(login::text))=(approver) already exists.", "23505"));
        var r = handler.integrity(e);
        assertThat(r.getStatusCode().value()).isEqualTo(409);
        assertThat(r.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(r.getBody().message()).doesNotContain("app_user").doesNotContain("constraint")
                .doesNotContain("lower(").contains("nothing was changed");
    }

    @Test
    void aClientAcceptingNoJsonGets406InJson() {
        var r = handler.notAcceptable(new HttpMediaTypeNotAcceptableException(List.of(MediaType.APPLICATION_JSON)));
        assertThat(r.getStatusCode().value()).isEqualTo(406);
        assertThat(r.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(r.getBody().message()).contains("Accept: application/json");
    }

    @Test
    void controlCharactersInAnEchoedValueAreShownEscaped() {
        assertThat(RequestErrors.printable("a\u0000b\u202Ec")).isEqualTo("a\\u0000b\\u202ec");
    }
}
