package io.permafrost.http;

import io.permafrost.vault.JobOutputSink;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * A streamed response body fed buffer by buffer without blocking: Jetty writes what the socket takes
 * at once and the rest when it drains, while the caller prepares its next buffer. The buffers go to
 * Jetty as they are (a direct buffer reaches the socket without a copy), with no stream in between.
 */
final class ResponseBodySink implements JobOutputSink {
    private final Response response;

    ResponseBodySink(Response response) {
        this.response = response;
    }

    @Override
    public CompletableFuture<Void> send(ByteBuffer bytes) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        response.write(false, bytes, Callback.from(() -> sent.complete(null), sent::completeExceptionally));
        return sent;
    }
}
