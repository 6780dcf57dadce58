package io.permafrost.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.permafrost.glacier.GlacierException;
import io.permafrost.vault.CallContext;
import io.permafrost.vault.JobOutputSink;
import io.permafrost.vault.PayloadCheck;
import io.permafrost.vault.UploadBody;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * One request being served: typed access to its path parameters, headers, query and body, and the
 * ways to answer it. Handlers see only this, never Jetty's types.
 */
public final class Exchange {
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final Route route;
    private final CallContext context;
    private final Fields query;
    private final byte[] bufferedBody;
    private final PayloadCheck payloadCheck;
    private boolean finished;

    Exchange(Request request, Response response, Callback callback, Route route, CallContext context, Fields query,
             byte[] bufferedBody, PayloadCheck payloadCheck) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.route = route;
        this.context = context;
        this.query = query;
        this.bufferedBody = bufferedBody;
        this.payloadCheck = payloadCheck;
    }

    public io.permafrost.glacier.Operation operation() {
        return route.operation();
    }

    public CallContext context() {
        return context;
    }

    public String account() {
        return route.param("accountId");
    }

    public String vault() {
        return route.param("vaultName");
    }

    public String pathParam(String name) {
        return route.param(name);
    }

    public String header(String name) {
        return request.getHeaders().get(name);
    }

    public String query(String name) {
        return query == null ? null : query.getValue(name);
    }

    /** The {@code limit} query parameter: default {@code max}, 1..max, larger values clamped (spec 3.8). */
    public int limit(int max) {
        String text = query("limit");
        if (text == null) {
            return max;
        }
        try {
            int limit = Integer.parseInt(text.trim());
            if (limit < 1) {
                throw GlacierException.invalidParameter("Invalid limit: " + text + ". The limit must be a positive integer.");
            }
            return Math.min(limit, max);
        } catch (NumberFormatException e) {
            throw GlacierException.invalidParameter("Invalid limit: " + text + ". The limit must be a positive integer.");
        }
    }

    /** The request body as a JSON object (JSON operations only). */
    public JsonNode jsonBody() {
        return JsonCodec.readObject(bufferedBody);
    }

    /** The request body as a stream, for the upload operations. */
    public UploadBody uploadBody() {
        long length = request.getLength();
        return new UploadBody(Content.Source.asInputStream(request), length, payloadCheck);
    }

    /** Answers with a status and headers and no body. */
    public void respond(int status, Map<String, String> headers) {
        context.audit().answered();
        response.setStatus(status);
        headers.forEach((name, value) -> response.getHeaders().put(name, value));
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
        finished = true;
        response.write(true, null, callback);
    }

    /** Answers with a JSON body. */
    public void respondJson(int status, Object body) {
        context.audit().answered();
        byte[] bytes = JsonCodec.write(body);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) bytes.length);
        finished = true;
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    /**
     * Starts a body sent buffer by buffer ({@link ResponseBodySink}); the caller sends exactly
     * {@code contentLength} bytes, waits for the last send, then calls {@link #finishBody} (or
     * {@link #abortStream} to cut the connection if the bytes turn out wrong).
     */
    public JobOutputSink startBody(int status, Map<String, String> headers, String contentType, long contentLength) {
        context.audit().answered();
        response.setStatus(status);
        headers.forEach((name, value) -> response.getHeaders().put(name, value));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, contentLength);
        finished = true;
        return new ResponseBodySink(response);
    }

    /** Ends a body begun with {@link #startBody}: the response completes once the last write is out. */
    public void finishBody() {
        response.write(true, null, callback);
    }

    /** Fails the response mid-body: the client sees a broken transfer, never silently wrong bytes. */
    public void abortStream(Throwable cause) {
        callback.failed(cause);
    }

    boolean finished() {
        return finished;
    }
}
