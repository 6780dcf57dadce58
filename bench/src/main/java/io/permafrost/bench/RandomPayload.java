package io.permafrost.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A file of random bytes for a benchmark to upload, written (and tree-hashed) before any clock starts. */
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
                for (int i = 0; i < n; i += 8) {
                    buffer.putLong(random.nextLong());
                }
                buffer.flip().limit(n);
                chunks.add(ClientTreeHash.of(buffer.array(), 0, n));
                while (buffer.hasRemaining()) {
                    written += file.write(buffer);
                }
            }
        }
        return ClientTreeHash.hex(ClientTreeHash.combine(chunks));
    }
}
