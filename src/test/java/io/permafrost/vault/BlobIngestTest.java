package io.permafrost.vault;

import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.TreeHash;
import io.permafrost.store.BlobStore;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ingest loop on both paths: small bodies hashed on the request thread, large ones
 * ({@link BlobIngest#OFF_THREAD_FROM} and more) with the tree hash on a second thread. Every byte
 * is still hashed both ways, a mismatch is still refused, and a failed body leaves nothing behind.
 */
class BlobIngestTest {
    private static final int LARGE = (int) BlobIngest.OFF_THREAD_FROM + 3 * 1024 * 1024 + 12345;

    private final CountingBlobStore blobs = new CountingBlobStore();
    private final BlobIngest ingest = new BlobIngest(blobs);

    @Test
    void aLargeBodyGetsTheSameHashesAsWhenHashedInOnePlace() throws Exception {
        byte[] body = random(LARGE);

        try (BlobIngest.Ingested received = ingest.ingest(new UploadBody(new ByteArrayInputStream(body), body.length,
                PayloadCheck.NONE))) {
            assertThat(received.size).isEqualTo(body.length);
            assertThat(received.treeHash).isEqualTo(TreeHash.of(body));
            assertThat(received.sha256).isEqualTo(sha256Hex(body));
            assertThat(received.leaves.count()).isEqualTo((body.length + TreeHash.CHUNK_SIZE - 1) / TreeHash.CHUNK_SIZE);
            assertThat(received.leaves.addUpTo(body.length, TreeHash.of(body))).isTrue();
            String id = received.commit();
            assertThat(blobs.inner.open(id, 0, body.length).readAllBytes()).isEqualTo(body);
        }
    }

    @Test
    void aSmallBodyIsHashedAsBefore() {
        byte[] body = random(1024);

        try (BlobIngest.Ingested received = ingest.ingest(new UploadBody(new ByteArrayInputStream(body), body.length,
                PayloadCheck.NONE))) {
            assertThat(received.treeHash).isEqualTo(TreeHash.of(body));
            assertThat(received.sha256).isEqualTo(sha256Hex(body));
        }
    }

    @Test
    void aBodyOfAtMostOneChunkIsHashedOnceAndItsPayloadDigestIsItsTreeHash() {
        assertThat(BlobIngest.treeHashFeed(0)).isInstanceOf(TreeHashFeed.PayloadDigestIsTree.class);
        assertThat(BlobIngest.treeHashFeed(TreeHash.CHUNK_SIZE)).isInstanceOf(TreeHashFeed.PayloadDigestIsTree.class);
        assertThat(BlobIngest.treeHashFeed(TreeHash.CHUNK_SIZE + 1)).isInstanceOf(TreeHashFeed.SameThread.class);
        // An unknown length may be more than one chunk: it is tree-hashed on its own.
        assertThat(BlobIngest.treeHashFeed(-1)).isInstanceOf(TreeHashFeed.SameThread.class);
        for (int size : new int[] {0, 1, TreeHash.CHUNK_SIZE - 1, TreeHash.CHUNK_SIZE, TreeHash.CHUNK_SIZE + 1}) {
            byte[] body = random(size);
            try (BlobIngest.Ingested received = ingest.ingest(new UploadBody(new ByteArrayInputStream(body),
                    body.length, PayloadCheck.NONE))) {
                assertThat(received.treeHash).as("size %d", size).isEqualTo(TreeHash.of(body));
                assertThat(received.sha256).as("size %d", size).isEqualTo(sha256Hex(body));
                assertThat(received.leaves.count()).as("size %d", size).isEqualTo(Math.max(1,
                        (size + TreeHash.CHUNK_SIZE - 1) / TreeHash.CHUNK_SIZE));
                assertThat(received.leaves.addUpTo(body.length, TreeHash.of(body))).as("size %d", size).isTrue();
            }
        }
    }

    @Test
    void aOneChunkBodyWhosePayloadHashDoesNotMatchIsRefusedAndNothingIsCommitted() {
        byte[] body = random(TreeHash.CHUNK_SIZE);
        String signedFor = sha256Hex(random(16));
        PayloadCheck check = computed -> {
            if (!computed.equals(signedFor)) {
                throw new GlacierException(ErrorCode.INVALID_SIGNATURE, "x-amz-content-sha256 does not match");
            }
        };

        assertThatThrownBy(() -> ingest.ingest(new UploadBody(new ByteArrayInputStream(body), body.length, check)))
                .isInstanceOf(GlacierException.class).hasMessageContaining("x-amz-content-sha256");
        assertThat(blobs.inner.committed()).isZero();
    }

    @Test
    void aLargeBodyWhosePayloadHashDoesNotMatchIsRefusedAndNothingIsCommitted() {
        byte[] body = random(LARGE);
        String signedFor = sha256Hex(random(16));
        PayloadCheck check = computed -> {
            if (!computed.equals(signedFor)) {
                throw new GlacierException(ErrorCode.INVALID_SIGNATURE, "x-amz-content-sha256 does not match");
            }
        };

        assertThatThrownBy(() -> ingest.ingest(new UploadBody(new ByteArrayInputStream(body), body.length, check)))
                .isInstanceOf(GlacierException.class).hasMessageContaining("x-amz-content-sha256");
        assertThat(blobs.inner.committed()).isZero();
        assertThat(blobs.closed).isEqualTo(blobs.created).isEqualTo(1);
    }

    @Test
    void aLargeBodyCutOffMidwayIsRefusedAndItsWriterDiscarded() {
        byte[] body = random(LARGE);
        InputStream cutOff = new ByteArrayInputStream(body, 0, LARGE / 2) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                int n = super.read(b, off, len);
                if (n < 0) {
                    throw new java.io.UncheckedIOException(new IOException("connection reset"));
                }
                return n;
            }
        };

        assertThatThrownBy(() -> ingest.ingest(new UploadBody(new CheckedStream(cutOff), body.length, PayloadCheck.NONE)))
                .isInstanceOfSatisfying(GlacierException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.BAD_REQUEST))
                .hasMessageContaining("ended after " + LARGE / 2);
        assertThat(blobs.inner.committed()).isZero();
        assertThat(blobs.closed).isEqualTo(1);
    }

    @Test
    void aLargeBodyShorterThanDeclaredIsRefused() {
        byte[] body = random(LARGE);

        assertThatThrownBy(() -> ingest.ingest(new UploadBody(new ByteArrayInputStream(body), body.length + 1L,
                PayloadCheck.NONE))).isInstanceOf(GlacierException.class).hasMessageContaining("ended after " + LARGE);
        assertThat(blobs.inner.committed()).isZero();
    }

    /** Turns the unchecked reset above into the IOException a socket throws. */
    private static final class CheckedStream extends InputStream {
        private final InputStream in;

        CheckedStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }

    /** Counts writers created and closed around an in-memory store. */
    private static final class CountingBlobStore implements BlobStore {
        final InMemoryBlobStore inner = new InMemoryBlobStore();
        int created;
        int closed;

        @Override
        public BlobWriter create() throws IOException {
            created++;
            BlobWriter writer = inner.create();
            return new BlobWriter() {
                @Override
                public void write(byte[] buffer, int offset, int length) throws IOException {
                    writer.write(buffer, offset, length);
                }

                @Override
                public String commit() throws IOException {
                    return writer.commit();
                }

                @Override
                public void close() {
                    closed++;
                    writer.close();
                }
            };
        }

        @Override
        public InputStream open(String blobId, long offset, long length) throws IOException {
            return inner.open(blobId, offset, length);
        }

        @Override
        public long size(String blobId) {
            return inner.size(blobId);
        }

        @Override
        public void delete(String blobId) {
            inner.delete(blobId);
        }

        @Override
        public SweepReport sweep(ReferenceCheck references) {
            throw new UnsupportedOperationException();
        }
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new SplittableRandom(size).nextBytes(bytes);
        return bytes;
    }

    private static String sha256Hex(byte[] bytes) {
        MessageDigest sha = TreeHash.sha256();
        return HexFormat.of().formatHex(sha.digest(bytes));
    }
}
