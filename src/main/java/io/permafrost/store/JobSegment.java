package io.permafrost.store;

/**
 * A run of an archive's bytes that a succeeded archive-retrieval job holds on to: where it starts in
 * the archive, its blob and the blob's tree hash. The job's own reference keeps the blob alive after
 * the archive is deleted.
 */
public record JobSegment(long archiveOffset, String blobId, long length, String treeHash) {
    public long end() {
        return archiveOffset + length - 1;
    }
}
