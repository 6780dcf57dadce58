package io.permafrost.http;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Throws away what is left of a refused request's body once the error answer is on the wire, without
 * holding a worker. The exchange completes when the body has ended, so a client that writes its whole
 * body before reading (every Glacier SDK on UploadArchive) gets to read the answer instead of a broken
 * pipe. Past {@code limit} bytes, or when the body stops arriving (idle timeout), the connection is cut.
 */
final class BodyDiscard extends ChunkReader {
    private final Callback done;
    private final long limit;
    private long discarded;

    private BodyDiscard(Request request, Callback done, long limit) {
        super(request);
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
    boolean consume(ByteBuffer bytes) {
        discarded += bytes.remaining();
        if (discarded > limit) {
            done.failed(new IOException("refused request body exceeds " + limit + " bytes; connection cut"));
            return false;
        }
        return true;
    }

    @Override
    void ended() {
        done.succeeded();
    }

    @Override
    void failed(Throwable failure) {
        done.failed(failure);
    }
}
