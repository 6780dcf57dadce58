package io.permafrost.store;

import io.permafrost.glacier.LeafHashes;

/**
 * A run of an archive's bytes that a succeeded archive-retrieval job holds on to: where it starts in
 * the archive, its blob, the blob's tree hash and its chunk hashes ({@code leaves}, null for blobs
 * stored before leaves were recorded). The job's own reference keeps the blob alive after the
 * archive is deleted.
 */
public record JobSegment(long archiveOffset, String blobId, long length, String treeHash, LeafHashes leaves) {
    public long end() {
        return archiveOffset + length - 1;
    }
}
