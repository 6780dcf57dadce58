package io.permafrost.http;

import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import org.eclipse.jetty.server.Request;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * Buffers the small body of a non-upload request (JSON, at most {@code limit} bytes) without holding a
 * worker while it arrives, then hands it on: a client trickling its body costs a connection, not a thread.
 */
final class SmallBodyReader extends ChunkReader {
    private final int limit;
    private final UnprovenBodyBudget budget;
    private final BiConsumer<byte[], Throwable> then;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    private SmallBodyReader(Request request, int limit, UnprovenBodyBudget budget, BiConsumer<byte[], Throwable> then) {
        super(request);
        this.limit = limit;
        this.budget = budget;
        this.then = then;
    }

    /**
     * Reads the body, then calls {@code then} with it, or with the Glacier error that stopped it (null
     * body). With a {@code budget} (a caller not proven yet) the bytes held count against it while the
     * body arrives and are given back once it is handed on or refused.
     */
    static void read(Request request, int limit, UnprovenBodyBudget budget, BiConsumer<byte[], Throwable> then) {
        if (request.getLength() > limit) {
            // Refused from the declared length, before a byte of it is read.
            then.accept(null, tooLarge(limit));
            return;
        }
        new SmallBodyReader(request, limit, budget, then).run();
    }

    static GlacierException tooLarge(int limit) {
        return GlacierException.invalidParameter("The request body is larger than " + limit + " bytes");
    }

    @Override
    boolean consume(ByteBuffer bytes) {
        if (body.size() + bytes.remaining() > limit) {
            settle(null, tooLarge(limit));
            return false;
        }
        if (budget != null && !budget.reserve(bytes.remaining())) {
            settle(null, new GlacierException(ErrorCode.THROTTLING,
                    "Too many request bodies of unauthenticated callers are in flight; retry later"));
            return false;
        }
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        body.writeBytes(copy);
        return true;
    }

    /** Gives the budget back before anything else runs: the request is past the unproven stage either way. */
    private void settle(byte[] result, Throwable failure) {
        if (budget != null) {
            budget.release(body.size());
        }
        then.accept(result, failure);
    }

    @Override
    void ended() {
        settle(body.toByteArray(), null);
    }

    /** Jetty's idle timeout arrives as a TimeoutException: the client stopped sending (spec 8.1). */
    @Override
    void failed(Throwable failure) {
        settle(null, failure instanceof TimeoutException
                ? new GlacierException(ErrorCode.REQUEST_TIMEOUT,
                        "Request timed out waiting for the body after " + body.size() + " bytes")
                : new GlacierException(ErrorCode.BAD_REQUEST,
                        "The request body ended after " + body.size() + " bytes: " + failure.getMessage()));
    }
}
