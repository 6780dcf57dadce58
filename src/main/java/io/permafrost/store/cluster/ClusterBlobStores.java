package io.permafrost.store.cluster;

import io.permafrost.store.BlobStore;
import io.permafrost.store.embedded.FileBlobStore;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The seam where a cluster gets its blob store from {@link ClusterSettings#blobs()}. {@code file:DIR}
 * is a directory shared by the nodes (a development and test stand-in: every node must mount the same
 * directory); {@code s3://BUCKET} is the real store, {@code io.permafrost.store.s3.S3BlobStore}, which
 * arrives with the S3 work and is wired here when it lands.
 */
public final class ClusterBlobStores {
    private ClusterBlobStores() {
    }

    public static BlobStore open(ClusterSettings settings) throws IOException {
        String blobs = settings.blobs();
        if (blobs.startsWith("file:")) {
            return new FileBlobStore(Path.of(blobs.substring("file:".length())));
        }
        if (blobs.startsWith("s3://")) {
            throw new IllegalArgumentException("--blobs " + blobs + ": this build has no S3 blob store yet "
                    + "(use file:DIR, a directory every node shares)");
        }
        throw new IllegalArgumentException("--blobs " + blobs + ": expected s3://BUCKET or file:DIR");
    }
}
