package io.permafrost.store;

import java.time.Instant;

/**
 * A retrieval job as stored. {@code archive} is set for archive retrievals, {@code inventory} for
 * inventory retrievals; {@code output} is the rendered inventory once it succeeded. {@code dueAt} is
 * when the runner may finish it (creation plus the tier's delay). {@code accountId} and
 * {@code vaultName} are the owning vault's, for ARNs.
 */
public record JobRecord(String jobId, long vaultId, String accountId, String vaultName, Action action,
                        String description, String snsTopic, String tier, Instant creationDate, Instant dueAt,
                        Status status, String statusMessage, Instant completionDate,
                        ArchiveRetrieval archive, InventoryRetrieval inventory, InventoryOutput output) {

    public enum Action { ARCHIVE_RETRIEVAL, INVENTORY_RETRIEVAL }

    public enum Status { IN_PROGRESS, SUCCEEDED, FAILED }

    /**
     * What an archive retrieval returns: the inclusive byte range of the archive, with the archive's
     * facts copied at initiation so the job still describes them after the archive is deleted.
     * {@code rangeTreeHash} is null when the range is not tree-hash aligned (or not yet computed).
     */
    public record ArchiveRetrieval(String archiveId, long archiveSize, String archiveTreeHash,
                                   String archiveDescription, long rangeStart, long rangeEnd, String rangeTreeHash) {
        public long length() {
            return rangeEnd - rangeStart + 1;
        }
    }

    /**
     * An inventory request as given (dates and limit echoed verbatim, spec 10.5); {@code nextMarker}
     * is where the next page starts once the job succeeded (null when the listing is complete).
     */
    public record InventoryRetrieval(String format, String startDate, String endDate, String limit, String marker,
                                     String nextMarker) {
    }

    /** The rendered inventory: its blob, size and tree hash (checked whenever it is read whole). */
    public record InventoryOutput(String blobId, long size, String treeHash) {
    }

    public boolean isCompleted() {
        return status != Status.IN_PROGRESS;
    }
}
