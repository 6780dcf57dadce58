package io.permafrost.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random bytes for a benchmark to upload, written (and tree-hashed) before any clock starts. The same
 * seed gives the same bytes in a file ({@link #write}) and in memory ({@link #inMemory}), so a
 * reference server can hold exactly what Permafrost stored.
 */
final class RandomPayload {
    private RandomPayload() {
    }

    /** Writes {@code size} bytes drawn from {@code seed}; returns their tree hash in hex. */
    static String write(Path payload, long size, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        ByteBuffer buffer = ByteBuffer.allocate(ClientTreeHash.CHUNK);
        List<byte[]> chunks = new ArrayList<>();
        try (FileChannel file = FileChannel.open(payload, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long written = 0; written < size; ) {
                buffer.clear();
                int n = (int) Math.min(buffer.capacity(), size - written);
                fill(buffer, random, n);
                chunks.add(ClientTreeHash.of(buffer.array(), 0, n));
                while (buffer.hasRemaining()) {
                    written += file.write(buffer);
                }
            }
        }
        return ClientTreeHash.hex(ClientTreeHash.combine(chunks));
    }

    /** The same {@code size} bytes as {@link #write} with this seed, in a direct buffer (off the heap), read-only. */
    static ByteBuffer inMemory(long size, long seed) {
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("an in-memory payload is at most 2 GiB - 1, asked for " + size);
        }
        SplittableRandom random = new SplittableRandom(seed);
        ByteBuffer payload = ByteBuffer.allocateDirect((int) size);
        while (payload.hasRemaining()) {
            fill(payload.slice(), random, Math.min(ClientTreeHash.CHUNK, payload.remaining()));
            payload.position(payload.position() + Math.min(ClientTreeHash.CHUNK, payload.remaining()));
        }
        return payload.flip().asReadOnlyBuffer();
    }

    /** Puts {@code n} bytes (whole longs, the last cut short) from {@code random} at the buffer's position, then flips it. */
    private static void fill(ByteBuffer buffer, SplittableRandom random, int n) {
        int start = buffer.position();
        for (int i = 0; i < n; i += 8) {
            long value = random.nextLong();
            if (n - i >= 8) {
                buffer.putLong(value);
                continue;
            }
            for (int b = 7; b >= 0 && i + 7 - b < n; b--) {
                buffer.put((byte) (value >>> (8 * b)));
            }
        }
        buffer.limit(buffer.position()).position(start);
    }
}
