package io.permafrost.store.embedded;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Off-heap buffers aligned to the filesystem block, as direct I/O requires, recycled between uploads
 * (a direct buffer's memory is only returned when the garbage collector finds it, so allocating one
 * per request would let off-heap memory run ahead of the heap). Keeps at most {@code retained} idle.
 */
final class AlignedBuffers {
    private final int size;
    private final int alignment;
    private final BlockingQueue<ByteBuffer> idle;

    AlignedBuffers(int size, int alignment, int retained) {
        if (size % alignment != 0) {
            throw new IllegalArgumentException("buffer size " + size + " is not a multiple of " + alignment);
        }
        this.size = size;
        this.alignment = alignment;
        this.idle = new ArrayBlockingQueue<>(retained);
    }

    int alignment() {
        return alignment;
    }

    ByteBuffer take() {
        ByteBuffer buffer = idle.poll();
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(size + alignment).alignedSlice(alignment).limit(size).slice();
        }
        return buffer.clear();
    }

    void give(ByteBuffer buffer) {
        idle.offer(buffer.clear());
    }
}
