package com.crosswalk;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.interaction.ApiOperationResolver;
import com.atlassian.oai.validator.model.ApiOperationMatch;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * The service held to its own contract, as the emulator is held to Acumatica's: every request to {@code /rest/v1.0}
 * and every response, in every {@link IntegrationTest}, is validated against the OpenAPI document the service serves
 * ({@code /rest/openapi}) with swagger-request-validator. A response that does not match its operation's documented
 * responses, a documented endpoint answering what the document does not say, an undocumented endpoint answering
 * 2xx, or a request the document refuses that the service accepted (2xx) — each fails the test that made it. A
 * request the document refuses and the service refused (4xx) is what the contract says. Which endpoints were
 * exercised is written to {@code target/contract-coverage.txt} at the end of the run.
 */
public final class ContractValidation {

    private ContractValidation() {
    }

    /**
     * Operations whose 2xx body the document does not describe yet, so only its status is checked (none now: the
     * export lists were the last, typed with #12). An entry here is a debt; tighten by removing it.
     */
    static final Set<String> UNDESCRIBED_BODIES = Set.of();

    private static final List<String> VIOLATIONS = Collections.synchronizedList(new ArrayList<>());
    /** "METHOD /template" → responses validated. */
    private static final Map<String, Integer> VALIDATED = new ConcurrentHashMap<>();
    /** "METHOD /template" → 2xx answers of {@link #UNDESCRIBED_BODIES} seen (their bodies not checked). */
    private static final Map<String, Integer> LOOSE = new ConcurrentHashMap<>();
    private static volatile Contract contract;

    /** The contract as served: the validator and the operation resolver. */
    private record Contract(String json, OpenAPI api, OpenApiInteractionValidator validator, ApiOperationResolver resolver) {
    }

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ContractValidation::writeCoverage));
    }

    private static Contract contract(int port) {
        Contract c = contract;
        if (c == null) {
            synchronized (ContractValidation.class) {
                if (contract == null) {
                    contract = load(port);
                }
                c = contract;
            }
        }
        return c;
    }

    private static Contract load(int port) {
        try {
            HttpResponse<String> doc = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/rest/openapi"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("operator:demo".getBytes()))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (doc.statusCode() != 200) {
                throw new IllegalStateException("GET /rest/openapi answered " + doc.statusCode());
            }
            ParseOptions options = new ParseOptions();
            options.setResolve(true);
            OpenAPI api = new OpenAPIV3Parser().readContents(doc.body(), null, options).getOpenAPI();
            OpenApiInteractionValidator validator = OpenApiInteractionValidator.createForInlineApiSpecification(doc.body())
                    .withLevelResolver(LevelResolver.create()
                            // who may call is the security tests' business; the document lists both schemes
                            .withLevel("validation.request.security", ValidationReport.Level.IGNORE)
                            .build())
                    .build();
            return new Contract(doc.body(), api, validator, new ApiOperationResolver(api, null, true));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("could not read the service's OpenAPI document", e);
        }
    }

    /** The endpoints of the document ("METHOD /template"). */
    public static Set<String> documentedEndpoints() {
        Contract c = contract;
        Set<String> all = new TreeSet<>();
        if (c != null) {
            c.api().getPaths().forEach((path, item) -> item.readOperationsMap()
                    .forEach((method, op) -> all.add(method.name() + " " + path)));
        }
        return all;
    }

    public static Map<String, Integer> validatedEndpoints() {
        return new TreeMap<>(VALIDATED);
    }

    private static void writeCoverage() {
        Set<String> all = documentedEndpoints();
        if (all.isEmpty()) {
            return;
        }
        StringBuilder out = new StringBuilder();
        Map<String, Integer> seen = validatedEndpoints();
        out.append("CONTRACT endpoints whose every response was validated against /rest/openapi: ")
                .append(seen.keySet().stream().filter(all::contains).count()).append(" / ").append(all.size())
                .append(" (").append(seen.values().stream().mapToInt(Integer::intValue).sum()).append(" responses)\n");
        for (String e : all) {
            out.append(seen.containsKey(e) ? "  validated " + seen.get(e) + "\t" : "  not exercised\t").append(e)
                    .append(LOOSE.containsKey(e) ? "\t(+" + LOOSE.get(e) + " 2xx bodies not described yet)" : "")
                    .append('\n');
        }
        try {
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "contract-coverage-" + ProcessHandle.current().pid() + ".txt"),
                    out.toString());
        } catch (IOException ignored) {
            // the report is a convenience
        }
        System.out.print(out);
    }

    // ------------------------------------------------------------------------------------------------ the filter

    /** Puts the filter in front of everything (before the service's own input filter and Spring Security). */
    @Configuration(proxyBeanMethods = false)
    public static class Config {

        @Bean
        FilterRegistrationBean<ContractFilter> contractValidationFilter() {
            FilterRegistrationBean<ContractFilter> bean = new FilterRegistrationBean<>(new ContractFilter());
            bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
            // the error dispatch too: an error answered by the container's error page (an unknown path, a wrong
            // method) gets its body there, after the request's own dispatch is over
            bean.setDispatcherTypes(jakarta.servlet.DispatcherType.REQUEST, jakarta.servlet.DispatcherType.ERROR);
            return bean;
        }
    }

    static final class ContractFilter extends OncePerRequestFilter {

        static final String METHOD = ContractValidation.class.getName() + ".method";

        @Override
        protected boolean shouldNotFilterErrorDispatch() {
            return false;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            boolean error = request.getDispatcherType() == jakarta.servlet.DispatcherType.ERROR;
            Object original = request.getAttribute(jakarta.servlet.RequestDispatcher.ERROR_REQUEST_URI);
            String path = error && original instanceof String o ? o : request.getRequestURI();
            if (!path.startsWith("/rest/v1.0/")) {
                chain.doFilter(request, response);
                return;
            }
            byte[] body = error ? new byte[0] : request.getInputStream().readAllBytes();
            ContentCachingResponseWrapper caching = new ContentCachingResponseWrapper(response);
            chain.doFilter(error ? request : new Replay(request, body), caching);
            Object method = error ? request.getAttribute(METHOD) : request.getMethod();
            try {
                // an error with no body yet is answered by the error dispatch that follows: checked there, with the
                // request's own method (the error dispatch is a GET)
                if (error || caching.getStatus() < 400 || caching.getContentSize() > 0) {
                    check(request, String.valueOf(method), path, body, caching);
                } else {
                    request.setAttribute(METHOD, request.getMethod());
                }
            } catch (RuntimeException e) {
                VIOLATIONS.add(method + " " + path + ": the contract check failed: " + e);
            }
            caching.copyBodyToResponse();
        }
    }

    private static void check(HttpServletRequest request, String httpMethod, String path, byte[] body,
            ContentCachingResponseWrapper response) {
        Contract c = contract(request.getLocalPort());
        Request.Method method = Request.Method.valueOf(httpMethod);
        int status = response.getStatus();
        String responseBody = new String(response.getContentAsByteArray(), StandardCharsets.UTF_8);
        String what = httpMethod + " " + path + (request.getQueryString() == null ? "" : "?"
                + clip(request.getQueryString())) + " -> " + status;
        ApiOperationMatch match = c.resolver().findApiOperation(path, method);
        if (!match.isPathFound() || !match.isOperationAllowed()) {
            if (status < 400) {
                VIOLATIONS.add(what + ": not in the OpenAPI document, yet answered " + status);
            } else if (!responseBody.startsWith("{\"message\"")) {
                VIOLATIONS.add(what + ": an error without {\"message\"}: " + clip(responseBody));
            }
            return;
        }
        String endpoint = match.getApiOperation().getMethod().name() + " " + match.getApiOperation().getApiPath().original();
        SimpleResponse.Builder r = SimpleResponse.Builder.status(status);
        if (response.getContentType() != null) {
            r.withContentType(response.getContentType());
        }
        if (status < 300 && UNDESCRIBED_BODIES.contains(endpoint)) {
            LOOSE.merge(endpoint, 1, Integer::sum);
            return;
        }
        if (!responseBody.isEmpty()) {
            r.withBody(responseBody);
        }
        for (String h : response.getHeaderNames()) {
            r.withHeader(h, new ArrayList<>(response.getHeaders(h)));
        }
        ValidationReport responseReport;
        synchronized (c.validator()) {
            responseReport = c.validator().validateResponse(path, method, r.build());
        }
        if (responseReport.hasErrors()) {
            VIOLATIONS.add(what + ": the response does not match the document: " + messages(responseReport)
                    + " — body " + clip(responseBody));
            return;
        }
        if (status < 400) {
            ValidationReport requestReport;
            synchronized (c.validator()) {
                requestReport = c.validator().validateRequest(request(request, method, path, body));
            }
            if (requestReport.hasErrors()) {
                VIOLATIONS.add(what + ": accepted a request the document refuses: " + messages(requestReport)
                        + " — body " + clip(new String(body, StandardCharsets.UTF_8)));
                return;
            }
        }
        VALIDATED.merge(endpoint, 1, Integer::sum);
    }

    private static Request request(HttpServletRequest http, Request.Method method, String path, byte[] body) {
        SimpleRequest.Builder b = new SimpleRequest.Builder(method, path);
        if (http.getQueryString() != null) {
            Map<String, List<String>> query = new TreeMap<>();
            for (String pair : http.getQueryString().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            }
            query.forEach(b::withQueryParam);
        }
        for (String h : Collections.list(http.getHeaderNames())) {
            if (!h.equalsIgnoreCase("cookie")) {
                b.withHeader(h, Collections.list(http.getHeaders(h)));
            }
        }
        if (body.length > 0) {
            b.withBody(new String(body, StandardCharsets.UTF_8));
        }
        return b.build();
    }

    private static String messages(ValidationReport report) {
        List<String> out = new ArrayList<>();
        report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .forEach(m -> out.add("[" + m.getKey() + "] " + m.getMessage()));
        return String.join("; ", out);
    }

    private static String clip(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    /** The request with its body read once and replayed to the service. */
    private static final class Replay extends HttpServletRequestWrapper {
        private final byte[] body;

        Replay(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }

    // ------------------------------------------------------------------------------------------ the JUnit side

    /** Fails the test during which a request or response broke the contract. */
    public static final class Check implements BeforeEachCallback, AfterEachCallback {

        private static final String START = "contract-violations-before";

        @Override
        public void beforeEach(ExtensionContext context) {
            context.getStore(ExtensionContext.Namespace.GLOBAL).put(START, VIOLATIONS.size());
        }

        @Override
        public void afterEach(ExtensionContext context) {
            int from = context.getStore(ExtensionContext.Namespace.GLOBAL).getOrDefault(START, Integer.class, 0);
            List<String> found;
            synchronized (VIOLATIONS) {
                found = new ArrayList<>(VIOLATIONS.subList(Math.min(from, VIOLATIONS.size()), VIOLATIONS.size()));
            }
            if (!found.isEmpty()) {
                throw new AssertionError(found.size() + " request(s)/response(s) broke the OpenAPI contract:\n  "
                        + String.join("\n  ", found.subList(0, Math.min(30, found.size()))));
            }
        }
    }

    /** For the contract's own test: the violations so far. */
    public static List<String> violations() {
        synchronized (VIOLATIONS) {
            return new ArrayList<>(VIOLATIONS);
        }
    }
}
