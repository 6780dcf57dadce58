package io.permafrost.vault;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Two chunk buffers for one download, so that the next chunk is read and verified while the previous
 * one is still going out: one is being sent while the other is filled. A buffer is filled again only
 * after its send completed, and a buffer is sent only after the send before it completed, so the bytes
 * that leave are exactly the bytes that were verified, in order. Memory: two buffers per download,
 * whatever its size (chunk-sized ones from {@link DirectChunkBuffers}; smaller heap ones for outputs
 * whose segments are all smaller than a chunk).
 */
final class OverlappedSend implements AutoCloseable {
    private static final CompletableFuture<Void> NOTHING_IN_FLIGHT = CompletableFuture.completedFuture(null);

    private final JobOutputSink sink;
    private final DirectChunkBuffers pool;
    private final int bufferSize;
    private final ByteBuffer[] buffers = new ByteBuffer[2];
    private CompletableFuture<Void> inFlight = NOTHING_IN_FLIGHT;
    private int fillNext;

    OverlappedSend(JobOutputSink sink, DirectChunkBuffers pool, int bufferSize) {
        this.sink = sink;
        this.pool = pool;
        this.bufferSize = bufferSize;
    }

    /** The buffer to read the next chunk into: never the one in flight. */
    ByteBuffer fillable() {
        if (buffers[fillNext] == null) {
            buffers[fillNext] = bufferSize == BlobChunks.CHUNK ? pool.take() : ByteBuffer.allocate(bufferSize);
        }
        return buffers[fillNext];
    }

    /**
     * Sends the fillable buffer's position-to-limit once the previous send is done, and returns without
     * waiting for this one; the other buffer becomes the fillable one.
     */
    void send(ByteBuffer filled) throws IOException {
        if (filled != buffers[fillNext]) {
            throw new IllegalArgumentException("not the buffer fillable() gave out");
        }
        awaitInFlight();
        inFlight = sink.send(filled);
        fillNext ^= 1;
    }

    /** Sends bytes the caller will reuse at once (not one of ours): returns only when they are out. */
    void sendAndWait(ByteBuffer bytes) throws IOException {
        awaitInFlight();
        inFlight = sink.send(bytes);
        awaitInFlight();
    }

    /** Returns once everything handed over has been sent. */
    void finish() throws IOException {
        awaitInFlight();
    }

    private void awaitInFlight() throws IOException {
        try {
            inFlight.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("sending the output failed", e.getCause());
        }
    }

    /**
     * Gives the buffers back; one still in flight after a failure stays out of the pool (the HTTP layer
     * may yet read it while the connection is torn down) and is left to the collector.
     */
    @Override
    public void close() {
        boolean sendDone = inFlight.isDone();
        for (int i = 0; i < buffers.length; i++) {
            boolean isInFlight = i != fillNext && !sendDone;
            if (buffers[i] != null && !isInFlight) {
                pool.giveBack(buffers[i]);
            }
            buffers[i] = null;
        }
    }
}
