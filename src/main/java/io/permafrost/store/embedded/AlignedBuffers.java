package io.permafrost.store.embedded;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Off-heap buffers aligned to the filesystem block, as direct I/O requires, recycled between uploads
 * (a direct buffer's memory returns only when the garbage collector finds it, so one per request
 * would let off-heap memory run ahead of the heap). At most {@code limit} exist at once; a writer
 * that finds none left writes through the page cache instead of waiting or running out of memory.
 */
final class AlignedBuffers {
    private final int size;
    private final int alignment;
    private final int limit;
    private final Deque<ByteBuffer> idle = new ArrayDeque<>();
    private int created;

    AlignedBuffers(int size, int alignment, int limit) {
        if (size % alignment != 0) {
            throw new IllegalArgumentException("buffer size " + size + " is not a multiple of " + alignment);
        }
        if (limit < 2) {
            throw new IllegalArgumentException("a writer needs two buffers; limit " + limit);
        }
        this.size = size;
        this.alignment = alignment;
        this.limit = limit;
    }

    /** As many buffers as a quarter of the heap limit holds (the default off-heap limit equals it), 2 to 64. */
    static int limitForThisJvm(int bufferSize) {
        long quarter = Runtime.getRuntime().maxMemory() / 4;
        return (int) Math.max(2, Math.min(64, quarter / bufferSize));
    }

    int alignment() {
        return alignment;
    }

    /**
     * Two buffers for one writer, or null when the limit would be passed or the JVM has no direct
     * memory left (its own limit, {@code -XX:MaxDirectMemorySize}, may be lower than ours).
     */
    synchronized ByteBuffer[] takePair() {
        if (idle.size() + (limit - created) < 2) {
            return null;
        }
        ByteBuffer first = takeOne();
        if (first == null) {
            return null;
        }
        ByteBuffer second = takeOne();
        if (second == null) {
            idle.push(first);
            return null;
        }
        return new ByteBuffer[] {first, second};
    }

    private ByteBuffer takeOne() {
        ByteBuffer buffer = idle.poll();
        if (buffer != null) {
            return buffer.clear();
        }
        try {
            buffer = ByteBuffer.allocateDirect(size + alignment).alignedSlice(alignment).limit(size).slice();
        } catch (OutOfMemoryError noDirectMemoryLeft) {
            return null;
        }
        created++;
        return buffer;
    }

    /** How many more buffers could be handed out now. */
    synchronized int available() {
        return idle.size() + (limit - created);
    }

    synchronized void give(ByteBuffer buffer) {
        idle.push(buffer.clear());
    }
}
