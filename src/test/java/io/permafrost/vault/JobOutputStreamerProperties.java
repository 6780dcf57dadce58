package io.permafrost.vault;

import io.permafrost.glacier.LeafHashes;
import io.permafrost.glacier.TreeHash;
import io.permafrost.store.JobSegment;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Whatever range of a job's output is asked for, bytes damaged at rest never come out as a complete
 * copy: a copy either delivers exactly the stored-at-upload bytes or fails short, and with chunk
 * hashes it never writes a byte that is not right. The sink takes each buffer's bytes only when the
 * streamer waits for that send, as late as Jetty may when the socket is full: a buffer refilled
 * before its send completed would show up here as wrong bytes.
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
        JobOutputStreamer streamer = new JobOutputStreamer(blobs, new DirectChunkBuffers(MIB, 4), ChunkDigests.SHARED);
        LateSink sink = new LateSink(out);
        Throwable failure = catchThrowable(() -> streamer.copy("test output", segments, first, last, sink));
        sink.drain();

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

    @Example
    void aDamagedMiddleChunkStopsTheCopyAfterTheChunkBeforeIt() throws Exception {
        byte[] data = new byte[3 * MIB];
        new Random(3).nextBytes(data);
        TreeHash hash = TreeHash.keepingLeaves();
        hash.update(data);
        byte[] stored = data.clone();
        stored[MIB + MIB / 2] ^= 0x5a;
        InMemoryBlobStore blobs = new InMemoryBlobStore();
        blobs.put("b", stored);
        List<JobSegment> segments = List.of(new JobSegment(0, "b", data.length, hash.hexDigest(), hash.leaves()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LateSink sink = new LateSink(out);

        Throwable failure = catchThrowable(() -> new JobOutputStreamer(blobs, new DirectChunkBuffers(MIB, 4), ChunkDigests.SHARED)
                .copy("test output", segments, 10, data.length - 1, sink));
        sink.drain();

        assertThat(failure).isInstanceOf(JobOutputStreamer.CorruptOutputException.class);
        assertThat(out.toByteArray()).as("the first chunk's requested bytes, then nothing")
                .isEqualTo(Arrays.copyOfRange(data, 10, MIB));
    }

    @Example
    void aRangeAcrossChunkBordersComesOutWhole() throws Exception {
        byte[] data = new byte[3 * MIB + 17];
        new Random(4).nextBytes(data);
        TreeHash hash = TreeHash.keepingLeaves();
        hash.update(data);
        InMemoryBlobStore blobs = new InMemoryBlobStore();
        blobs.put("b", data);
        List<JobSegment> segments = List.of(new JobSegment(0, "b", data.length, hash.hexDigest(), hash.leaves()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        new JobOutputStreamer(blobs, new DirectChunkBuffers(MIB, 4), ChunkDigests.SHARED)
                .copy("test output", segments, MIB - 5, 3 * MIB + 3, new LateSink(out));

        assertThat(out.toByteArray()).isEqualTo(Arrays.copyOfRange(data, MIB - 5, 3 * MIB + 4));
    }

    /**
     * Takes each buffer's bytes as late as a sender may: only when the streamer waits for that send
     * (before its next send, or at the end), or after a failed copy.
     */
    private static final class LateSink implements JobOutputSink {
        private final ByteArrayOutputStream out;
        private final List<LateSend> pending = new ArrayList<>();

        LateSink(ByteArrayOutputStream out) {
            this.out = out;
        }

        @Override
        public CompletableFuture<Void> send(ByteBuffer bytes) {
            LateSend send = new LateSend(bytes);
            pending.add(send);
            return send;
        }

        /** Ends the sends still running after a failed copy (what the client got before the cut). */
        void drain() {
            pending.forEach(LateSend::join);
        }

        private final class LateSend extends CompletableFuture<Void> {
            private final ByteBuffer bytes;

            LateSend(ByteBuffer bytes) {
                this.bytes = bytes;
            }

            @Override
            public Void join() {
                if (!isDone()) {
                    byte[] copy = new byte[bytes.remaining()];
                    bytes.get(copy);
                    out.writeBytes(copy);
                    complete(null);
                }
                return super.join();
            }
        }
    }
}
