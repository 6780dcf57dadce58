package io.permafrost.http.console;

import io.permafrost.vault.CallContext;

import java.io.InputStream;
import java.util.Map;
import java.util.function.Function;

/**
 * A console request with the HTTP layer's types taken out: path below {@code /console}, query and form
 * fields, the session (null before sign-in), and for uploads the raw body.
 *
 * @param context who calls the domain services: the signed-in identity over this connection (null without a session)
 */
record ConsoleRequest(String method, String path, Map<String, String> query, Map<String, String> form,
                      ConsoleSession session, CallContext context, String remoteAddress,
                      Function<String, String> header, InputStream body, long contentLength) {

    String param(String name) {
        String value = form.get(name);
        return value != null ? value : query.get(name);
    }

    ConsoleRequest withSession(ConsoleSession signedIn, io.permafrost.vault.CallContext asCaller) {
        return new ConsoleRequest(method, path, query, form, signedIn, asCaller, remoteAddress, header, body,
                contentLength);
    }

    boolean isPost() {
        return method.equals("POST");
    }
}
