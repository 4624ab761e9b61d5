package com.crosswalk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser session over plain HTTP: signed in with the login form (CSRF token from the page), cookies kept. */
public final class TestSession {

    private final int port;
    private final HttpClient browser;

    private TestSession(int port) {
        this.port = port;
        this.browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** No one signed in. */
    public static TestSession anonymous(int port) {
        return new TestSession(port);
    }

    /** Signed in as a demo user (password 'demo'). */
    public static TestSession signIn(int port, String login) {
        TestSession s = new TestSession(port);
        String page = s.get("/login").body();
        Matcher m = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"")
                .matcher(page);
        assertThat(m.find()).as("csrf token on the login page").isTrue();
        String token = m.group(1) != null ? m.group(1) : m.group(2);
        HttpResponse<String> r = s.send(HttpRequest.newBuilder(s.uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + URLEncoder.encode(login, StandardCharsets.UTF_8)
                        + "&password=demo&_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                .build());
        assertThat(r.statusCode()).as("sign-in as " + login).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElse("")).as("sign-in as " + login).doesNotContain("error");
        return s;
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    /** The CSRF token of this session, as the home page's layout carries it (every page's forms use it). */
    public String csrf() {
        Matcher m = Pattern.compile("name=\"csrf-token\"\\s+content=\"([^\"]+)\"").matcher(get("/").body());
        assertThat(m.find()).as("csrf token in the page").isTrue();
        return m.group(1);
    }

    /** A form post with the session's CSRF token; {@code form} is already url-encoded ({@link #form}). */
    public HttpResponse<String> post(String path, String form) {
        String body = (form.isEmpty() ? "" : form + "&") + "_csrf=" + URLEncoder.encode(csrf(), StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** {@code name=value&...}, url-encoded, in the order given (repeated names allowed: "a", "1", "a", "2"). */
    public static String form(String... namesAndValues) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (b.length() > 0) {
                b.append('&');
            }
            b.append(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    /** Any request through this session (its cookies). */
    public HttpResponse<String> request(HttpRequest.Builder request) {
        return send(request.build());
    }

    public URI address(String path) {
        return uri(path);
    }

    /** GET with one more request header. */
    public HttpResponse<String> get(String path, String header, String value) {
        return send(HttpRequest.newBuilder(uri(path)).header(header, value).GET().build());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return browser.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
