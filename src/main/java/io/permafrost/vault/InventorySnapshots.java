package io.permafrost.vault;

import io.permafrost.store.ArchiveStore;
import io.permafrost.store.BlobStore;
import io.permafrost.store.InventorySnapshotStore;
import io.permafrost.store.InventorySnapshotStore.DueVault;
import io.permafrost.store.InventorySnapshotStore.Snapshot;
import io.permafrost.store.JobRecord.InventoryRetrieval;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The scheduled inventory mode's snapshots: a snapshot is the vault's whole JSON inventory, rendered
 * by the same generator as a per-job inventory and stored as a blob; inventory jobs are then rendered
 * from it (any format, any filter) instead of from the live archives.
 */
final class InventorySnapshots {
    private static final InventoryRetrieval WHOLE_JSON = new InventoryRetrieval("JSON", null, null, null, null, null);

    private final InventorySnapshotStore store;
    private final ArchiveStore archives;
    private final BlobStore blobs;
    private final InventoryGenerator generator;
    private final BlobCollector collector;
    private final Clock clock;
    private final Duration interval;

    InventorySnapshots(InventorySnapshotStore store, ArchiveStore archives, BlobStore blobs,
                       InventoryGenerator generator, BlobCollector collector, Clock clock, Duration interval) {
        this.store = store;
        this.archives = archives;
        this.blobs = blobs;
        this.generator = generator;
        this.collector = collector;
        this.clock = clock;
        this.interval = interval;
    }

    /** Vaults whose snapshot (or, without one, creation) is at least one interval old. */
    List<DueVault> due(int max) {
        return store.due(clock.instant().minus(interval), max);
    }

    /**
     * Snapshots the vault now and records it with the vault's LastInventoryDate; returns the vault's
     * latest snapshot afterwards (empty when the vault was deleted meanwhile).
     */
    Optional<Snapshot> take(long vaultId, String vaultArn) throws IOException {
        Instant now = clock.instant();
        InventoryGenerator.Generated generated =
                generator.generate(InventorySource.live(archives, vaultId), vaultArn, WHOLE_JSON, now);
        String blobId = generated.output().blobId();
        List<String> released;
        try {
            released = store.replace(new Snapshot(vaultId, now, blobId, generated.output().size(),
                    generated.output().treeHash()));
        } catch (RuntimeException e) {
            collector.release(List.of(blobId));
            throw e;
        }
        collector.release(released);
        return store.latest(vaultId);
    }

    /** The vault's latest snapshot, taken now if it has none yet (an inventory is always possible, spec 20 #28). */
    Optional<Snapshot> latestOrTake(long vaultId, String vaultArn) throws IOException {
        Optional<Snapshot> latest = store.latest(vaultId);
        return latest.isPresent() ? latest : take(vaultId, vaultArn);
    }

    /** Whether a newer snapshot replaced {@code snapshot} (its blob may then be gone). */
    boolean isReplaced(Snapshot snapshot) {
        return store.latest(snapshot.vaultId()).map(s -> !s.blobId().equals(snapshot.blobId())).orElse(true);
    }

    InventorySource archivesOf(Snapshot snapshot) {
        return new SnapshotArchives(blobs, archives, snapshot);
    }
}
