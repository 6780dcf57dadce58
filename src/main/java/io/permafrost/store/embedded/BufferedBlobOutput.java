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

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(buffer, offset, length);
        while (bytes.hasRemaining()) {
            channel.write(bytes);
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
