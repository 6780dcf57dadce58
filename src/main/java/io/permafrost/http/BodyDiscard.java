package io.permafrost.http;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;

/**
 * Throws away what is left of a refused request's body once the error answer is on the wire, without
 * holding a worker: chunks are read as they arrive (Jetty calls back on demand) and released at once.
 * The exchange completes when the body has ended, so a client that writes its whole body before
 * reading (every Glacier SDK on UploadArchive) gets to read the answer instead of a broken pipe.
 * Past {@code limit} bytes, or when the body stops arriving (idle timeout), the connection is cut.
 */
final class BodyDiscard implements Runnable {
    private final Request request;
    private final Callback done;
    private final long limit;
    private long discarded;

    private BodyDiscard(Request request, Callback done, long limit) {
        this.request = request;
        this.done = done;
        this.limit = limit;
    }

    /**
     * The callback for writing the error answer: once written, the output is half-closed when
     * {@code closeOutput} (the client sees the end of the answer at once), the rest of the body is
     * discarded up to {@code limit} bytes, and then {@code done} completes.
     */
    static Callback afterAnswer(Request request, Callback done, long limit, boolean closeOutput) {
        return Callback.from(() -> {
            if (closeOutput) {
                request.getConnectionMetaData().getConnection().getEndPoint().shutdownOutput();
            }
            new BodyDiscard(request, done, limit).run();
        }, done::failed);
    }

    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                done.failed(chunk.getFailure());
                return;
            }
            discarded += chunk.remaining();
            boolean last = chunk.isLast();
            chunk.release();
            if (last) {
                done.succeeded();
                return;
            }
            if (discarded > limit) {
                done.failed(new IOException("refused request body exceeds " + limit + " bytes; connection cut"));
                return;
            }
        }
    }
}
