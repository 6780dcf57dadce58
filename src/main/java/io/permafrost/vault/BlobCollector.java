package io.permafrost.vault;

import io.permafrost.store.BlobStore;

import java.util.List;

/**
 * Deletes blobs that a committed metadata change released. Runs after the commit, so a crash in
 * between only leaves an orphan for the start-up sweep, never a record pointing at missing bytes.
 */
public final class BlobCollector {
    private final BlobStore blobs;

    public BlobCollector(BlobStore blobs) {
        this.blobs = blobs;
    }

    public void release(List<String> blobIds) {
        blobIds.forEach(blobs::delete);
    }
}
