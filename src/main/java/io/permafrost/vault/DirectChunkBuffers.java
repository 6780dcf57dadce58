package io.permafrost.vault;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Off-heap 1 MiB chunk buffers for downloads, recycled: a chunk read into a direct buffer costs one
 * copy out of the page cache and none on the way to the socket, where a heap buffer costs a copy
 * through a temporary direct buffer each way. Recycled because a direct buffer's memory returns only
 * when the garbage collector finds it. At most {@code limit} exist; past that, or when the JVM's
 * direct memory is used up, a download gets heap buffers (slower, never refused).
 */
final class DirectChunkBuffers {
    /** Shared by all downloads: an eighth of the heap limit (the default direct-memory limit equals it), 4 to 64. */
    static final DirectChunkBuffers SHARED = new DirectChunkBuffers(BlobChunks.CHUNK,
            (int) Math.max(4, Math.min(64, Runtime.getRuntime().maxMemory() / 8 / BlobChunks.CHUNK)));

    private final int size;
    private final int limit;
    private final Deque<ByteBuffer> idle = new ArrayDeque<>();
    private int created;

    DirectChunkBuffers(int size, int limit) {
        this.size = size;
        this.limit = limit;
    }

    /** A buffer of the chunk size: a recycled or new direct one, or a heap one when none may be made. */
    synchronized ByteBuffer take() {
        ByteBuffer recycled = idle.poll();
        if (recycled != null) {
            return recycled;
        }
        if (created < limit) {
            try {
                ByteBuffer fresh = ByteBuffer.allocateDirect(size);
                created++;
                return fresh;
            } catch (OutOfMemoryError directMemoryExhausted) {
                // -XX:MaxDirectMemorySize reached (uploads share it): fall through to the heap
            }
        }
        return ByteBuffer.allocate(size);
    }

    /** Takes back a buffer nothing uses any more (heap buffers are left to the collector). */
    synchronized void giveBack(ByteBuffer buffer) {
        if (buffer.isDirect() && buffer.capacity() == size) {
            idle.push(buffer.clear());
        }
    }

    synchronized int idleCount() {
        return idle.size();
    }
}
