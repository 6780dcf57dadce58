package io.permafrost.store;

import io.permafrost.glacier.LeafHashes;

/**
 * A received part: its inclusive range within the final archive, its tree hash, its blob and the
 * SHA-256 of each of its MiB chunks ({@code leaves}; null for parts stored before they were recorded).
 */
public record PartRecord(String uploadId, long rangeStart, long length, String treeHash, String blobId,
                         LeafHashes leaves) {
    public long rangeEnd() {
        return rangeStart + length - 1;
    }

    /** The part as a segment of the archive it completes: its chunk hashes go with it. */
    public BlobSegment segment() {
        return new BlobSegment(blobId, length, treeHash, leaves);
    }
}
