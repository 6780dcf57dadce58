package io.permafrost.http;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

import java.nio.ByteBuffer;

/**
 * Reads a request body chunk by chunk as Jetty delivers it, holding no thread while the client is
 * slow: when nothing is available it asks to be called back, and returns.
 */
abstract class ChunkReader implements Runnable {
    private final Request request;

    ChunkReader(Request request) {
        this.request = request;
    }

    @Override
    public final void run() {
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                failed(chunk.getFailure());
                return;
            }
            boolean last = chunk.isLast();
            boolean more;
            try {
                more = consume(chunk.getByteBuffer());
            } finally {
                chunk.release();
            }
            if (!more) {
                return;
            }
            if (last) {
                ended();
                return;
            }
        }
    }

    /** Takes the next bytes; false stops reading (the reader has then settled its outcome itself). */
    abstract boolean consume(ByteBuffer bytes);

    /** The body has ended. */
    abstract void ended();

    /** The body could not be read (client gone, idle timeout). */
    abstract void failed(Throwable failure);
}
