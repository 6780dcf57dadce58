package io.permafrost.http;

import io.permafrost.auth.PayloadHash;
import io.permafrost.auth.PendingSignature;
import io.permafrost.auth.SigV4Verifier;
import io.permafrost.auth.SignedRequest;
import io.permafrost.glacier.Caller;
import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.IdGenerator;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The front door of one query-protocol service on the Glacier port (SNS or SQS): SigV4 for that
 * service with the same credentials, the small form (or SQS JSON) body buffered without a worker, the
 * action answered in the service's own XML or JSON, every refusal in the service's own error shape.
 */
final class QueryHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(QueryHandler.class);
    private static final int MAX_BODY = 1024 * 1024;
    private static final long UNPROVEN_BODY_DISCARD_LIMIT = 16L * 1024 * 1024;
    private static final String SQS_JSON_TARGET_PREFIX = "AmazonSQS.";

    private final String service;
    private final QueryActions actions;
    private final SigV4Verifier verifier;
    private final IdGenerator ids;
    private final UnprovenBodyBudget unprovenBodies;

    QueryHandler(String service, QueryActions actions, SigV4Verifier verifier, IdGenerator ids,
                 UnprovenBodyBudget unprovenBodies) {
        this.service = service;
        this.actions = actions;
        this.verifier = verifier;
        this.ids = ids;
        this.unprovenBodies = unprovenBodies;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String requestId = ids.requestId();
        response.getHeaders().put("x-amzn-RequestId", requestId);
        String target = request.getHeaders().get("X-Amz-Target");
        QueryDialect dialect = "sns".equals(service) ? QueryDialect.SNS_XML
                : target != null ? QueryDialect.SQS_JSON : QueryDialect.SQS_XML;
        PendingSignature signature;
        try {
            signature = verifier.authenticate(new SignedRequest(request.getMethod(), request.getHttpURI().getPath(),
                    request.getHttpURI().getQuery(), GlacierHandler.headers(request)), service);
        } catch (GlacierException e) {
            // Refused before the caller is proven: answer, close, and read no more than a bounded discard.
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
            ErrorRenderer.renderQuery(response, BodyDiscard.afterAnswer(request, callback,
                    UNPROVEN_BODY_DISCARD_LIMIT, true), e, dialect, requestId);
            return true;
        }
        SmallBodyReader.read(request, MAX_BODY, unprovenBodies, (body, failure) -> {
            if (failure != null) {
                failed(request, response, callback, dialect, requestId, failure);
                return;
            }
            try {
                Caller caller = confirm(request, signature, body);
                String action = dialect == QueryDialect.SQS_JSON ? jsonAction(target) : null;
                QueryParams params = dialect == QueryDialect.SQS_JSON ? JsonQueryParams.parse(body)
                        : FormQueryParams.parse(body, request.getHttpURI().getQuery());
                if (action == null) {
                    action = params.string("Action");
                    if (action == null || action.isEmpty()) {
                        throw new GlacierException(ErrorCode.QUERY_MISSING_ACTION, "The request must contain the "
                                + "parameter Action.");
                    }
                }
                String answered = action;
                QueryActions.Call call = new QueryActions.Call(caller, origin(request), request.getHttpURI().getPath());
                CompletableFuture<QueryResult> result = actions.handle(action, params, call);
                result.whenComplete((done, thrown) -> {
                    if (thrown != null) {
                        failed(request, response, callback, dialect, requestId, thrown);
                    } else {
                        answer(response, callback, dialect, dialect.success(answered, done, requestId));
                    }
                });
            } catch (Exception | Error e) {
                failed(request, response, callback, dialect, requestId, e);
            }
        });
        return true;
    }

    private static Caller confirm(Request request, PendingSignature signature, byte[] body) {
        String claimed = request.getHeaders().get("x-amz-content-sha256");
        String computed = PayloadHash.of(body);
        if (claimed != null && !PayloadHash.UNSIGNED_PAYLOAD.equals(claimed) && !claimed.equalsIgnoreCase(computed)) {
            throw new GlacierException(ErrorCode.INVALID_SIGNATURE, "The value passed in as x-amz-content-sha256 "
                    + "does not match the computed payload hash.");
        }
        return signature.confirm(claimed != null ? claimed : computed);
    }

    private static String jsonAction(String target) {
        if (!target.startsWith(SQS_JSON_TARGET_PREFIX) || target.length() == SQS_JSON_TARGET_PREFIX.length()) {
            throw new GlacierException(ErrorCode.QUERY_INVALID_ACTION, "The X-Amz-Target " + target
                    + " is not an SQS operation.");
        }
        return target.substring(SQS_JSON_TARGET_PREFIX.length());
    }

    /** {@code scheme://host[:port]} as the client addressed this server. */
    private static String origin(Request request) {
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (host == null || host.isBlank()) {
            host = Request.getLocalAddr(request) + ":" + Request.getLocalPort(request);
        }
        return (request.isSecure() ? "https://" : "http://") + host;
    }

    private static void answer(Response response, Callback callback, QueryDialect dialect, byte[] body) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, dialect.contentType());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static void failed(Request request, Response response, Callback callback, QueryDialect dialect,
                               String requestId, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        GlacierException refusal;
        if (cause instanceof GlacierException e) {
            refusal = e;
        } else if (cause instanceof HttpException jetty && jetty.getCode() >= 400 && jetty.getCode() < 500) {
            refusal = new GlacierException(ErrorCode.QUERY_MALFORMED, "The request could not be processed (HTTP "
                    + jetty.getCode() + ": " + jetty.getReason() + ").");
        } else {
            LOG.error("{} request {} {} failed", dialect, request.getMethod(), request.getHttpURI().getPath(), cause);
            refusal = new GlacierException(ErrorCode.SERVICE_UNAVAILABLE, "The service could not complete the request.");
        }
        ErrorRenderer.renderQuery(response, callback, refusal, dialect, requestId);
    }
}
