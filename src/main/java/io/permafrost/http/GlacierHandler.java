package io.permafrost.http;

import io.permafrost.auth.PayloadHash;
import io.permafrost.auth.PendingSignature;
import io.permafrost.auth.SigV4Verifier;
import io.permafrost.auth.SignedRequest;
import io.permafrost.glacier.Caller;
import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.IdGenerator;
import io.permafrost.glacier.Operation;
import io.permafrost.glacier.TreeHash;
import io.permafrost.vault.CallContext;
import io.permafrost.vault.PayloadCheck;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The front door: every request gets a request id, is authenticated (SigV4), checked for the API
 * version, routed to its operation and handed to that operation's handler; every failure leaves
 * through {@link ErrorRenderer}. Check order follows spec 4.5.
 */
public final class GlacierHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(GlacierHandler.class);
    static final String API_VERSION = "2012-06-01";
    private static final int MAX_JSON_BODY = 1024 * 1024;
    private static final Set<Operation> STREAMED_BODY = Set.of(Operation.UploadArchive, Operation.UploadMultipartPart);
    private static final String CONTENT_SHA256 = "x-amz-content-sha256";
    private static final String UNSIGNED_PAYLOAD = PayloadHash.UNSIGNED_PAYLOAD;

    private final Router router = new Router();
    private final HandlerRegistry handlers;
    private final SigV4Verifier verifier;
    private final IdGenerator ids;

    public GlacierHandler(HandlerRegistry handlers, SigV4Verifier verifier, IdGenerator ids) {
        this.handlers = handlers;
        this.verifier = verifier;
        this.ids = ids;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        response.getHeaders().put("x-amzn-RequestId", ids.requestId());
        Exchange exchange = null;
        Acceptance state = new Acceptance();
        try {
            exchange = accept(request, response, callback, state);
            Operation operation = exchange == null ? null : exchange.operation();
            OperationHandler handler = handlers.find(operation)
                    .orElseThrow(() -> new GlacierException(ErrorCode.BAD_REQUEST,
                            "The operation " + operation + " is not supported by this server"));
            handler.handle(exchange);
        } catch (GlacierException e) {
            fail(request, response, callback, exchange, unlessUnproven(request, state.pending, e));
        } catch (Exception | Error e) {
            LOG.error("request {} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
            fail(request, response, callback, exchange, new GlacierException(ErrorCode.SERVICE_UNAVAILABLE,
                    "The service could not complete the request."));
        }
        return true;
    }

    private static void fail(Request request, Response response, Callback callback, Exchange exchange,
                             GlacierException e) {
        if (exchange != null && exchange.finished()) {
            // The answer is already under way; all we can do is break it so the client notices.
            exchange.abortStream(e);
            return;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {}: {}", e.errorCode().httpStatus(), e.errorCode().code(), e.getMessage());
        }
        if (e.errorCode() != ErrorCode.REQUEST_TIMEOUT) {
            discardUnreadBody(request);
        }
        ErrorRenderer.render(response, callback, e);
    }

    /**
     * A client that sends its body without waiting for {@code 100-continue} (every Glacier SDK on
     * UploadArchive) is still writing when a request is refused before its body was read; closing the
     * connection on it turns the error into a broken pipe it never sees. Reading the rest and throwing
     * it away (one buffer, never stored) lets it finish and read the answer. A client that did ask for
     * 100-continue never got it, so it sends nothing and there is nothing to read.
     */
    private static void discardUnreadBody(Request request) {
        if (request.getHeaders().contains(HttpHeader.EXPECT, HttpHeaderValue.CONTINUE.asString())) {
            return;
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] buffer = new byte[64 * 1024];
            while (in.read(buffer) >= 0) {
                // discarded
            }
        } catch (java.io.IOException | RuntimeException ignored) {
            // The client is gone or the body was already consumed: nothing left to drain.
        }
    }

    /** What is known about a request while it is being accepted, for the failure path. */
    private static final class Acceptance {
        PendingSignature pending;
    }

    private Exchange accept(Request request, Response response, Callback callback, Acceptance state)
            throws Exception {
        String method = request.getMethod();
        String rawPath = request.getHttpURI().getPath();
        String rawQuery = request.getHttpURI().getQuery();
        Fields query = Request.extractQueryParameters(request);
        Optional<Route> route = router.match(method, rawPath, query.getValue("operation"));
        boolean streamed = route.map(r -> STREAMED_BODY.contains(r.operation())).orElse(false);

        SignedRequest signed = new SignedRequest(method, rawPath, rawQuery, headers(request));
        String claimedHash = request.getHeaders().get(CONTENT_SHA256);
        byte[] body = streamed ? null : readSmallBody(request);
        String bodyHash = body == null ? null : PayloadHash.of(body);
        // An upload without x-amz-content-sha256 can only have its signature checked once the body has
        // streamed: until then the caller is claimed, and nothing is committed before it is proven.
        boolean deferred = streamed && claimedHash == null;
        PendingSignature pending = deferred ? verifier.authenticate(signed) : null;
        state.pending = pending;
        Caller caller = deferred ? pending.claimedCaller()
                : verifier.verify(signed, claimedHash != null ? claimedHash : bodyHash);
        if (claimedHash != null && bodyHash != null && !UNSIGNED_PAYLOAD.equals(claimedHash)
                && !claimedHash.equalsIgnoreCase(bodyHash)) {
            throw payloadMismatch(bodyHash, claimedHash);
        }
        if (request.getHeaders().get("x-amz-glacier-version") == null) {
            throw GlacierException.missingParameter("API version");
        }
        if (!API_VERSION.equals(request.getHeaders().get("x-amz-glacier-version"))) {
            throw GlacierException.invalidParameter("Invalid API version: "
                    + request.getHeaders().get("x-amz-glacier-version") + ". The supported version is " + API_VERSION);
        }
        Route matched = route.orElseThrow(() -> unroutable(method, rawPath, query.getValue("operation")));
        CallContext context = new CallContext(caller, Request.getRemoteAddr(request), request.isSecure(),
                request.getHeaders().get("User-Agent"));
        PayloadCheck check = deferred ? pending::confirm
                : streamed && !UNSIGNED_PAYLOAD.equals(claimedHash)
                ? computed -> {
                    if (!computed.equalsIgnoreCase(claimedHash)) {
                        throw payloadMismatch(computed, claimedHash);
                    }
                }
                : PayloadCheck.NONE;
        return new Exchange(request, response, callback, matched, context, query, body, check);
    }

    /**
     * A refusal computed for a caller whose signature is still unproven must not reach a client that
     * may not hold the key (it would learn which vaults exist, or what the policies allow): the body is
     * read and hashed first, and a bad signature is what gets reported.
     */
    private static GlacierException unlessUnproven(Request request, PendingSignature pending, GlacierException e) {
        if (pending == null || pending.confirmed()) {
            return e;
        }
        MessageDigest sha = TreeHash.sha256();
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                sha.update(buffer, 0, n);
            }
        } catch (java.io.IOException | RuntimeException unreadable) {
            return e;
        }
        try {
            pending.confirm(PayloadHash.hex(sha.digest()));
            return e;
        } catch (GlacierException badSignature) {
            return badSignature;
        }
    }

    /** A tag write with a missing or unknown {@code operation} is a bad parameter, not a bad route (spec 2). */
    private GlacierException unroutable(String method, String rawPath, String tagOperation) {
        if (router.match(method, rawPath, "add").isPresent()) {
            return GlacierException.invalidParameter("Invalid value for operation: " + tagOperation
                    + ". The operation must be add or remove.");
        }
        return new GlacierException(ErrorCode.BAD_REQUEST, "No operation matches " + method + " " + rawPath);
    }

    private static GlacierException payloadMismatch(String computed, String claimed) {
        return new GlacierException(ErrorCode.INVALID_SIGNATURE, "The value passed in as x-amz-content-sha256 does "
                + "not match the computed payload hash. Computed digest: " + computed + " expected hash: " + claimed);
    }

    private static byte[] readSmallBody(Request request) throws java.io.IOException {
        if (request.getLength() == 0) {
            return new byte[0];
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(MAX_JSON_BODY + 1);
            if (body.length > MAX_JSON_BODY) {
                throw GlacierException.invalidParameter("The request body is larger than " + MAX_JSON_BODY + " bytes");
            }
            return body;
        }
    }

    private static Map<String, List<String>> headers(Request request) {
        Map<String, List<String>> headers = new HashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName(), n -> new ArrayList<>(1)).add(field.getValue());
        }
        return headers;
    }
}
