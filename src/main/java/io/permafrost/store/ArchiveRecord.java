package io.permafrost.store;

import java.time.Instant;
import java.util.List;

/**
 * An archive: its bytes are the concatenation of {@code segments} (one blob for a single upload,
 * the parts in order for a multipart upload, so completion never copies bytes).
 */
public record ArchiveRecord(String archiveId, long vaultId, String description, long size,
                            String treeHash, Instant creationDate, List<BlobSegment> segments) {
    public ArchiveRecord {
        segments = List.copyOf(segments);
    }
}
