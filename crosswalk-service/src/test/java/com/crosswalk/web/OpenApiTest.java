package com.crosswalk.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** springdoc 3 publishes the REST API under Boot 4, behind sign-in. */
@IntegrationTest
class OpenApiTest {

    @LocalServerPort
    int port;

    @Test
    void theRestApiIsPublishedAsOpenApi() {
        TestApi.Response doc = TestApi.as(port, "pm").get("/rest/openapi");
        assertThat(doc.status()).as(doc.body()).isEqualTo(200);
        assertThat(doc.json().get("openapi").asString()).startsWith("3.");
        assertThat(doc.json().get("paths").has("/rest/v1.0/projects/{projectId}/commitment_change_orders/{id}")).isTrue();
        assertThat(doc.json().get("paths").has("/rest/v1.0/companies/{companyId}/users/{userId}/privileges/can_push_to_accounting"))
                .isTrue();
        assertThat(TestApi.basic(port, "nobody", "x").get("/rest/openapi").status()).isEqualTo(401);
    }
}
