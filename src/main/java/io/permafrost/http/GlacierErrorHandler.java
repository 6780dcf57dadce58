package io.permafrost.http;

import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.IdGenerator;
import org.eclipse.jetty.http.HttpStatus;
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
        ErrorCode code = status == 408 ? ErrorCode.REQUEST_TIMEOUT
                : causedByTheRequest(status) ? ErrorCode.BAD_REQUEST
                : ErrorCode.SERVICE_UNAVAILABLE;
        // For a malformed request Jetty's reason says what is wrong (e.g. "HTTP/0.9 not supported").
        Object reason = request.getAttribute(ERROR_MESSAGE);
        String message = code == ErrorCode.SERVICE_UNAVAILABLE
                ? "The service could not complete the request."
                : "The request could not be processed (HTTP " + status + (reason == null ? "" : ": " + reason) + ").";
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

    /**
     * Jetty answers some malformed requests with a 5xx of its own: 505 for a request line without an
     * HTTP version (HTTP/0.9), 501 for a transfer coding it does not implement. The fault is the
     * client's, so they are a 400 here, never a 500 that SDKs would retry.
     */
    private static boolean causedByTheRequest(int status) {
        return status < 500 || status == HttpStatus.NOT_IMPLEMENTED_501
                || status == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505;
    }
}
