package io.permafrost.http.console;

import io.permafrost.audit.AuditScope;
import io.permafrost.audit.AuditTrail;
import java.util.UUID;
import io.permafrost.auth.Credential;
import io.permafrost.auth.CredentialStore;
import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import io.permafrost.session.ConsoleSessionStore;
import io.permafrost.vault.CallContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The console below {@code /console}: sign-in and sign-out, the session and CSRF checks every other
 * page passes, and the dispatch to the pages. Knows nothing of Jetty ({@link ConsoleHandler} adapts).
 */
final class ConsoleApp {
    static final String SESSION_COOKIE = "permafrost-console";
    static final String SIGN_IN_COOKIE = "permafrost-console-sign-in";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String STALE_FORM = "This form's security token is missing or out of date. Reload the page and try again.";

    private final ConsoleSessions sessions;
    private final ConsoleSignIn signIn;
    private final VaultPages vaultPages;
    private final ArchivePages archivePages;
    private final LockWizard lockWizard;
    private final SimulatorPage simulator;
    /** Null when the audit trail is off. */
    private final AuditTrail audit;

    ConsoleApp(ConsoleServices services, CredentialStore credentials, ConsoleSessionStore sessionStore, Clock clock,
               Duration idle, Duration absolute, AuditTrail audit) {
        this.audit = audit;
        this.sessions = new ConsoleSessions(sessionStore, credentials, clock, idle, absolute);
        this.signIn = new ConsoleSignIn(credentials, new SignInThrottle(clock));
        this.vaultPages = new VaultPages(services, clock);
        this.archivePages = new ArchivePages(services);
        this.lockWizard = new LockWizard(services, clock);
        this.simulator = new SimulatorPage(services);
    }

    ConsoleSessions sessions() {
        return sessions;
    }

    /** @param cookies the Set-Cookie values to send are added here */
    ConsoleReply handle(ConsoleRequest request, String sessionCookie, String signInCookie, boolean secure,
                        List<String> cookies) {
        String path = request.path();
        if (path.startsWith("/static/")) {
            return asset(path.substring("/static/".length()));
        }
        if (path.equals("/sign-in")) {
            return request.isPost() ? signIn(request, signInCookie, secure, cookies)
                    : signInForm(request.param("next"), null, secure, cookies, 200, request.query());
        }
        ConsoleSession session = sessions.find(sessionCookie).orElse(null);
        if (session == null) {
            return expired(request, sessionCookie != null);
        }
        String userAgent = request.header().apply("User-Agent");
        AuditScope scope = audit == null ? AuditScope.NONE : audit.openForConsole("console-" + UUID.randomUUID(),
                session.caller().arn(), request.remoteAddress(), userAgent);
        ConsoleRequest signedIn = request.withSession(session, new CallContext(session.caller(), request.remoteAddress(),
                secure, userAgent, scope));
        if (request.isPost()) {
            String presented = request.form().getOrDefault("csrf", request.header().apply(CSRF_HEADER));
            if (!SessionTokens.same(session.csrfToken(), presented)) {
                return path.endsWith("/upload") ? new ConsoleReply.Json(403, ConsoleJson.error("InvalidCsrfToken", STALE_FORM))
                        : new ConsoleReply.Html(403, new Page("Refused", session).heading("Refused").error(STALE_FORM).html());
            }
        }
        if (path.equals("/sign-out") && request.isPost()) {
            sessions.close(session.id());
            cookies.add(cookie(SESSION_COOKIE, "", secure, 0));
            return new ConsoleReply.Redirect("/console/sign-in?signed-out=1");
        }
        if (path.isEmpty() || path.equals("/")) {
            return new ConsoleReply.Redirect("/console/vaults");
        }
        ConsoleReply reply = dispatch(signedIn);
        // The pages answer a service's refusal themselves: success is a redirect or a 2xx page.
        scope.settled(reply instanceof ConsoleReply.Redirect || status(reply) < 400, "console HTTP " + status(reply));
        return reply;
    }

    private static int status(ConsoleReply reply) {
        if (reply instanceof ConsoleReply.Html html) {
            return html.status();
        }
        return reply instanceof ConsoleReply.Json json ? json.status() : 200;
    }

    private ConsoleReply dispatch(ConsoleRequest request) {
        String[] parts = request.path().substring(1).split("/", -1);
        if (!parts[0].equals("vaults")) {
            return notFound(request.session());
        }
        if (parts.length == 1) {
            return request.isPost() ? vaultPages.create(request) : vaultPages.list(request);
        }
        String vault = parts[1];
        String rest = String.join("/", List.of(parts).subList(2, parts.length));
        try {
            return switch (request.method() + " " + rest) {
                case "GET " -> vaultPages.vault(request, vault);
                case "POST delete" -> vaultPages.delete(request, vault);
                case "GET lock" -> lockWizard.show(request, vault, null, null);
                case "POST lock/initiate" -> lockWizard.initiate(request, vault);
                case "POST lock/try" -> lockWizard.tryDelete(request, vault);
                case "POST lock/complete" -> lockWizard.complete(request, vault);
                case "POST lock/abort" -> lockWizard.abort(request, vault);
                case "GET simulate" -> simulator.show(request, vault);
                case "GET archives" -> archivePages.archives(request, vault, null);
                case "POST upload" -> archivePages.upload(request, vault);
                case "POST inventory" -> archivePages.startInventory(request, vault);
                case "POST retrieve" -> archivePages.startRetrieval(request, vault);
                case "POST archives/delete" -> archivePages.delete(request, vault);
                case "GET jobs" -> archivePages.jobs(request, vault);
                default -> rest.startsWith("jobs/") && rest.endsWith("/output") && request.method().equals("GET")
                        ? archivePages.download(request, vault, rest.substring(5, rest.length() - 7))
                        : notFound(request.session());
            };
        } catch (GlacierException e) {
            // Whatever a page did not answer itself: the API's own code and message, on a page of the console.
            Page page = new Page("Refused", request.session()).heading(e.errorCode().code());
            return new ConsoleReply.Html(e.errorCode().httpStatus(), page.error(e.getMessage())
                    .raw("<p>" + Page.link("/console/vaults", "Back to the vaults") + "</p>").html());
        }
    }

    /**
     * No live session: back to sign-in, remembering the page (a form's {@code back}) to return to; told it
     * ended only when the browser did present a session (a first visit is not an expiry).
     */
    private static ConsoleReply expired(ConsoleRequest request, boolean hadSession) {
        String wanted = request.isPost() ? request.form().get("back") : "/console" + request.path()
                + (request.query().isEmpty() ? "" : "?" + ConsoleJson.query(request.query()));
        if (request.path().endsWith("/upload")) {
            return new ConsoleReply.Json(401, ConsoleJson.error("SessionExpired", "Your session has ended. Sign in again."));
        }
        return new ConsoleReply.Redirect("/console/sign-in?" + (hadSession ? "expired=1&" : "") + "next=" + URLEncoder.encode(
                safeNext(wanted), StandardCharsets.UTF_8));
    }

    /** Only a page of this console: never another site, whatever a crafted link says. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/console/") || next.startsWith("//") || next.contains("\\")
                || next.contains("/..") || next.startsWith("/console/sign-")) {
            return "/console/vaults";
        }
        return next;
    }

    private ConsoleReply signIn(ConsoleRequest request, String signInCookie, boolean secure, List<String> cookies) {
        String next = request.form().get("next");
        if (!SessionTokens.same(signInCookie, request.form().get("csrf"))) {
            return signInForm(next, STALE_FORM, secure, cookies, 403, Map.of());
        }
        Credential credential;
        try {
            credential = signIn.signIn(request.form().get("accessKeyId"), request.form().get("secret"),
                    request.remoteAddress());
        } catch (GlacierException e) {
            return signInForm(next, e.getMessage(), secure, cookies, e.errorCode().httpStatus(), Map.of());
        }
        ConsoleSession session = sessions.open(credential);
        cookies.add(cookie(SESSION_COOKIE, session.id(), secure, -1));
        cookies.add(cookie(SIGN_IN_COOKIE, "", secure, 0));
        return new ConsoleReply.Redirect(safeNext(next));
    }

    private static ConsoleReply signInForm(String next, String error, boolean secure, List<String> cookies, int status,
                                           Map<String, String> query) {
        // A sign-in form has no session yet: its token is a cookie of its own, which the POST must echo.
        String token = SessionTokens.fresh();
        cookies.add(cookie(SIGN_IN_COOKIE, token, secure, -1));
        Page page = new Page("Sign in", null).heading("Sign in to Permafrost");
        if (query.containsKey("expired")) {
            page.notice("Your session has ended. Sign in again to return to the page you were on.");
        }
        if (query.containsKey("signed-out")) {
            page.notice("You are signed out.");
        }
        if (error != null) {
            page.error(error);
        }
        page.raw("<form method=\"post\" action=\"/console/sign-in\" id=\"sign-in\">\n"
                + "<input type=\"hidden\" name=\"csrf\" value=\"" + Page.esc(token) + "\">\n"
                + "<input type=\"hidden\" name=\"next\" value=\"" + Page.esc(safeNext(next)) + "\">\n"
                + Page.field("accessKeyId", "Access key ID", "text", "", true)
                + Page.field("secret", "Secret access key", "password", "", true)
                + "<button type=\"submit\">Sign in</button>\n</form>\n"
                + "<p class=\"hint\">The same access keys the API accepts; you act with exactly their permissions.</p>\n");
        return new ConsoleReply.Html(status, page.html());
    }

    /**
     * HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Path=/console (the API
     * never sees it), Secure whenever the console is served over TLS. {@code maxAge} 0 deletes, -1 is per-browser-session.
     */
    static String cookie(String name, String value, boolean secure, int maxAge) {
        return name + "=" + value + "; Path=/console; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
                + (maxAge >= 0 ? "; Max-Age=" + maxAge : "");
    }

    private static ConsoleReply notFound(ConsoleSession session) {
        return new ConsoleReply.Html(404, new Page("Not found", session).heading("Not found")
                .error("There is no such page in the console.").html());
    }

    private static ConsoleReply asset(String name) {
        String type = switch (name) {
            case "console.css" -> "text/css; charset=utf-8";
            case "console.js" -> "text/javascript; charset=utf-8";
            default -> null;
        };
        if (type == null) {
            return new ConsoleReply.Html(404, new Page("Not found", null).heading("Not found").html());
        }
        try (InputStream in = Objects.requireNonNull(ConsoleApp.class.getResourceAsStream("/console/" + name))) {
            return new ConsoleReply.Asset(type, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For the failure path: a refusal the dispatch never saw (bad form encoding, say). */
    static ConsoleReply refused(ConsoleSession session, GlacierException e) {
        return new ConsoleReply.Html(e.errorCode().httpStatus(), new Page("Refused", session)
                .heading(e.errorCode().code()).error(e.getMessage()).html());
    }

    static ConsoleReply unavailable() {
        GlacierException e = new GlacierException(ErrorCode.SERVICE_UNAVAILABLE, "The service could not complete the request.");
        return refused(null, e);
    }
}
