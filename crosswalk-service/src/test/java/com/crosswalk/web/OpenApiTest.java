package com.crosswalk.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.TestApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document is the REST API's contract ({@code ContractValidation} holds every test's requests and
 * responses to it): published at {@code /rest/openapi} behind sign-in, committed as {@code docs/openapi.json} (this
 * test fails when the two differ: run it with {@code -Dcrosswalk.openapi.update=true} to write the served one there),
 * snake_case, every error and both ways of signing in documented, the CCO bodies documented as themselves, and the
 * response schemas typed — except the few answers still built as maps, named in {@link #FREE_FORM} until they are
 * typed (a typed one must be removed from the list; a new free-form one fails).
 */
@IntegrationTest
class OpenApiTest {

    /**
     * Operations whose 2xx response still holds free-form objects (maps): the ERP reference data (vendors, projects,
     * cost codes: typed with the jobs work, #14), and the audit events' before/after (a record's state as it was,
     * whatever its type). Tighten by removing an entry.
     */
    static final Set<String> FREE_FORM = Set.of(
            "GET /rest/v1.0/companies/{companyId}/erp/vendors",
            "GET /rest/v1.0/companies/{companyId}/erp/projects",
            "GET /rest/v1.0/companies/{companyId}/erp/erp_vendors",
            "GET /rest/v1.0/companies/{companyId}/erp/erp_projects",
            "GET /rest/v1.0/companies/{companyId}/audit_events");

    static final Path COMMITTED = Path.of("..", "docs", "openapi.json");

    @LocalServerPort
    int port;

    final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    JsonNode served() {
        TestApi.Response doc = TestApi.as(port, "pm").get("/rest/openapi");
        assertThat(doc.status()).as(doc.body()).isEqualTo(200);
        return doc.json();
    }

    @Test
    void theDocumentIsPublishedBehindSignInAndCommittedUnderDocs() throws Exception {
        JsonNode doc = served();
        assertThat(doc.get("openapi").asString()).startsWith("3.");
        assertThat(TestApi.basic(port, "nobody", "x").get("/rest/openapi").status()).isEqualTo(401);
        String pretty = json.writeValueAsString(doc) + "\n";
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "openapi.json"), pretty);
        if (Boolean.getBoolean("crosswalk.openapi.update")) {
            Files.writeString(COMMITTED, pretty);
        }
        assertThat(Files.exists(COMMITTED)).as("docs/openapi.json is committed").isTrue();
        List<String> differences = new ArrayList<>();
        diff("", json.readTree(Files.readString(COMMITTED)), doc, differences);
        assertThat(differences).as("docs/openapi.json differs from the served document (target/openapi.json) at these "
                + "places; refresh it with -Dcrosswalk.openapi.update=true").isEmpty();
    }

    @Test
    void errorsSecurityAndNamesAreDocumented() {
        JsonNode doc = served();
        JsonNode schemes = doc.get("components").get("securitySchemes");
        assertThat(schemes.get("basicAuth").get("scheme").asString()).isEqualTo("basic");
        assertThat(schemes.get("bearerAuth").get("scheme").asString()).isEqualTo("bearer");
        assertThat(doc.get("security").toString()).contains("basicAuth").contains("bearerAuth");
        List<String> problems = new ArrayList<>();
        doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            String name = op.getKey().toUpperCase() + " " + path.getKey();
            JsonNode responses = op.getValue().get("responses");
            for (String code : List.of("400", "401", "403", "404", "406", "500")) {
                if (responses == null || !responses.has(code)
                        || !responses.get(code).toString().contains("#/components/schemas/Message")) {
                    problems.add(name + " does not document " + code + " {message}");
                }
            }
            for (JsonNode p : op.getValue().path("parameters")) {
                if (p.get("in").asString().equals("query") && !p.get("name").asString().matches("[a-z_]+")) {
                    problems.add(name + ": query parameter " + p.get("name") + " is not snake_case");
                }
            }
        }));
        doc.get("components").get("schemas").properties().forEach(s -> s.getValue().path("properties").propertyNames()
                .forEach(p -> {
                    if (!p.matches("[a-z][a-z0-9_]*")) {
                        problems.add("schema " + s.getKey() + ": property " + p + " is not snake_case");
                    }
                }));
        assertThat(problems).isEmpty();
        // the CCO's create and update bodies are the CCO's, not the commitment's
        JsonNode ccoPost = doc.get("paths").get("/rest/v1.0/projects/{projectId}/commitment_change_orders").get("post");
        assertThat(ccoPost.get("requestBody").toString()).contains("ChangeOrderCreate");
        JsonNode create = doc.get("components").get("schemas").get("ChangeOrderCreate");
        assertThat(create.get("properties").has("commitment_id")).isTrue();
        assertThat(create.get("properties").has("vendor_id")).isFalse();
        assertThat(create.get("additionalProperties").asBoolean(true)).isFalse();
        assertThat(doc.get("paths").get("/rest/v1.0/projects/{projectId}/commitment_change_orders/{id}").get("patch")
                .get("requestBody").toString()).contains("ChangeOrderUpdate");
    }

    @Test
    void responseSchemasAreTypedButTheListedFreeFormOnes() {
        JsonNode doc = served();
        Set<String> freeForm = new TreeSet<>();
        doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            String name = op.getKey().toUpperCase() + " " + path.getKey();
            op.getValue().get("responses").properties().forEach(r -> {
                if (r.getKey().startsWith("2") && freeForm(doc, r.getValue().path("content"), new TreeSet<>())) {
                    freeForm.add(name);
                }
            });
        }));
        assertThat(freeForm).as("operations answering free-form objects (maps): type them, or list them in FREE_FORM")
                .isSubsetOf(FREE_FORM);
        assertThat(FREE_FORM).as("operations listed as free-form that are typed now: remove them from FREE_FORM")
                .isSubsetOf(freeForm);
    }

    /** The JSON pointers where {@code a} and {@code b} differ (at most 20). */
    private static void diff(String at, JsonNode a, JsonNode b, List<String> out) {
        if (out.size() >= 20 || a.equals(b)) {
            return;
        }
        if (a.isObject() && b.isObject()) {
            Set<String> names = new TreeSet<>(a.propertyNames());
            names.addAll(b.propertyNames());
            for (String n : names) {
                if (!a.has(n) || !b.has(n)) {
                    out.add(at + "/" + n + (a.has(n) ? " (only in docs/)" : " (only served)"));
                } else {
                    diff(at + "/" + n, a.get(n), b.get(n), out);
                }
            }
        } else {
            out.add(at + ": " + clip(a.toString()) + " ≠ " + clip(b.toString()));
        }
    }

    private static String clip(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "…";
    }

    /** Whether a schema (or one it refers to) is an object without declared properties. */
    private boolean freeForm(JsonNode doc, JsonNode node, Set<String> seen) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return false;
        }
        if (node.has("$ref")) {
            String ref = node.get("$ref").asString().replace("#/components/schemas/", "");
            return seen.add(ref) && freeForm(doc, doc.get("components").get("schemas").get(ref), seen);
        }
        if ("object".equals(node.path("type").asString("")) && !node.has("properties")) {
            return true;
        }
        if (node.isObject()) {
            for (var e : node.properties()) {
                if (freeForm(doc, e.getValue(), seen)) {
                    return true;
                }
            }
        }
        if (node.isArray()) {
            for (JsonNode n : node) {
                if (freeForm(doc, n, seen)) {
                    return true;
                }
            }
        }
        return false;
    }
}
