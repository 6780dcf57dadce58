package io.permafrost.vault;

import io.permafrost.glacier.LeafHashes;
import io.permafrost.glacier.TreeHash;
import io.permafrost.store.JobSegment;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Whatever range of a job's output is asked for, bytes damaged at rest never come out as a complete
 * copy: a copy either delivers exactly the stored-at-upload bytes or fails short, and with chunk
 * hashes it never writes a byte that is not right. The sink sends each buffer later, on another
 * thread, as Jetty does when the socket is full: a buffer refilled before its send completed would
 * show up here as wrong bytes.
 */
class JobOutputStreamerProperties {
    private static final int MIB = TreeHash.CHUNK_SIZE;

    @Property(tries = 150)
    void noRangeOfADamagedOutputCompletesWithWrongBytes(
            @ForAll @IntRange(min = 1, max = 3 * MIB + 1000) int size,
            @ForAll @IntRange(min = 0, max = 2) int partsOfOneMib,
            @ForAll boolean withLeaves,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int damageSeed,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int firstSeed,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int lengthSeed) throws Exception {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        // 0: one segment (a single upload); else parts of 1 or 2 MiB (a multipart upload).
        int partSize = partsOfOneMib == 0 ? size : partsOfOneMib * MIB;
        InMemoryBlobStore blobs = new InMemoryBlobStore();
        List<JobSegment> segments = new ArrayList<>();
        int damaged = damageSeed % size;
        for (int offset = 0; offset < size; offset += partSize) {
            byte[] part = Arrays.copyOfRange(data, offset, Math.min(size, offset + partSize));
            TreeHash hash = TreeHash.keepingLeaves();
            hash.update(part);
            String treeHash = hash.hexDigest();
            LeafHashes leaves = hash.leaves();
            if (damaged >= offset && damaged < offset + part.length) {
                part[damaged - offset] ^= 0x5a;
            }
            blobs.put("b" + offset, part);
            segments.add(new JobSegment(offset, "b" + offset, part.length, treeHash, withLeaves ? leaves : null));
        }
        int first = firstSeed % size;
        int last = first + lengthSeed % (size - first);
        byte[] expected = Arrays.copyOfRange(data, first, last + 1);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JobOutputStreamer streamer = new JobOutputStreamer(blobs, new DirectChunkBuffers(MIB, 4));
        Throwable failure;
        try (LateSink sink = new LateSink(out)) {
            failure = catchThrowable(() -> streamer.copy("test output", segments, first, last, sink));
            sink.drain();
        }

        if (failure == null) {
            assertThat(out.toByteArray()).as("a complete copy is the bytes as uploaded").isEqualTo(expected);
        } else {
            assertThat(failure).isInstanceOf(JobOutputStreamer.CorruptOutputException.class);
            assertThat(out.size()).as("a failed copy is short").isLessThan(expected.length);
            if (withLeaves) {
                assertThat(out.toByteArray()).as("with chunk hashes, only right bytes go out")
                        .isEqualTo(Arrays.copyOf(expected, out.size()));
            }
        }
        if (damaged >= first && damaged <= last) {
            assertThat(failure).as("the range holds the damaged byte %d", damaged).isNotNull();
        }
    }

    /** Takes each buffer's bytes only on another thread, a moment after the send was started. */
    private static final class LateSink implements JobOutputSink, AutoCloseable {
        private final ByteArrayOutputStream out;
        private final ExecutorService sender = Executors.newSingleThreadExecutor();

        LateSink(ByteArrayOutputStream out) {
            this.out = out;
        }

        @Override
        public CompletableFuture<Void> send(ByteBuffer bytes) {
            return CompletableFuture.runAsync(() -> {
                Thread.yield();
                byte[] copy = new byte[bytes.remaining()];
                bytes.get(copy);
                synchronized (out) {
                    out.writeBytes(copy);
                }
            }, sender);
        }

        /** Waits for sends still running after a failed copy (what the client got before the cut). */
        void drain() throws InterruptedException {
            sender.shutdown();
            sender.awaitTermination(1, TimeUnit.MINUTES);
        }

        @Override
        public void close() {
            sender.shutdownNow();
        }
    }
}
