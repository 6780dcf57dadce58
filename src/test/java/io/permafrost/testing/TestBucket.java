package io.permafrost.testing;

import io.permafrost.store.s3.S3BlobStore;
import io.permafrost.store.s3.S3Settings;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.UUID;

/**
 * A fresh bucket, created with Object Lock enabled, on the test object store: one per cluster test server,
 * so tests stay independent and what a test counts in it is its own server's. Closing deletes it on a best
 * effort basis: objects under COMPLIANCE retention cannot be removed, and such a bucket stays behind (the
 * test RGW is throwaway).
 */
public final class TestBucket implements AutoCloseable {
    private final S3Settings settings;
    private final S3Client s3;

    private TestBucket(S3Settings settings) {
        this.settings = settings;
        this.s3 = S3BlobStore.clientFor(settings);
        s3.createBucket(b -> b.bucket(settings.bucket()).objectLockEnabledForBucket(true));
    }

    /** A new bucket on the store of {@code PERMAFROST_TEST_S3_*}; null when that is not set. */
    public static TestBucket createIfConfigured() {
        String endpoint = System.getenv("PERMAFROST_TEST_S3_ENDPOINT");
        if (endpoint == null || endpoint.isBlank()) {
            return null;
        }
        S3Settings shared = TestObjectStore.settingsOrSkip();
        // Bucket names: 3-63 lowercase letters, digits and dashes.
        String name = "pf-test-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        return new TestBucket(new S3Settings(name, shared.endpoint(), shared.region(), shared.accessKey(),
                shared.secretKey()));
    }

    public S3Settings settings() {
        return settings;
    }

    /**
     * Stored blobs: every object version in the bucket. The bucket is versioned, so a removed
     * blob that left a version behind (retention, or a delete that only hid it) still counts.
     */
    long blobCount() {
        return s3.listObjectVersionsPaginator(b -> b.bucket(settings.bucket())).versions().stream().count();
    }

    /** Writes in flight or left behind: S3 multipart uploads not completed or aborted. */
    long inProgressUploadCount() {
        return s3.listMultipartUploadsPaginator(b -> b.bucket(settings.bucket())).uploads().stream().count();
    }

    @Override
    public void close() {
        try {
            s3.listMultipartUploadsPaginator(b -> b.bucket(settings.bucket())).uploads().forEach(u ->
                    s3.abortMultipartUpload(b -> b.bucket(settings.bucket()).key(u.key()).uploadId(u.uploadId())));
            s3.listObjectVersionsPaginator(b -> b.bucket(settings.bucket())).versions().forEach(v ->
                    s3.deleteObject(b -> b.bucket(settings.bucket()).key(v.key()).versionId(v.versionId())));
            s3.listObjectVersionsPaginator(b -> b.bucket(settings.bucket())).deleteMarkers().forEach(m ->
                    s3.deleteObject(b -> b.bucket(settings.bucket()).key(m.key()).versionId(m.versionId())));
            s3.deleteBucket(b -> b.bucket(settings.bucket()));
        } catch (SdkException retained) {
            // A version under COMPLIANCE retention: the bucket stays, as it must.
        } finally {
            s3.close();
        }
    }
}
