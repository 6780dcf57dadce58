package io.permafrost.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A console user without a browser: signs in through the sign-in form and then carries the session cookie,
 * to whichever server (node) it is pointed at, so a test can sign in on one node and go on on another. It
 * follows no redirects: the test sees where the console sends it.
 */
public final class ConsoleVisitor {
    public static final String SESSION_COOKIE = "permafrost-console";
    private static final String SIGN_IN_COOKIE = "permafrost-console-sign-in";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private final String session;

    private ConsoleVisitor(String session) {
        this.session = session;
    }

    /** Signs in on {@code server} with the key and its secret; fails when the console does not open a session. */
    public static ConsoleVisitor signIn(URI server, String accessKeyId, String secret)
            throws IOException, InterruptedException {
        HttpResponse<String> form = HTTP.send(HttpRequest.newBuilder(server.resolve("/console/sign-in")).build(),
                HttpResponse.BodyHandlers.ofString());
        String formToken = cookie(form, SIGN_IN_COOKIE);
        HttpResponse<String> signedIn = HTTP.send(HttpRequest.newBuilder(server.resolve("/console/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", SIGN_IN_COOKIE + "=" + formToken)
                .POST(formBody(Map.of("csrf", csrfOf(form.body()), "accessKeyId", accessKeyId, "secret", secret,
                        "next", "/console/vaults"))).build(), HttpResponse.BodyHandlers.ofString());
        if (signedIn.statusCode() != 303) {
            throw new AssertionError("sign-in answered " + signedIn.statusCode() + ": " + signedIn.body());
        }
        return new ConsoleVisitor(cookie(signedIn, SESSION_COOKIE));
    }

    /** The session cookie's value (the token). */
    public String sessionToken() {
        return session;
    }

    /** GET of a console page on {@code server} with the session cookie. */
    public HttpResponse<String> get(URI server, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(server.resolve(path)).header("Cookie", SESSION_COOKIE + "=" + session)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POST of a console form on {@code server}, with the session's CSRF token read from {@code page}. */
    public HttpResponse<String> post(URI server, String path, String page, Map<String, String> fields)
            throws IOException, InterruptedException {
        Map<String, String> form = new java.util.HashMap<>(fields);
        form.put("csrf", csrfOf(page));
        return HTTP.send(HttpRequest.newBuilder(server.resolve(path)).header("Cookie", SESSION_COOKIE + "=" + session)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(formBody(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Whether {@code server} takes the cookie: a console page, not a redirect to the sign-in form. */
    public boolean isSignedInOn(URI server) throws IOException, InterruptedException {
        HttpResponse<String> vaults = get(server, "/console/vaults");
        if (vaults.statusCode() == 200) {
            return true;
        }
        String location = vaults.headers().firstValue("Location").orElse("");
        if (vaults.statusCode() == 303 && location.startsWith("/console/sign-in")) {
            return false;
        }
        throw new AssertionError("the vaults page answered " + vaults.statusCode() + " " + location);
    }

    private static String csrfOf(String page) {
        Matcher m = CSRF.matcher(page);
        if (!m.find()) {
            throw new AssertionError("no CSRF token on the page:\n" + page);
        }
        return m.group(1);
    }

    private static String cookie(HttpResponse<?> response, String name) {
        for (String set : response.headers().allValues("Set-Cookie")) {
            if (set.startsWith(name + "=")) {
                return set.substring(name.length() + 1).split(";", 2)[0];
            }
        }
        throw new AssertionError("no " + name + " cookie set; headers " + response.headers().map());
    }

    private static HttpRequest.BodyPublisher formBody(Map<String, String> fields) {
        return HttpRequest.BodyPublishers.ofString(fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
    }
}
