package io.permafrost.http;

import io.permafrost.audit.AuditScope;
import io.permafrost.audit.AuditTrail;
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
import io.permafrost.vault.StorageFull;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private final UnprovenBodyBudget unprovenBodies;
    /** Null when the audit trail is off. */
    private final AuditTrail audit;

    public GlacierHandler(HandlerRegistry handlers, SigV4Verifier verifier, IdGenerator ids, AuditTrail audit) {
        this(handlers, verifier, ids, audit, UnprovenBodyBudget.forThisHeap());
    }

    GlacierHandler(HandlerRegistry handlers, SigV4Verifier verifier, IdGenerator ids, AuditTrail audit,
                   UnprovenBodyBudget unprovenBodies) {
        this.audit = audit;
        this.handlers = handlers;
        this.verifier = verifier;
        this.ids = ids;
        this.unprovenBodies = unprovenBodies;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Acceptance state = new Acceptance(ids.requestId());
        response.getHeaders().put("x-amzn-RequestId", state.requestId);
        try {
            Arrival arrival = arrive(request, state);
            if (arrival.streamed() || request.getLength() == 0) {
                proceed(request, response, callback, state, arrival, arrival.streamed() ? null : new byte[0]);
            } else {
                UnprovenBodyBudget budget = arrival.caller() == null ? unprovenBodies : null;
                SmallBodyReader.read(request, MAX_JSON_BODY, budget, (body, failure) -> {
                    if (failure != null) {
                        failed(request, response, callback, null, state, failure);
                    } else {
                        proceed(request, response, callback, state, arrival, body);
                    }
                });
            }
        } catch (Exception | Error e) {
            failed(request, response, callback, null, state, e);
        }
        return true;
    }

    /** Everything after the body of a non-upload request has been buffered: the rest of spec 4.5, then the operation. */
    private void proceed(Request request, Response response, Callback callback, Acceptance state, Arrival arrival,
                         byte[] body) {
        Exchange exchange = null;
        try {
            exchange = accept(request, response, callback, state, arrival, body);
            Operation operation = exchange.operation();
            OperationHandler handler = handlers.find(operation)
                    .orElseThrow(() -> new GlacierException(ErrorCode.BAD_REQUEST,
                            "The operation " + operation + " is not supported by this server"));
            handler.handle(exchange);
        } catch (Exception | Error e) {
            failed(request, response, callback, exchange, state, e);
        }
    }

    private static void failed(Request request, Response response, Callback callback, Exchange exchange,
                               Acceptance state, Throwable failure) {
        GlacierException refusal = refusal(request, failure);
        if (exchange != null) {
            // Before the answer: a failed state-changing request or a refusal by the gate is recorded first
            // (or, when its record cannot be written, answered 503 instead).
            refusal = exchange.context().audit().failed(refusal);
        }
        fail(request, response, callback, exchange, state.authenticated, refusal);
    }

    private static GlacierException refusal(Request request, Throwable failure) {
        if (failure instanceof GlacierException e) {
            return e;
        }
        if (failure instanceof HttpException jetty && jetty.getCode() >= 400 && jetty.getCode() < 500) {
            // Jetty refusing what the client sent (a query that is not valid UTF-8, a bad header value):
            // the client's fault, said in one line, never a logged stack trace an anonymous caller can repeat.
            return new GlacierException(ErrorCode.BAD_REQUEST,
                    "The request could not be processed (HTTP " + jetty.getCode() + ": " + jetty.getReason() + ").");
        }
        if (StorageFull.isCauseOf(failure)) {
            // A metadata commit refused for lack of space (SQLITE_FULL, disk_full): nothing was stored, and it passes.
            return StorageFull.refusal(failure);
        }
        LOG.error("request {} {} failed", request.getMethod(), request.getHttpURI().getPath(), failure);
        return new GlacierException(ErrorCode.SERVICE_UNAVAILABLE, "The service could not complete the request.");
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
        final String requestId;
        /** The signature held: the caller is who it claims to be. */
        volatile boolean authenticated;

        Acceptance(String requestId) {
            this.requestId = requestId;
        }
    }

    /** A request as far as its headers take it: route (if any), query, and a signature checked as far as it can be. */
    private record Arrival(Optional<Route> route, Fields query, boolean streamed, String claimedHash,
                           PendingSignature signature, Caller caller) {
    }

    /**
     * SigV4 (spec 5) from the headers alone: syntax, scope, time, key and token, and the signature itself
     * whenever {@code x-amz-content-sha256} names the payload hash. A request refused here has had nothing
     * but its headers looked at. Only a small body botocore signed without that header must be read first
     * (bounded by {@link #MAX_JSON_BODY}, and without holding a worker while it arrives).
     */
    private Arrival arrive(Request request, Acceptance state) {
        String method = request.getMethod();
        String rawPath = request.getHttpURI().getPath();
        Fields query = Request.extractQueryParameters(request);
        Optional<Route> route = router.match(method, rawPath, query.getValue("operation"));
        route.ifPresent(r -> RequestFacts.routed(request, r));
        boolean streamed = route.map(r -> STREAMED_BODY.contains(r.operation())).orElse(false);
        String claimedHash = request.getHeaders().get(CONTENT_SHA256);
        PendingSignature signature = verifier.authenticate(
                new SignedRequest(method, rawPath, request.getHttpURI().getQuery(), headers(request)));
        if (claimedHash != null) {
            Caller caller = signature.confirm(claimedHash);
            state.authenticated = true;
            RequestFacts.authenticated(request, caller);
            return new Arrival(route, query, streamed, claimedHash, signature, caller);
        }
        if (streamed) {
            // Without it the signature could only be checked once up to 4 GiB had arrived; every client
            // sends it on both uploads (botocore, the Java, JS and Ruby SDKs, jclouds, mt-aws-glacier).
            throw GlacierException.missingParameter(CONTENT_SHA256);
        }
        return new Arrival(route, query, false, null, signature, null);
    }

    private Exchange accept(Request request, Response response, Callback callback, Acceptance state, Arrival arrival,
                            byte[] body) {
        String claimedHash = arrival.claimedHash();
        Caller caller = arrival.caller();
        if (caller == null) {
            // botocore signs small bodies without the header: the body's own hash is the payload hash.
            caller = arrival.signature().confirm(PayloadHash.of(body));
            state.authenticated = true;
            RequestFacts.authenticated(request, caller);
        } else if (body != null && !UNSIGNED_PAYLOAD.equals(claimedHash)) {
            requireClaimedHash(PayloadHash.of(body), claimedHash);
        }
        if (request.getHeaders().get("x-amz-glacier-version") == null) {
            throw GlacierException.missingParameter("API version");
        }
        if (!API_VERSION.equals(request.getHeaders().get("x-amz-glacier-version"))) {
            throw GlacierException.invalidParameter("Invalid API version: "
                    + request.getHeaders().get("x-amz-glacier-version") + ". The supported version is " + API_VERSION);
        }
        Fields query = arrival.query();
        Route matched = arrival.route().orElseThrow(() ->
                unroutable(request.getMethod(), request.getHttpURI().getPath(), query.getValue("operation")));
        String sourceIp = Request.getRemoteAddr(request);
        String userAgent = request.getHeaders().get("User-Agent");
        CallContext context = new CallContext(caller, sourceIp, request.isSecure(), userAgent,
                auditScope(state.requestId, caller, sourceIp, userAgent, matched));
        PayloadCheck check = arrival.streamed() && !UNSIGNED_PAYLOAD.equals(claimedHash)
                ? computed -> requireClaimedHash(computed, claimedHash)
                : PayloadCheck.NONE;
        return new Exchange(request, response, callback, matched, context, query, body, check);
    }

    /**
     * The request's audit record, opened with what the route says (the gate refines account and vault):
     * requests refused before this point (bad signature, unknown key, bad route) are not audited; they
     * are in the access log.
     */
    private AuditScope auditScope(String requestId, Caller caller, String sourceIp, String userAgent, Route route) {
        if (audit == null) {
            return AuditScope.NONE;
        }
        AuditScope scope = audit.open(requestId, caller.arn(), sourceIp, userAgent);
        String account = route.param("accountId");
        scope.authorizing(route.operation(), account == null || account.isEmpty() || account.equals("-")
                ? caller.accountId() : account.replace("-", ""), route.param("vaultName"));
        for (String id : List.of("archiveId", "uploadId", "jobId", "lockId")) {
            scope.subject(route.param(id));
        }
        return scope;
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

    static Map<String, List<String>> headers(Request request) {
        Map<String, List<String>> headers = new HashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName(), n -> new ArrayList<>(1)).add(field.getValue());
        }
        return headers;
    }
}
