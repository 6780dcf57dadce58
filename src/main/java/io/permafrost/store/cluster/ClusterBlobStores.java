package io.permafrost.store.cluster;

import io.permafrost.store.BlobStore;
import io.permafrost.store.embedded.FileBlobStore;
import io.permafrost.store.s3.PublishedBlobs;
import io.permafrost.store.s3.S3BlobStore;
import io.permafrost.store.s3.S3Settings;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The seam where a cluster gets its blob store from {@link ClusterSettings#blobs()}. {@code file:DIR}
 * is a directory shared by the nodes (a development and test stand-in: every node must mount the same
 * directory); {@code s3://BUCKET} is the real store, an {@link S3BlobStore} on an S3-compatible endpoint.
 */
public final class ClusterBlobStores {
    private ClusterBlobStores() {
    }

    /** {@code published}: where an S3 store notes each blob just before it becomes an object (orphan collection). */
    public static BlobStore open(ClusterSettings settings, PublishedBlobs published) throws IOException {
        String blobs = settings.blobs();
        if (blobs.startsWith("file:")) {
            return new FileBlobStore(Path.of(blobs.substring("file:".length())));
        }
        if (blobs.startsWith("s3://")) {
            String bucket = blobs.substring("s3://".length()).replaceAll("/+$", "");
            if (bucket.isEmpty() || bucket.contains("/")) {
                throw new IllegalArgumentException("--blobs " + blobs + ": expected s3://BUCKET (a bucket, no prefix)");
            }
            if (settings.s3Endpoint() == null || settings.s3AccessKey() == null || settings.s3SecretKey() == null) {
                throw new IllegalArgumentException("--blobs " + blobs + " needs --s3-endpoint and the keys in "
                        + "PERMAFROST_S3_ACCESS_KEY_ID / PERMAFROST_S3_SECRET_ACCESS_KEY");
            }
            return new S3BlobStore(new S3Settings(bucket, settings.s3Endpoint(),
                    settings.s3Region() == null ? "us-east-1" : settings.s3Region(),
                    settings.s3AccessKey(), settings.s3SecretKey()), published);
        }
        throw new IllegalArgumentException("--blobs " + blobs + ": expected s3://BUCKET or file:DIR");
    }
}
