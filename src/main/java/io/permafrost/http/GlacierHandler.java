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
    /**
     * How much of a refused body is read (and thrown away) for a caller whose signature is not proven,
     * so that a client with a wrong secret still reads the error; past it the connection is cut.
     */
    private static final long UNPROVEN_BODY_DISCARD_LIMIT = 16L * 1024 * 1024;
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
            fail(request, response, callback, exchange, state.authenticated, e);
        } catch (Exception | Error e) {
            LOG.error("request {} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
            fail(request, response, callback, exchange, state.authenticated,
                    new GlacierException(ErrorCode.SERVICE_UNAVAILABLE, "The service could not complete the request."));
        }
        return true;
    }

    private static void fail(Request request, Response response, Callback callback, Exchange exchange,
                             boolean authenticated, GlacierException e) {
        if (exchange != null && exchange.finished()) {
            // The answer is already under way; all we can do is break it so the client notices.
            exchange.abortStream(e);
            return;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {}: {}", e.errorCode().httpStatus(), e.errorCode().code(), e.getMessage());
        }
        boolean bodyMayFollow = e.errorCode() != ErrorCode.REQUEST_TIMEOUT && !expectsContinue(request);
        if (authenticated) {
            ErrorRenderer.render(response, bodyMayFollow
                    ? BodyDiscard.afterAnswer(request, callback, Long.MAX_VALUE, false) : callback, e);
            return;
        }
        // Refused before the caller is proven: answer, close, and spend no worker and no more than a
        // bounded read on whatever body follows.
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        ErrorRenderer.render(response, bodyMayFollow
                ? BodyDiscard.afterAnswer(request, callback, UNPROVEN_BODY_DISCARD_LIMIT, true) : callback, e);
    }

    /**
     * A client that asked for {@code 100-continue} never got it, so it sends no body and there is
     * nothing to discard (reading would make Jetty send the 100 it is waiting for).
     */
    private static boolean expectsContinue(Request request) {
        return request.getHeaders().contains(HttpHeader.EXPECT, HttpHeaderValue.CONTINUE.asString());
    }

    /** What is known about a request while it is being accepted, for the failure path. */
    private static final class Acceptance {
        /** The signature held: the caller is who it claims to be. */
        boolean authenticated;
    }

    private Exchange accept(Request request, Response response, Callback callback, Acceptance state)
            throws Exception {
        String method = request.getMethod();
        String rawPath = request.getHttpURI().getPath();
        String rawQuery = request.getHttpURI().getQuery();
        Fields query = Request.extractQueryParameters(request);
        Optional<Route> route = router.match(method, rawPath, query.getValue("operation"));
        boolean streamed = route.map(r -> STREAMED_BODY.contains(r.operation())).orElse(false);

        String claimedHash = request.getHeaders().get(CONTENT_SHA256);
        Proven proven = authenticate(request, new SignedRequest(method, rawPath, rawQuery, headers(request)),
                streamed, claimedHash, state);
        if (request.getHeaders().get("x-amz-glacier-version") == null) {
            throw GlacierException.missingParameter("API version");
        }
        if (!API_VERSION.equals(request.getHeaders().get("x-amz-glacier-version"))) {
            throw GlacierException.invalidParameter("Invalid API version: "
                    + request.getHeaders().get("x-amz-glacier-version") + ". The supported version is " + API_VERSION);
        }
        Route matched = route.orElseThrow(() -> unroutable(method, rawPath, query.getValue("operation")));
        CallContext context = new CallContext(proven.caller(), Request.getRemoteAddr(request), request.isSecure(),
                request.getHeaders().get("User-Agent"));
        PayloadCheck check = streamed && !UNSIGNED_PAYLOAD.equals(claimedHash)
                ? computed -> requireClaimedHash(computed, claimedHash)
                : PayloadCheck.NONE;
        return new Exchange(request, response, callback, matched, context, query, proven.body(), check);
    }

    /** The caller the signature proved, and the buffered body of a non-upload request (null for uploads). */
    private record Proven(Caller caller, byte[] body) {
    }

    /**
     * SigV4 (spec 5). Every check that needs no body comes first, and a body is read only once it is
     * needed: a request refused here has had nothing but its headers looked at, unless it is a small
     * body botocore signed without {@code x-amz-content-sha256} (bounded by {@link #MAX_JSON_BODY}).
     */
    private Proven authenticate(Request request, SignedRequest signed, boolean streamed, String claimedHash,
                                Acceptance state) throws java.io.IOException {
        PendingSignature signature = verifier.authenticate(signed);
        if (claimedHash != null) {
            Caller caller = signature.confirm(claimedHash);
            state.authenticated = true;
            byte[] body = streamed ? null : readSmallBody(request);
            if (body != null && !UNSIGNED_PAYLOAD.equals(claimedHash)) {
                requireClaimedHash(PayloadHash.of(body), claimedHash);
            }
            return new Proven(caller, body);
        }
        if (streamed) {
            // Without it the signature could only be checked once up to 4 GiB had arrived; every client
            // sends it on both uploads (botocore, the Java, JS and Ruby SDKs, jclouds, mt-aws-glacier).
            throw GlacierException.missingParameter(CONTENT_SHA256);
        }
        byte[] body = readSmallBody(request);
        Caller caller = signature.confirm(PayloadHash.of(body));
        state.authenticated = true;
        return new Proven(caller, body);
    }

    private static void requireClaimedHash(String computed, String claimed) {
        if (!computed.equalsIgnoreCase(claimed)) {
            throw payloadMismatch(computed, claimed);
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
        if (request.getLength() > MAX_JSON_BODY) {
            // Refused from the declared length, before a byte of it is read into memory.
            throw tooLarge();
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(MAX_JSON_BODY + 1);
            if (body.length > MAX_JSON_BODY) {
                throw tooLarge();
            }
            return body;
        }
    }

    private static GlacierException tooLarge() {
        return GlacierException.invalidParameter("The request body is larger than " + MAX_JSON_BODY + " bytes");
    }

    private static Map<String, List<String>> headers(Request request) {
        Map<String, List<String>> headers = new HashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName(), n -> new ArrayList<>(1)).add(field.getValue());
        }
        return headers;
    }
}
