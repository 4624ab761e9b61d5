package com.crosswalk.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Input no handler can make sense of is refused here with a 400, before anything reads it: a query string that is
 * not UTF-8 once percent-decoded ({@code ?company_id=%FF}), a malformed escape ({@code %G1}), a NUL character in
 * any parameter (query or form), a form body the container can not parse. The API gets {"message": ...}, a page a
 * short page. (Unfiltered, each was a 500 deep inside a controller or the database.)
 */
class RequestInputFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String problem = problem(request);
        if (problem != null) {
            refuse(request, response, problem);
            return;
        }
        chain.doFilter(request, response);
    }

    static String problem(HttpServletRequest request) {
        String query = request.getQueryString();
        if (query != null) {
            String decoded = strictlyDecoded(query);
            if (decoded == null) {
                return "The address holds characters that are not valid UTF-8 (or a malformed % escape)";
            }
            if (decoded.indexOf('\u0000') >= 0) {
                return "The address holds a NUL character";
            }
        }
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        } catch (RuntimeException e) { // the container could not parse the form body (bad encoding, too many fields)
            return "The form data could not be read (not valid UTF-8, or too many fields)";
        }
        for (var e : parameters.entrySet()) {
            if (e.getKey().indexOf('\u0000') >= 0) {
                return "A field name holds a NUL character";
            }
            for (String v : e.getValue()) {
                if (v != null && v.indexOf('\u0000') >= 0) {
                    return "A field holds a NUL character, which can not be stored";
                }
            }
        }
        return null;
    }

    /** The query string percent-decoded as UTF-8, strictly; null when it is malformed. */
    static String strictlyDecoded(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else if (c <= 0xff) { // the raw query string: one char per byte
                bytes.write(c);
            } else {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** An API request (by its address), or a client that does not ask for HTML. */
    static boolean wantsJson(HttpServletRequest request) {
        Object original = request.getAttribute(jakarta.servlet.RequestDispatcher.ERROR_REQUEST_URI);
        String uri = original instanceof String s ? s : request.getRequestURI();
        if (uri != null && (uri.startsWith("/rest/") || uri.startsWith("/actuator/"))) {
            return true;
        }
        String accept = request.getHeader("Accept");
        return accept != null && !accept.contains("text/html") && accept.contains("json");
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, String message)
            throws IOException {
        response.setStatus(400);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Cache-Control", "no-store");
        if (wantsJson(request)) {
            response.setContentType("application/json");
            response.getWriter().write("{\"message\":\"" + message + "\"}");
        } else {
            response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'self'; frame-ancestors 'none'");
            response.setContentType("text/html");
            response.getWriter().write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not valid"
                    + " · Crosswalk</title><link rel=\"stylesheet\" href=\"/css/crosswalk.css\"></head><body><main "
                    + "class=\"page\"><h1>400 · Not valid</h1><p>" + message + ".</p><p><a href=\"/\">Home</a></p>"
                    + "</main></body></html>");
        }
    }
}
