package io.permafrost.store.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;

/**
 * A byte range of a blob file as a channel that stops at the range's end, so a reader never runs
 * past its segment. Reads go straight into the caller's buffer: into a direct one with a single copy
 * out of the page cache (a stream over the file would copy through a temporary buffer first).
 */
final class FileRangeChannel implements ReadableByteChannel {
    private final FileChannel file;
    private long position;
    private long remaining;

    FileRangeChannel(FileChannel file, long offset, long length) {
        this.file = file;
        this.position = offset;
        this.remaining = length;
    }

    @Override
    public int read(ByteBuffer into) throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        int limit = into.limit();
        if (into.remaining() > remaining) {
            into.limit(into.position() + (int) remaining);
        }
        try {
            int n = file.read(into, position);
            if (n > 0) {
                position += n;
                remaining -= n;
            }
            return n;
        } finally {
            into.limit(limit);
        }
    }

    @Override
    public boolean isOpen() {
        return file.isOpen();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
