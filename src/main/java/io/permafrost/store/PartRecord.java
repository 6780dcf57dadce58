package io.permafrost.store;

/** A received part: its inclusive range within the final archive, its tree hash and its blob. */
public record PartRecord(String uploadId, long rangeStart, long length, String treeHash, String blobId) {
    public long rangeEnd() {
        return rangeStart + length - 1;
    }
}
