package io.permafrost.store.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;

/**
 * Writes a blob with direct I/O (the file opened {@code O_DIRECT}): the bytes go from an aligned
 * buffer to the disk without being copied into the page cache. That copy is not free (on this
 * project's virtual machines it cost 0.4 to 2 CPU-seconds per GiB, as much as hashing), a large
 * upload is CPU-bound, and an archive is written once and rarely read. Two buffers alternate: while
 * one is written on a background thread, the caller fills the other, so disk time overlaps with
 * receiving and hashing. A tail that does not fill a block is padded for the write and cut off again
 * by a truncate before the final fsync.
 */
final class DirectBlobOutput implements BlobFileOutput {
    private final FileChannel channel;
    private final AlignedBuffers buffers;
    private final BackgroundIo background;
    private final EarlyWriteback writeback;
    private ByteBuffer filling;
    private ByteBuffer spare;
    private CompletableFuture<Void> inFlight = BackgroundIo.NOTHING;
    private long nextWriteAt;
    private long size;

    /** {@code pair}: two buffers from {@code buffers}, given back on close. */
    DirectBlobOutput(FileChannel channel, AlignedBuffers buffers, ByteBuffer[] pair, BackgroundIo background,
                     long writebackInterval) {
        this.channel = channel;
        this.buffers = buffers;
        this.background = background;
        this.writeback = new EarlyWriteback(channel, background, writebackInterval);
        this.filling = pair[0];
        this.spare = pair[1];
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            int take = Math.min(length, filling.remaining());
            filling.put(bytes, offset, take);
            offset += take;
            length -= take;
            size += take;
            if (!filling.hasRemaining()) {
                writeFilledBuffer();
            }
        }
    }

    private void writeFilledBuffer() throws IOException {
        BackgroundIo.await(inFlight);
        ByteBuffer full = filling.flip();
        long at = nextWriteAt;
        nextWriteAt += full.remaining();
        // Each task starts after the previous one was awaited above: EarlyWriteback sees one thread at a time.
        inFlight = background.start(() -> writeback.wrote(writeFully(full, at)));
        filling = spare.clear();
        spare = full;
    }

    private int writeFully(ByteBuffer buffer, long at) throws IOException {
        int length = buffer.remaining();
        while (buffer.hasRemaining()) {
            channel.write(buffer, at + buffer.position());
        }
        return length;
    }

    @Override
    public void makeDurable() throws IOException {
        BackgroundIo.await(inFlight);
        int tail = filling.position();
        if (tail > 0) {
            int block = buffers.alignment();
            int padded = (tail + block - 1) / block * block;
            filling.put(new byte[padded - tail]);
            writeFully(filling.flip(), nextWriteAt);
            filling.clear();
            channel.truncate(size);
        }
        writeback.awaitInFlight();
        channel.force(true);
    }

    @Override
    public void close() {
        if (filling == null) {
            return;
        }
        BackgroundIo.awaitQuietly(inFlight);
        writeback.awaitQuietly();
        ChannelClosing.quietly(channel);
        // A buffer goes back to the pool only when no background write can still be reading it; the
        // wait above ends early only if this thread was interrupted, and then the write that is still
        // running hands them back when it ends.
        ByteBuffer first = filling;
        ByteBuffer second = spare;
        inFlight.whenComplete((ignored, failure) -> {
            buffers.give(first);
            buffers.give(second);
        });
        filling = null;
        spare = null;
    }
}
