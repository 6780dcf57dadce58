package io.permafrost.http;

import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.IdGenerator;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises itself (bad request line, header too large, unhandled failure) come back in the
 * Glacier envelope too, never as an HTML page.
 */
final class GlacierErrorHandler extends ErrorHandler {
    private final IdGenerator ids;

    GlacierErrorHandler(IdGenerator ids) {
        this.ids = ids;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        ErrorCode code = switch (status) {
            case 408 -> ErrorCode.REQUEST_TIMEOUT;
            case 500, 503 -> ErrorCode.SERVICE_UNAVAILABLE;
            default -> status >= 500 ? ErrorCode.SERVICE_UNAVAILABLE : ErrorCode.BAD_REQUEST;
        };
        String message = code == ErrorCode.SERVICE_UNAVAILABLE
                ? "The service could not complete the request."
                : "The request could not be processed (HTTP " + status + ").";
        if (response.getHeaders().get("x-amzn-RequestId") == null) {
            response.getHeaders().put("x-amzn-RequestId", ids.requestId());
        }
        GlacierException error = new GlacierException(code, message);
        byte[] bytes = ErrorRenderer.body(error);
        response.setStatus(code == ErrorCode.BAD_REQUEST ? (status >= 400 && status < 500 ? status : 400)
                : code.httpStatus());
        response.getHeaders().put("Content-Type", "application/json");
        response.getHeaders().put("Content-Length", Long.toString(bytes.length));
        response.write(true, java.nio.ByteBuffer.wrap(bytes), callback);
        return true;
    }
}
