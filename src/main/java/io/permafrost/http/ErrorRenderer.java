package io.permafrost.http;

import io.permafrost.glacier.GlacierException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/** The one place a GlacierException becomes HTTP: status plus {@code {"code","message","type"}} (spec 4.1). */
public final class ErrorRenderer {
    private ErrorRenderer() {
    }

    public static byte[] body(GlacierException e) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("code", e.errorCode().code());
        body.put("message", e.getMessage());
        body.put("type", e.errorCode().type());
        return JsonCodec.write(body);
    }

    public static void render(Response response, Callback callback, GlacierException e) {
        byte[] bytes = body(e);
        response.setStatus(e.errorCode().httpStatus());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    /**
     * The same exception in SNS's or SQS's own shape: query-protocol XML {@code ErrorResponse}, or the SQS
     * JSON protocol's {@code __type} body with the query code in {@code x-amzn-query-error} (which SDKs
     * of the JSON era read for the error code).
     */
    static void renderQuery(Response response, Callback callback, GlacierException e, QueryDialect dialect,
                            String requestId) {
        String code = QueryDialect.queryCode(e.errorCode());
        byte[] bytes = dialect.error(code, e, requestId);
        response.setStatus(QueryDialect.status(e.errorCode()));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, dialect.contentType());
        if (dialect == QueryDialect.SQS_JSON) {
            response.getHeaders().put("x-amzn-query-error",
                    code + ";" + (e.errorCode().httpStatus() >= 500 ? "Receiver" : "Sender"));
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
