package io.permafrost.store;

import java.time.Instant;
import java.util.List;

/**
 * What it takes to rebuild an archive's metadata from its blobs alone: written beside the blobs
 * before the archive is acknowledged, read only by {@code recover} after the metadata was lost.
 * {@code segments} are the archive's blobs in order (empty while the single blob of an upload is
 * still being committed: the writer knows its own id).
 */
public record ArchiveManifest(String accountId, String vaultName, String archiveId, String description,
                              Instant creationDate, long size, String treeHash, List<BlobSegment> segments) {
    public ArchiveManifest {
        segments = List.copyOf(segments);
    }

    public ArchiveManifest withSegments(List<BlobSegment> blobs) {
        return new ArchiveManifest(accountId, vaultName, archiveId, description, creationDate, size, treeHash, blobs);
    }
}
