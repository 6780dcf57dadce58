package io.permafrost.store;

import io.permafrost.glacier.LeafHashes;

/**
 * One stored blob making up a run of an archive's bytes, with that run's tree hash and the SHA-256
 * of each of its MiB chunks ({@code leaves}; null for blobs stored before leaves were recorded).
 */
public record BlobSegment(String blobId, long length, String treeHash, LeafHashes leaves) {
}
