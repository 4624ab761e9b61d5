package com.crosswalk.security;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint the service maps (Spring's {@link RequestMappingHandlerMapping}: controllers and springdoc), so a new
 * endpoint is covered by the security and bad-input tests without editing them; and the ids of one company to put
 * into their path variables.
 */
final class Endpoints {

    static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Pattern VARIABLE = Pattern.compile("\\{([a-zA-Z]+)(?::([^}]*))?}");

    record Endpoint(String method, String pattern, String handler) {

        boolean rest() {
            return pattern.startsWith("/rest/");
        }

        boolean write() {
            return WRITES.contains(method);
        }

        boolean hasPathIds() {
            return pattern.contains("{");
        }

        @Override
        public String toString() {
            return method + " " + pattern;
        }
    }

    static List<Endpoint> all(RequestMappingHandlerMapping mapping) {
        List<Endpoint> out = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, org.springframework.web.method.HandlerMethod> e
                : mapping.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = e.getKey();
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            List<String> verbs = methods.isEmpty() ? List.of("GET", "POST")
                    : methods.stream().map(Enum::name).toList();
            for (String pattern : info.getPatternValues()) {
                if (pattern.equals("/error")) {
                    continue;
                }
                for (String verb : verbs) {
                    out.add(new Endpoint(verb, pattern, e.getValue().getBeanType().getSimpleName() + "."
                            + e.getValue().getMethod().getName()));
                }
            }
        }
        out.sort(Comparator.comparing(Endpoint::pattern).thenComparing(Endpoint::method));
        return out;
    }

    /** The ids of one company's records, as path variables take them. */
    record Ids(long company, long project, long commitment, long cco, long vendor, long user, long token, long job) {

        static Ids of(JdbcClient jdbc, String companyName, long token) {
            long company = jdbc.sql("select id from company where name = ?").params(companyName).query(Long.class)
                    .single();
            long project = jdbc.sql("select min(id) from project where company_id = ?").params(company)
                    .query(Long.class).single();
            long commitment = jdbc.sql("select min(id) from commitment where project_id = ?").params(project)
                    .query(Long.class).single();
            long cco = jdbc.sql("select min(id) from commitment_change_order where commitment_id = ?")
                    .params(commitment).query(Long.class).single();
            long vendor = jdbc.sql("select min(id) from vendor where company_id = ?").params(company)
                    .query(Long.class).single();
            long user = jdbc.sql("select min(id) from app_user where company_id = ?").params(company)
                    .query(Long.class).single();
            // a job of this company (an old finished one, made here if it has none: no page shows it as recent)
            long job = jdbc.sql("select min(id) from job where company_id = ?").params(company).query(Long.class)
                    .optional().filter(java.util.Objects::nonNull).orElseGet(() -> jdbc.sql("""
                            insert into job (company_id, kind, state, summary, created_at, started_at, finished_at)
                            values (?, 'cost_code_import', 'finished', 'A job of the security tests', now() - interval '1 day',
                                    now() - interval '1 day', now() - interval '1 day')
                            returning id""").params(company).query(Long.class).single());
            return new Ids(company, project, commitment, cco, vendor, user, token, job);
        }
    }

    /** The path with each variable replaced: ids of {@code ids}' company, the first alternative of a regex. */
    static String path(String pattern, Ids ids) {
        Matcher m = VARIABLE.matcher(pattern);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String regex = m.group(2);
            String value;
            if (regex != null && regex.matches("[a-z_\\-|]+")) {
                value = regex.split("\\|")[0];
            } else {
                value = switch (name) {
                    case "companyId" -> Long.toString(ids.company());
                    case "projectId" -> Long.toString(ids.project());
                    case "userId" -> Long.toString(ids.user());
                    case "tokenId" -> Long.toString(ids.token());
                    case "recordType" -> "commitment_change_order";
                    case "recordId" -> Long.toString(ids.cco());
                    case "id" -> Long.toString(idFor(pattern.substring(0, m.start()), ids));
                    default -> "1";
                };
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static long idFor(String before, Ids ids) {
        String p = before;
        if (p.contains("{records:commitment_change_orders") || p.endsWith("commitment_change_orders/")
                || p.endsWith("change-orders/") || p.contains("{records:commitment-change-orders")
                || p.endsWith("commitment-change-orders/")) {
            return ids.cco();
        }
        if (p.endsWith("commitments/")) {
            return ids.commitment();
        }
        if (p.endsWith("jobs/")) {
            return ids.job();
        }
        if (p.contains("{records:vendors") || p.endsWith("vendors/")) {
            return ids.vendor();
        }
        if (p.endsWith("projects/")) {
            return ids.project();
        }
        return ids.cco();
    }
}
