package io.permafrost.store.s3;

import io.permafrost.store.BlobStore.BlobWriter;
import io.permafrost.testing.TestObjectStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The S3 blob store against a real RGW (dev/engines.sh); skipped without one. */
class S3BlobStoreIT {
    private static S3Settings settings;
    private static S3BlobStore blobs;

    @BeforeAll
    static void connect() {
        settings = TestObjectStore.settingsOrSkip();
        blobs = new S3BlobStore(settings);
    }

    @AfterAll
    static void disconnect() {
        if (blobs != null) {
            blobs.close();
        }
    }

    private static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Writes in uneven pieces, as the upload path hands them over. */
    private static String store(byte[] bytes) throws IOException {
        try (BlobWriter writer = blobs.create()) {
            for (int at = 0; at < bytes.length; ) {
                int n = Math.min(bytes.length - at, 300_001);
                writer.write(bytes, at, n);
                at += n;
            }
            return writer.commit();
        }
    }

    private static byte[] read(String blobId, long offset, long length) throws IOException {
        try (InputStream in = blobs.open(blobId, offset, length)) {
            return in.readAllBytes();
        }
    }

    private static boolean anyVersionOf(String blobId) {
        String key = S3BlobStore.keyOf(blobId);
        var listing = blobs.client().listObjectVersions(b -> b.bucket(settings.bucket()).prefix(key));
        return !listing.versions().isEmpty() || !listing.deleteMarkers().isEmpty();
    }

    private static boolean multipartUploadOf(String blobId) {
        String key = S3BlobStore.keyOf(blobId);
        return blobs.client().listMultipartUploads(b -> b.bucket(settings.bucket()).prefix(key)).uploads().stream()
                .anyMatch(u -> u.key().equals(key));
    }

    @Test
    void aSmallBlobIsOnePutAndReadsBackWholeAndByRange() throws IOException {
        byte[] bytes = random(100_000, 1);
        String id = store(bytes);

        assertThat(blobs.size(id)).isEqualTo(bytes.length);
        assertThat(read(id, 0, bytes.length)).isEqualTo(bytes);
        assertThat(read(id, 1000, 5000)).isEqualTo(Arrays.copyOfRange(bytes, 1000, 6000));
        assertThat(read(id, bytes.length - 1, 1)).isEqualTo(new byte[] {bytes[bytes.length - 1]});
        assertThat(read(id, 10, 0)).isEmpty();
        assertThat(id).matches("[0-9a-f]{32}");
    }

    @Test
    void aBlobLargerThanOnePartIsAMultipartUploadAndRangesCrossPartBoundaries() throws IOException {
        byte[] bytes = random(2 * S3BlobWriter.PART_SIZE + 123, 2);
        String id = store(bytes);

        assertThat(blobs.size(id)).isEqualTo(bytes.length);
        assertThat(read(id, 0, bytes.length)).isEqualTo(bytes);
        int boundary = S3BlobWriter.PART_SIZE;
        assertThat(read(id, boundary - 10, 20)).isEqualTo(Arrays.copyOfRange(bytes, boundary - 10, boundary + 10));
        assertThat(read(id, 2L * boundary, 123)).isEqualTo(Arrays.copyOfRange(bytes, 2 * boundary, bytes.length));
        assertThat(multipartUploadOf(id)).isFalse();
    }

    @Test
    void aReadClosedHalfWayLeavesTheStoreUsable() throws IOException {
        byte[] bytes = random(S3BlobWriter.PART_SIZE + 5, 6);
        String id = store(bytes);

        try (InputStream in = blobs.open(id, 0, bytes.length)) {
            assertThat(in.readNBytes(10)).isEqualTo(Arrays.copyOf(bytes, 10));
        }

        assertThat(read(id, bytes.length - 5, 5)).isEqualTo(Arrays.copyOfRange(bytes, bytes.length - 5, bytes.length));
    }

    @Test
    void closingWithoutCommitAbortsTheMultipartUploadAndLeavesNoObject() throws IOException {
        String id;
        try (S3BlobWriter writer = (S3BlobWriter) blobs.create()) {
            id = writer.blobId();
            byte[] bytes = random(S3BlobWriter.PART_SIZE + 1000, 3);
            writer.write(bytes, 0, bytes.length);
            assertThat(multipartUploadOf(id)).as("the first part went out").isTrue();
        }
        assertThat(multipartUploadOf(id)).isFalse();
        assertThat(anyVersionOf(id)).isFalse();
        assertThatThrownBy(() -> blobs.size(id)).isInstanceOf(IOException.class);
    }

    @Test
    void closingASmallWriteWithoutCommitLeavesNoObject() throws IOException {
        String id;
        try (S3BlobWriter writer = (S3BlobWriter) blobs.create()) {
            id = writer.blobId();
            writer.write(new byte[] {1, 2, 3}, 0, 3);
        }
        assertThat(anyVersionOf(id)).isFalse();
    }

    @Test
    void deleteRemovesEveryVersionNotJustAddsADeleteMarker() throws IOException {
        String id = store(random(1000, 4));
        assertThat(anyVersionOf(id)).isTrue();

        blobs.delete(id);

        assertThat(anyVersionOf(id)).isFalse();
    }

    @Test
    void aRetainedBlobCannotBeDeletedEvenWithTheStoresOwnKeys() throws IOException {
        String id = store(random(1000, 5));
        String key = S3BlobStore.keyOf(id);
        Instant until = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

        blobs.retainUntil(id, until);
        // Idempotent, and never shortens: an earlier date later is ignored.
        blobs.retainUntil(id, until.minus(1, ChronoUnit.HOURS));

        String version = blobs.client().headObject(b -> b.bucket(settings.bucket()).key(key)).versionId();
        assertThatThrownBy(() -> blobs.client().deleteObject(b -> b.bucket(settings.bucket()).key(key).versionId(version)))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        blobs.delete(id);
        assertThat(read(id, 0, 1000)).hasSize(1000);
        assertThat(blobs.client().getObjectRetention(b -> b.bucket(settings.bucket()).key(key)).retention()
                .retainUntilDate()).isEqualTo(until);
    }

    @Test
    void anUnreachableStoreFailsEveryCallWithAnIOException() {
        S3Settings nowhere = new S3Settings(settings.bucket(), URI.create("http://127.0.0.1:1"), settings.region(),
                settings.accessKey(), settings.secretKey());
        try (S3BlobStore down = new S3BlobStore(nowhere)) {
            assertThatThrownBy(() -> {
                try (BlobWriter writer = down.create()) {
                    writer.write(new byte[10], 0, 10);
                    writer.commit();
                }
            }).isInstanceOf(IOException.class).hasMessageContaining("PutObject");
            String id = "0".repeat(32);
            assertThatThrownBy(() -> down.open(id, 0, 10)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> down.size(id)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> down.retainUntil(id, Instant.now().plusSeconds(3600))).isInstanceOf(IOException.class);
        }
    }
}
