package io.permafrost.vault;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/** A job output sink over a blocking stream (the console's downloads): each send is done when it returns. */
final class OutputStreamSink implements JobOutputSink {
    private static final int SCRATCH = 64 * 1024;

    private final OutputStream out;
    private byte[] scratch;

    OutputStreamSink(OutputStream out) {
        this.out = out;
    }

    @Override
    public CompletableFuture<Void> send(ByteBuffer bytes) {
        try {
            if (bytes.hasArray()) {
                out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
                bytes.position(bytes.limit());
            } else {
                copyOffHeap(bytes);
            }
            return CompletableFuture.completedFuture(null);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void copyOffHeap(ByteBuffer bytes) throws IOException {
        if (scratch == null) {
            scratch = new byte[SCRATCH];
        }
        while (bytes.hasRemaining()) {
            int n = Math.min(scratch.length, bytes.remaining());
            bytes.get(scratch, 0, n);
            out.write(scratch, 0, n);
        }
    }
}
