package io.permafrost.http.console;

import io.permafrost.audit.AuditTrail;
import io.permafrost.auth.CredentialStore;
import io.permafrost.glacier.GlacierException;
import io.permafrost.session.ConsoleSessionStore;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The web console's door on the API port: everything under {@link #PREFIX}. Authenticates by session
 * cookie instead of SigV4, for this prefix only; the Glacier routes never look at a cookie. Adapts Jetty
 * to {@link ConsoleApp} and renders every failure as a console page: never Jetty's error page, never a
 * stack trace.
 */
public final class ConsoleHandler extends Handler.Abstract {
    public static final String PREFIX = "/console";
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleHandler.class);
    /** Forms are small: a lock policy (20 KiB at most) is the largest field a console form sends. */
    private static final int MAX_FORM_BYTES = 64 * 1024;

    private final ConsoleApp app;

    /**
     * @param sessions where sessions are kept (with the metadata: every node sees them)
     * @param clock the compliance clock, which sessions end by
     * @param audit the audit trail the console's actions are recorded in; null when it is off
     */
    public ConsoleHandler(ConsoleServices services, CredentialStore credentials, ConsoleSessionStore sessions,
                          Clock clock, AuditTrail audit) {
        this.app = new ConsoleApp(services, credentials, sessions, clock, ConsoleSessions.DEFAULT_IDLE,
                ConsoleSessions.DEFAULT_ABSOLUTE, audit);
    }

    /** Whether a request path belongs to the console (and so never to the Glacier routes). */
    public static boolean owns(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!owns(request.getHttpURI().getPath())) {
            return false;
        }
        List<String> cookies = new ArrayList<>();
        ConsoleReply reply;
        try {
            reply = app.handle(toConsole(request), cookie(request, ConsoleApp.SESSION_COOKIE),
                    cookie(request, ConsoleApp.SIGN_IN_COOKIE), request.isSecure(), cookies);
        } catch (GlacierException e) {
            reply = ConsoleApp.refused(null, e);
        } catch (Exception | Error e) {
            LOG.error("console request {} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
            reply = ConsoleApp.unavailable();
        }
        send(request, response, callback, reply, cookies);
        return true;
    }

    private static ConsoleRequest toConsole(Request request) throws Exception {
        String path = request.getHttpURI().getDecodedPath().substring(PREFIX.length());
        Map<String, String> query = single(Request.extractQueryParameters(request));
        boolean upload = path.endsWith("/upload");
        Map<String, String> form = Map.of();
        if (request.getMethod().equals("POST") && !upload) {
            try {
                form = single(FormFields.getFields(request, 100, MAX_FORM_BYTES));
            } catch (RuntimeException e) {
                throw GlacierException.invalidParameter("The form could not be read: " + e.getMessage());
            }
        }
        InputStream body = upload ? Content.Source.asInputStream(request) : InputStream.nullInputStream();
        return new ConsoleRequest(request.getMethod(), path, query, form, null, null, Request.getRemoteAddr(request),
                name -> request.getHeaders().get(name), body, request.getLength());
    }

    private static Map<String, String> single(Fields fields) {
        Map<String, String> values = new HashMap<>();
        for (Fields.Field field : fields) {
            values.put(field.getName(), field.getValue());
        }
        return values;
    }

    private static String cookie(Request request, String name) {
        for (HttpCookie cookie : Request.getCookies(request)) {
            if (cookie.getName().equals(name)) {
                return cookie.getValue();
            }
        }
        return null;
    }

    private static void send(Request request, Response response, Callback callback, ConsoleReply reply,
                             List<String> cookies) {
        var headers = response.getHeaders();
        cookies.forEach(c -> headers.add(HttpHeader.SET_COOKIE, c));
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "same-origin");
        headers.put("X-Frame-Options", "DENY");
        // No inline script or style anywhere in the console, so nothing injected into a page could run.
        headers.put("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; "
                + "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        try {
            if (reply instanceof ConsoleReply.Html html) {
                write(response, callback, html.status(), "text/html; charset=utf-8", html.html());
            } else if (reply instanceof ConsoleReply.Json json) {
                write(response, callback, json.status(), "application/json", json.json());
            } else if (reply instanceof ConsoleReply.Asset asset) {
                headers.put(HttpHeader.CACHE_CONTROL, "max-age=300");
                response.setStatus(200);
                headers.put(HttpHeader.CONTENT_TYPE, asset.contentType());
                response.write(true, ByteBuffer.wrap(asset.bytes()), callback);
            } else if (reply instanceof ConsoleReply.Redirect redirect) {
                response.setStatus(303);
                headers.put(HttpHeader.LOCATION, redirect.location());
                response.write(true, null, callback);
            } else if (reply instanceof ConsoleReply.Download download) {
                response.setStatus(200);
                headers.put(HttpHeader.CONTENT_TYPE, download.contentType());
                headers.put(HttpHeader.CONTENT_LENGTH, download.length());
                headers.put("Content-Disposition", "attachment; filename=\"" + download.fileName() + "\"");
                try (OutputStream out = Content.Sink.asOutputStream(response)) {
                    download.body().writeTo(out);
                }
                callback.succeeded();
            }
        } catch (Exception e) {
            // The answer was under way (a download whose stored bytes failed verification): break it.
            LOG.warn("console answer to {} broken off: {}", request.getHttpURI().getPath(), e.getMessage());
            callback.failed(e);
        }
    }

    private static void write(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
