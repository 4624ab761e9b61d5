package com.crosswalk.web;

import com.crosswalk.shared.ApiMessage;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * The REST API's OpenAPI document ({@code /rest/openapi}, copy in {@code docs/openapi.json}) is its contract, and the
 * tests hold the service to it ({@code ContractValidation}): schemas from the typed request and response records,
 * in snake_case as the API speaks; a record's schema has exactly its components ({@code additionalProperties: false},
 * as the API refuses unknown fields), its primitive components required and its other components nullable; every
 * operation lists the errors it may answer ({"message": ...}) and both ways of signing in.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String BASIC = "basicAuth";
    static final String BEARER = "bearerAuth";

    @Bean
    OpenAPI crosswalkOpenApi() {
        Schema<?> message = ModelConverters.getInstance().readAllAsResolvedSchema(ApiMessage.class).schema;
        return new OpenAPI()
                .info(new Info().title("Crosswalk REST API").version("1.0")
                        .description("Procore-style REST API of Crosswalk: snake_case JSON, unknown fields refused, "
                                + "errors as {\"message\": \"...\"}. Lists answer the total in the Total header."))
                .servers(List.of(new Server().url("/")))
                .components(new Components()
                        .addSchemas("Message", message)
                        .addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("HTTP Basic with a login and password (failed sign-ins are throttled: 429)"))
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .bearerFormat("cwpat_…").description("A personal access token (POST /rest/v1.0/me/access_tokens)")))
                .security(List.of(new SecurityRequirement().addList(BASIC), new SecurityRequirement().addList(BEARER)));
    }

    /** Record schemas in snake_case, exact (see the class comment). */
    @Bean
    ModelConverter crosswalkRecordSchemas() {
        return new RecordSchemas();
    }

    static {
        // a free-form JSON value (the audit log's before/after): an object, not Jackson's node classes
        org.springdoc.core.utils.SpringDocUtils.getConfig().replaceWithClass(tools.jackson.databind.JsonNode.class,
                Object.class);
    }

    /**
     * A path variable mapped with a list of choices ({@code {records:commitment_change_orders|commitments}}) is
     * documented as that enumeration, not as any text.
     */
    @Bean
    OperationCustomizer crosswalkPathChoices() {
        java.util.regex.Pattern variable = java.util.regex.Pattern.compile("\\{([A-Za-z]+):([a-z_]+(?:\\|[a-z_]+)+)}");
        return (operation, handler) -> {
            var mapping = org.springframework.core.annotation.AnnotatedElementUtils.findMergedAnnotation(
                    handler.getMethod(), org.springframework.web.bind.annotation.RequestMapping.class);
            if (mapping == null || operation.getParameters() == null) {
                return operation;
            }
            for (String path : mapping.path()) {
                var m = variable.matcher(path);
                while (m.find()) {
                    String name = m.group(1);
                    List<String> choices = List.of(m.group(2).split("\\|"));
                    operation.getParameters().stream().filter(p -> name.equals(p.getName()) && "path".equals(p.getIn()))
                            .forEach(p -> p.setSchema(new io.swagger.v3.oas.models.media.StringSchema()._enum(choices)));
                }
            }
            return operation;
        };
    }

    /**
     * An endpoint that starts a job answers 202 Accepted with the job ({@code JobBody}) and its address in
     * {@code Location}, not 200: the document says so for every handler returning {@code ResponseEntity<JobBody>}.
     */
    @Bean
    OperationCustomizer crosswalkJobStarts() {
        return (operation, handler) -> {
            java.lang.reflect.Type type = handler.getMethod().getGenericReturnType();
            boolean startsJob = type instanceof java.lang.reflect.ParameterizedType pt
                    && pt.getRawType() == org.springframework.http.ResponseEntity.class
                    && pt.getActualTypeArguments()[0] == com.crosswalk.jobs.JobBody.class;
            ApiResponses responses = operation.getResponses();
            if (startsJob && responses != null && responses.containsKey("200")) {
                ApiResponse ok = responses.remove("200");
                responses.addApiResponse("202", ok.description("Accepted: the job runs in the background; "
                        + "its address is in Location (already_running: the job of that kind that was running)"));
            }
            return operation;
        };
    }

    /** Every operation's error answers: {"message": ...} with the status codes the service uses. */
    @Bean
    OperationCustomizer crosswalkErrorResponses() {
        return (operation, handler) -> {
            boolean body = java.util.Arrays.stream(handler.getMethodParameters())
                    .anyMatch(p -> p.hasParameterAnnotation(RequestBody.class));
            Map<String, String> errors = new LinkedHashMap<>();
            errors.put("400", "The request is not valid (a parameter, the body, a field); nothing was changed");
            errors.put("401", "Not signed in, or the credentials are not valid");
            errors.put("403", "Signed in but not allowed; the message names what is missing");
            errors.put("404", "No such record in your company (or a project whose Commitments level is None)");
            errors.put("406", "The client accepts no JSON (the API answers JSON only)");
            errors.put("409", "The record's state forbids it (locked, wrong status, taken)");
            if (body) {
                errors.put("415", "The body is not JSON");
            }
            errors.put("429", "Too many attempts: sign-ins, refused unlinks or reconciliation requests (see Retry-After)");
            errors.put("500", "Something went wrong on the server; nothing was changed");
            errors.put("503", "The ERP could not be reached; nothing was changed");
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            errors.forEach((code, description) -> {
                if (!responses.containsKey(code)) {
                    responses.addApiResponse(code, error(description));
                }
            });
            operation.setResponses(responses);
            return operation;
        };
    }

    private static ApiResponse error(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType("application/json",
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/Message"))));
    }

    /**
     * A {@code Map<String, Object>} holds values of any type: swagger-core writes {@code additionalProperties:
     * {type: object}} (values must be objects), which the service's own answers break (a string state).
     */
    @SuppressWarnings("rawtypes")
    static Schema anyValues(Schema schema) {
        if (schema != null && schema.getAdditionalProperties() instanceof Schema values && values.get$ref() == null
                && "object".equals(values.getType()) && values.getProperties() == null
                && values.getAdditionalProperties() == null) {
            schema.setAdditionalProperties(Boolean.TRUE);
        }
        if (schema != null && schema.getItems() != null) {
            anyValues(schema.getItems());
        }
        if (schema != null && schema.getProperties() != null) {
            for (Object property : schema.getProperties().values()) {
                anyValues((Schema) property);
            }
        }
        return schema;
    }

    /** The same for the schemas written inline into operations (list rows built as maps). */
    @Bean
    org.springdoc.core.customizers.OpenApiCustomizer crosswalkAnyValueMaps() {
        return api -> {
            if (api.getComponents() != null && api.getComponents().getSchemas() != null) {
                api.getComponents().getSchemas().values().forEach(OpenApiConfiguration::anyValues);
            }
            if (api.getPaths() != null) {
                api.getPaths().values().forEach(item -> item.readOperations().forEach(op -> {
                    if (op.getResponses() != null) {
                        op.getResponses().values().forEach(r -> {
                            if (r.getContent() != null) {
                                r.getContent().values().forEach(m -> anyValues(m.getSchema()));
                            }
                        });
                    }
                }));
            }
        };
    }

    /**
     * swagger-core's model resolver with the API's naming (snake_case), made exact for Java records: no property
     * beyond the components, primitives required, other components nullable.
     */
    static final class RecordSchemas extends ModelResolver {

        RecordSchemas() {
            super(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public Schema resolve(AnnotatedType annotated, ModelConverterContext context, Iterator<ModelConverter> next) {
            Schema schema = anyValues(super.resolve(annotated, context, next));
            JavaType type = _mapper.constructType(annotated.getType());
            Class<?> raw = type.getRawClass();
            if (schema == null || raw == null || !raw.isRecord()) {
                return schema;
            }
            Schema model = schema.get$ref() != null
                    ? context.getDefinedModels().get(schema.get$ref().replace("#/components/schemas/", "")) : schema;
            if (model == null || model.getProperties() == null) {
                return schema;
            }
            model.setAdditionalProperties(Boolean.FALSE);
            List<String> required = model.getRequired() == null ? new ArrayList<>() : new ArrayList<>(model.getRequired());
            for (RecordComponent c : raw.getRecordComponents()) {
                String name = PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(c.getName());
                Schema property = (Schema) model.getProperties().get(name);
                if (property == null) {
                    continue;
                }
                if (c.getType().isPrimitive()) {
                    if (!required.contains(name)) {
                        required.add(name);
                    }
                } else if (property.get$ref() != null && !required.contains(name)) {
                    // OpenAPI 3.0 ignores "nullable" beside a $ref: a nested record that may be null is written out
                    Schema nested = context.getDefinedModels().get(property.get$ref().replace("#/components/schemas/", ""));
                    if (nested != null && nested.getProperties() != null) {
                        model.getProperties().put(name, new Schema<>().type("object").properties(nested.getProperties())
                                .required(nested.getRequired()).additionalProperties(Boolean.FALSE).nullable(true)
                                .description(nested.getDescription()));
                    }
                } else if (!required.contains(name)) {
                    property.setNullable(true);
                }
            }
            model.setRequired(required.isEmpty() ? null : required);
            return schema;
        }
    }

}
