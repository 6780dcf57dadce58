package io.permafrost.store.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Writes through the page cache, for filesystems without direct I/O; early writeback keeps the final fsync short. */
final class BufferedBlobOutput implements BlobFileOutput {
    private final FileChannel channel;
    private final EarlyWriteback writeback;

    BufferedBlobOutput(FileChannel channel, BackgroundIo background, long writebackInterval) {
        this.channel = channel;
        this.writeback = new EarlyWriteback(channel, background, writebackInterval);
    }

    /**
     * The JDK copies a heap buffer into a temporary direct buffer of the same size for each write
     * and keeps it cached per thread; slices bound that to {@value #SLICE} bytes per HTTP thread.
     */
    private static final int SLICE = 64 * 1024;

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        for (int at = offset, end = offset + length; at < end; at += SLICE) {
            ByteBuffer bytes = ByteBuffer.wrap(buffer, at, Math.min(SLICE, end - at));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
        writeback.wrote(length);
    }

    @Override
    public void makeDurable() throws IOException {
        writeback.awaitInFlight();
        channel.force(true);
    }

    @Override
    public void close() {
        writeback.awaitQuietly();
        ChannelClosing.quietly(channel);
    }
}
