package io.permafrost.vault;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A small ring of chunk buffers for one download, so that one chunk is read while the one before is
 * hashed and the one before that is sent. A buffer is handed out again only after its send completed,
 * and a buffer is sent only after the send before it completed, so the bytes that leave are exactly
 * the bytes that were verified, in order. Memory: {@link #BUFFERS} per download whatever its size
 * (chunk-sized ones from {@link DirectChunkBuffers}; smaller heap ones for outputs whose segments are
 * all smaller than a chunk).
 */
final class OverlappedSend implements AutoCloseable {
    /** Read, hash, send: one buffer for each stage. */
    static final int BUFFERS = 3;
    private static final CompletableFuture<Void> NOT_SENT = CompletableFuture.completedFuture(null);

    private final JobOutputSink sink;
    private final DirectChunkBuffers pool;
    private final int bufferSize;
    private final ByteBuffer[] buffers = new ByteBuffer[BUFFERS];
    private final CompletableFuture<?>[] sent = new CompletableFuture<?>[BUFFERS];
    private CompletableFuture<Void> lastSend = NOT_SENT;
    private long handedOut;
    private long sentCount;

    OverlappedSend(JobOutputSink sink, DirectChunkBuffers pool, int bufferSize) {
        this.sink = sink;
        this.pool = pool;
        this.bufferSize = bufferSize;
    }

    /** The next buffer of the ring to fill, once its previous send is done; they must be sent in this order. */
    ByteBuffer take() throws IOException {
        int slot = (int) (handedOut % BUFFERS);
        if (sent[slot] != null) {
            await(sent[slot]);
        }
        if (buffers[slot] == null) {
            buffers[slot] = bufferSize == BlobChunks.CHUNK ? pool.take() : ByteBuffer.allocate(bufferSize);
        }
        handedOut++;
        return buffers[slot];
    }

    /**
     * Sends the buffer's position-to-limit once the previous send is done, and returns without
     * waiting for this one. Buffers go out in the order {@link #take} gave them.
     */
    void send(ByteBuffer filled) throws IOException {
        int slot = (int) (sentCount % BUFFERS);
        if (sentCount >= handedOut || filled != buffers[slot]) {
            throw new IllegalArgumentException("not the oldest buffer take() gave out and not yet sent");
        }
        await(lastSend);
        lastSend = sink.send(filled);
        sent[slot] = lastSend;
        sentCount++;
    }

    /** Sends bytes the caller will reuse at once (not one of ours): returns only when they are out. */
    void sendAndWait(ByteBuffer bytes) throws IOException {
        await(lastSend);
        lastSend = sink.send(bytes);
        await(lastSend);
    }

    /** Returns once everything handed over has been sent. */
    void finish() throws IOException {
        await(lastSend);
    }

    private static void await(CompletableFuture<?> send) throws IOException {
        try {
            send.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("sending the output failed", e.getCause());
        }
    }

    /**
     * Gives the buffers back; one still in flight after a failure stays out of the pool (the HTTP layer
     * may yet read it while the connection is torn down) and is left to the collector. Close only after
     * the hashing of every buffer taken has ended.
     */
    @Override
    public void close() {
        for (int i = 0; i < BUFFERS; i++) {
            boolean inFlight = sent[i] != null && !sent[i].isDone();
            if (buffers[i] != null && !inFlight) {
                pool.giveBack(buffers[i]);
            }
            buffers[i] = null;
        }
    }
}
