package io.permafrost.it;

import io.permafrost.audit.AuditEvent;
import io.permafrost.audit.AuditRecord;
import io.permafrost.auth.Credential;
import io.permafrost.glacier.Caller;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's actions go into the audit trail with the signed-in user as principal: one it was allowed
 * (CreateVault) and one the gate refused (Deny), read back from the chain. The console is a set of HTML
 * forms, so it is driven over plain HTTP as a browser would (cookies, the forms' CSRF tokens); the SDK has
 * no client for it.
 */
class ConsoleAuditIT {
    private static final String READER_KEY = "CONSOLEREADER";
    private static final String READER_SECRET = "console-reader-secret";
    private static final String READER_ARN = Identities.userArn(TestServer.ACCOUNT, "reader");
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        // A user who may list vaults and nothing else.
        Caller reader = new Caller(TestServer.ACCOUNT, READER_ARN, "reader", "AIDAREADER", List.of(
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"glacier:ListVaults\","
                        + "\"Resource\":\"*\"}}"), false);
        server = new TestServer(List.of(Credential.permanent(READER_KEY, READER_SECRET, reader)), c -> c);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aVaultCreatedInTheConsoleIsRecordedWithTheSignedInUser() throws Exception {
        Browser browser = Browser.signedIn(TestServer.ROOT_KEY, TestServer.ROOT_SECRET);
        AuditLog audit = new AuditLog(server);

        HttpResponse<String> created = browser.submit("/console/vaults", Map.of("name", "made-in-console"));

        assertThat(created.statusCode()).isBetween(300, 399);
        assertThat(created.headers().firstValue("Location")).hasValue("/console/vaults/made-in-console");
        List<AuditRecord> records = audit.fresh();
        assertThat(records).hasSize(1);
        AuditEvent event = records.get(0).event();
        assertThat(event.principal()).isEqualTo(Identities.rootArn(TestServer.ACCOUNT));
        assertThat(event.operation()).isEqualTo("CreateVault");
        assertThat(event.vault()).isEqualTo("made-in-console");
        assertThat(event.decision()).isEqualTo("Allow");
        assertThat(event.result()).isEqualTo(AuditEvent.OK);
        assertThat(event.requestId()).startsWith("console-");
    }

    @Test
    void aConsoleActionTheGateRefusesIsRecordedAsDeny() throws Exception {
        Browser browser = Browser.signedIn(READER_KEY, READER_SECRET);
        AuditLog audit = new AuditLog(server);

        HttpResponse<String> refused = browser.submit("/console/vaults", Map.of("name", "not-for-readers"));

        assertThat(refused.statusCode()).isEqualTo(403);
        List<AuditRecord> records = audit.fresh();
        assertThat(records).hasSize(1);
        AuditEvent event = records.get(0).event();
        assertThat(event.principal()).isEqualTo(READER_ARN);
        assertThat(event.operation()).isEqualTo("CreateVault");
        assertThat(event.vault()).isEqualTo("not-for-readers");
        assertThat(event.decision()).isEqualTo("Deny");
        assertThat(event.statement()).isEqualTo("implicit deny");
        assertThat(event.result()).isEqualTo("AccessDeniedException");
    }

    /** What a browser does for the console: keeps its cookies and echoes each form's CSRF token. */
    private record Browser(HttpClient http) {
        static Browser signedIn(String key, String secret) throws Exception {
            Browser browser = new Browser(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                    .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL)).build());
            HttpResponse<String> signedIn = browser.submit("/console/sign-in",
                    Map.of("accessKeyId", key, "secret", secret, "next", "/console/vaults"));
            assertThat(signedIn.statusCode()).as("sign-in answers with a redirect").isBetween(300, 399);
            return browser;
        }

        /** Loads the page that holds the form (the action itself for these pages), then posts it with its token. */
        HttpResponse<String> submit(String action, Map<String, String> fields) throws Exception {
            String form = get(action).body();
            Matcher token = CSRF.matcher(form);
            assertThat(token.find()).as("the page has a form with a CSRF token").isTrue();
            String body = fields.entrySet().stream()
                    .map(f -> encode(f.getKey()) + "=" + encode(f.getValue()))
                    .collect(Collectors.joining("&", "csrf=" + encode(token.group(1)) + "&back=" + encode(action) + "&", ""));
            return http.send(HttpRequest.newBuilder(uri(action)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        private HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        private static URI uri(String path) {
            return URI.create("http://127.0.0.1:" + server.port() + path);
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }
}
