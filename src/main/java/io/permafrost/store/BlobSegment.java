package io.permafrost.store;

/** One stored blob making up a run of an archive's bytes, with that run's tree hash. */
public record BlobSegment(String blobId, long length, String treeHash) {
}
