package io.permafrost.store.embedded;

import io.permafrost.store.BlobStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.permafrost.store.BlobStore.BlobWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both ways a blob file is written (direct I/O and through the page cache) give back exactly the
 * bytes written, whatever their size and however they were cut into writes, and leave nothing behind
 * when abandoned. Direct I/O needs a filesystem that takes it: the data folder lives under
 * {@code target/} (a disk), not in {@code /tmp} (tmpfs on some machines).
 */
class FileBlobStoreTest {
    private static final int MIB = 1 << 20;


    static Stream<Arguments> sizes() {
        int[] sizes = {0, 1, 511, 4095, 4096, 4097, MIB - 1, MIB, MIB + 1, 2 * MIB + 12_345, 33 * MIB + 7};
        return Stream.of(true, false).flatMap(direct -> Arrays.stream(sizes).mapToObj(size -> Arguments.of(direct, size)));
    }

    @ParameterizedTest(name = "direct I/O {0}, {1} bytes")
    @MethodSource("sizes")
    void committedBlobReadsBackExactly(boolean direct, int size) throws IOException {
        FileBlobStore store = store(direct);
        byte[] data = random(size, size);

        String id = writeInRandomPieces(store, data, size).commit();

        assertThat(store.size(id)).isEqualTo(size);
        try (InputStream in = store.open(id, 0, size)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        int offset = size / 3;
        try (InputStream in = store.open(id, offset, size - offset)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, offset, size));
        }
        assertThat(Files.list(blobsRoot().resolve("tmp"))).isEmpty();
    }

    @ParameterizedTest(name = "direct I/O {0}, {1} bytes")
    @MethodSource("sizes")
    void aChannelGivesTheRangeAndStopsAtItsEnd(boolean direct, int size) throws IOException {
        FileBlobStore store = store(direct);
        byte[] data = random(size, size + 1);
        String id = writeInRandomPieces(store, data, size).commit();
        int offset = size / 3;
        int length = (size - offset) / 2;

        // A buffer larger than the range, as a download's chunk buffer is for a blob's last chunk.
        ByteBuffer buffer = ByteBuffer.allocateDirect(size + 4096);
        try (ReadableByteChannel channel = store.openChannel(id, offset, length)) {
            while (channel.read(buffer) > 0) {
                // a channel may return less than asked
            }
            assertThat(channel.read(buffer)).as("past the range's end").isEqualTo(-1);
        }
        byte[] got = new byte[buffer.flip().remaining()];
        buffer.get(got);
        assertThat(got).isEqualTo(Arrays.copyOfRange(data, offset, offset + length));
    }

    @ParameterizedTest(name = "direct I/O {0}, {1} bytes")
    @MethodSource("sizes")
    void abandonedBlobLeavesNothing(boolean direct, int size) throws IOException {
        FileBlobStore store = store(direct);
        BlobWriter writer = writeInRandomPieces(store, random(size, 7), 7);

        writer.close();
        writer.close();

        assertThat(Files.list(blobsRoot().resolve("tmp"))).isEmpty();
        assertThat(store.sweep(BlobStore.ReferenceCheck.each(id -> true)).tempFilesRemoved()).isZero();
    }

    @ParameterizedTest(name = "direct I/O {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void manyWritersInTurnReuseBuffersWithoutMixingBytes(boolean direct) throws IOException {
        FileBlobStore store = store(direct);
        for (int round = 0; round < 40; round++) {
            int size = 3 * MIB / 2 + round;
            byte[] data = random(size, round);
            BlobWriter writer = writeInRandomPieces(store, data, round);
            if (round % 3 == 0) {
                writer.close();
                continue;
            }
            String id = writer.commit();
            try (InputStream in = store.open(id, 0, size)) {
                assertThat(in.readAllBytes()).as("round %d", round).isEqualTo(data);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void writersBeyondTheDirectBufferLimitGoThroughThePageCache() throws IOException {
        FileBlobStore store = new FileBlobStore(blobsRoot(), true, 2);
        assumeTrue(store.usesDirectIo(), "this filesystem takes no direct I/O");
        byte[] first = random(3 * MIB + 5, 1);
        byte[] second = random(2 * MIB + 9, 2);
        byte[] third = random(MIB + 3, 3);

        BlobWriter holdsTheOnlyPair = store.create();
        BlobWriter withoutDirectBuffers = store.create();
        holdsTheOnlyPair.write(first, 0, first.length);
        withoutDirectBuffers.write(second, 0, second.length);
        String secondId = withoutDirectBuffers.commit();
        String firstId = holdsTheOnlyPair.commit();
        BlobWriter afterThePairCameBack = store.create();
        afterThePairCameBack.write(third, 0, third.length);
        String thirdId = afterThePairCameBack.commit();

        for (var blob : java.util.Map.of(firstId, first, secondId, second, thirdId, third).entrySet()) {
            try (InputStream in = store.open(blob.getKey(), 0, blob.getValue().length)) {
                assertThat(in.readAllBytes()).isEqualTo(blob.getValue());
            }
            assertThat(store.size(blob.getKey())).isEqualTo(blob.getValue().length);
        }
    }

    @org.junit.jupiter.api.Test
    void buffersComeBackAfterCommitAndAfterAbandon() throws Exception {
        FileBlobStore store = new FileBlobStore(blobsRoot(), true, 4);
        assumeTrue(store.usesDirectIo(), "this filesystem takes no direct I/O");
        byte[] data = random(2 * MIB + 10, 5);

        BlobWriter committed = store.create();
        committed.write(data, 0, data.length);
        committed.commit();
        BlobWriter abandoned = store.create();
        abandoned.write(data, 0, data.length);
        abandoned.close();

        assertThat(store.directBuffersAvailable()).isEqualTo(4);
    }

    @org.junit.jupiter.api.Test
    void anInterruptedCloseReturnsTheBuffersOnlyWhenTheWriteStillRunningEnds() throws Exception {
        Path file = Files.createDirectories(blobsRoot()).resolve("slow.tmp");
        AlignedBuffers buffers = new AlignedBuffers(MIB, 4096, 2);
        java.util.concurrent.CountDownLatch diskMayProceed = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService disk = java.util.concurrent.Executors.newSingleThreadExecutor();
        BackgroundIo slowDisk = new BackgroundIo(task -> disk.execute(() -> {
            try {
                diskMayProceed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            task.run();
        }));
        DirectBlobOutput output = new DirectBlobOutput(java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE), buffers,
                buffers.takePair(), slowDisk, 32L * MIB);
        byte[] data = random(MIB + 10, 6);
        output.write(data, 0, data.length);

        Thread.currentThread().interrupt();
        try {
            output.close();
        } finally {
            Thread.interrupted();
        }
        assertThat(buffers.available()).as("a buffer the disk write still reads is not reused").isZero();

        diskMayProceed.countDown();
        disk.shutdown();
        assertThat(disk.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(buffers.available()).isEqualTo(2);
    }

    @org.junit.jupiter.api.Test
    void aFailedBackgroundWriteFailsTheBlobAndReturnsItsBuffers() throws IOException {
        Path file = Files.createDirectories(blobsRoot()).resolve("read-only.tmp");
        Files.write(file, new byte[0]);
        AlignedBuffers buffers = new AlignedBuffers(MIB, 4096, 2);
        BackgroundIo background = new BackgroundIo(Runnable::run);
        // Opened for reading only: every write the background thread tries fails.
        DirectBlobOutput output = new DirectBlobOutput(java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.READ), buffers, buffers.takePair(), background, 32L * MIB);
        byte[] data = random(3 * MIB, 9);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
            output.write(data, 0, data.length);
            output.makeDurable();
        }).isInstanceOf(IOException.class);
        output.close();

        assertThat(buffers.available()).isEqualTo(2);
    }

    private FileBlobStore store(boolean direct) throws IOException {
        FileBlobStore store = new FileBlobStore(blobsRoot(), direct);
        if (direct) {
            assumeTrue(store.usesDirectIo(), "this filesystem takes no direct I/O");
        } else {
            assertThat(store.usesDirectIo()).isFalse();
        }
        return store;
    }

    private Path blobsRoot() throws IOException {
        if (root == null) {
            Path scratch = Path.of(System.getProperty("permafrost.test.scratch", "target/test-scratch"));
            root = Files.createTempDirectory(Files.createDirectories(scratch), "blobs");
        }
        return root;
    }

    private Path root;

    @org.junit.jupiter.api.AfterEach
    void deleteRoot() throws IOException {
        if (root == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static BlobWriter writeInRandomPieces(FileBlobStore store, byte[] data, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        BlobWriter writer = store.create();
        int at = 0;
        while (at < data.length) {
            // Pieces from 1 byte to 1.5 MiB, so buffer boundaries fall inside writes and between them.
            int piece = Math.min(data.length - at, random.nextInt(4) == 0 ? 1 + random.nextInt(100) : 1 + random.nextInt(3 * MIB / 2));
            writer.write(data, at, piece);
            at += piece;
        }
        return writer;
    }

    private static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new SplittableRandom(seed).nextBytes(data);
        return data;
    }
}
