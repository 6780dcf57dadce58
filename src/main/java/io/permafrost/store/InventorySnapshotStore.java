package io.permafrost.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The latest inventory snapshot of each vault, for the scheduled inventory mode (AWS's daily
 * inventory): the full JSON inventory as a blob, and when it was taken. Each method is one transaction.
 */
public interface InventorySnapshotStore {

    /** A vault's snapshot: its blob (the whole JSON inventory), size and tree hash, and when it was taken. */
    record Snapshot(long vaultId, Instant takenAt, String blobId, long size, String treeHash) {
    }

    /** A vault due for a new snapshot, with what its ARN needs. */
    record DueVault(long vaultId, String accountId, String vaultName) {
    }

    Optional<Snapshot> latest(long vaultId);

    /**
     * Vaults whose latest snapshot was taken at or before {@code cutoff}, or that have none and were
     * created at or before it; oldest first, at most {@code max}.
     */
    List<DueVault> due(Instant cutoff, int max);

    /**
     * Makes {@code snapshot} its vault's latest and sets the vault's LastInventoryDate to its time, in one
     * transaction, unless the vault already has a newer one or no longer exists. Returns the blobs that
     * nothing refers to any more: the replaced snapshot's, or the offered one's when it was not kept.
     */
    List<String> replace(Snapshot snapshot);
}
