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
}
