package io.permafrost.http;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.EventsHandler;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps the API handler and, when a response is complete, tells the listeners (metrics, access log)
 * what the request was: bytes read and written as they pass, status and duration at the end. Nothing
 * is buffered, so streaming stays streaming.
 */
final class ObservedHandler extends EventsHandler {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ObservedHandler.class);
    private static final String TALLY = "permafrost.tally";

    private final List<RequestListener> listeners;

    ObservedHandler(Handler api, List<RequestListener> listeners) {
        super(api);
        this.listeners = List.copyOf(listeners);
    }

    /** Counted from Jetty's event threads; one per request. */
    private static final class Tally {
        final Instant started = Instant.now();
        final long startedNanos = System.nanoTime();
        final AtomicLong in = new AtomicLong();
        final AtomicLong out = new AtomicLong();
    }

    @Override
    protected void onBeforeHandling(Request request) {
        request.setAttribute(TALLY, new Tally());
    }

    @Override
    protected void onRequestRead(Request request, Content.Chunk chunk) {
        Tally tally = (Tally) request.getAttribute(TALLY);
        if (tally != null && chunk != null) {
            tally.in.addAndGet(chunk.remaining());
        }
    }

    @Override
    protected void onResponseWrite(Request request, boolean last, ByteBuffer content) {
        Tally tally = (Tally) request.getAttribute(TALLY);
        if (tally != null && content != null) {
            tally.out.addAndGet(content.remaining());
        }
    }

    @Override
    protected void onComplete(Request request, int status, HttpFields headers, Throwable failure) {
        Tally tally = (Tally) request.getAttribute(TALLY);
        if (tally == null) {
            return;
        }
        RequestRecord record = new RequestRecord(tally.started, headers == null ? null : headers.get("x-amzn-RequestId"),
                RequestFacts.principal(request), RequestFacts.operation(request), RequestFacts.vault(request), status,
                tally.in.get(), tally.out.get(), System.nanoTime() - tally.startedNanos, Request.getRemoteAddr(request),
                request.getHeaders().get("User-Agent"));
        for (RequestListener listener : listeners) {
            try {
                listener.completed(record);
            } catch (RuntimeException e) {
                // The answer has gone out already; a full disk under the access log must not stop the meters.
                LOG.warn("request {} could not be recorded: {}", record.requestId(), e.getMessage());
            }
        }
    }
}
