package io.permafrost.vault;

import io.permafrost.store.BlobStore;

import java.util.List;

/**
 * Deletes blobs that a committed metadata change released. Runs after the commit, so a crash in
 * between only leaves a blob that the commit listed as released, for the start-up sweep to delete,
 * never a record pointing at missing bytes.
 */
public final class BlobCollector {
    private final BlobStore blobs;

    public BlobCollector(BlobStore blobs) {
        this.blobs = blobs;
    }

    public void release(List<String> blobIds) {
        blobs.deleteAll(blobIds);
    }
}
