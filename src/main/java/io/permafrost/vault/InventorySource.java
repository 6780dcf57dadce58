package io.permafrost.vault;

import io.permafrost.store.ArchiveRecord;
import io.permafrost.store.ArchiveStore;

import java.io.IOException;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Where an inventory's archives come from, in inventory order (creation date, then id): the live
 * archive store (per-job mode) or a vault's stored snapshot (scheduled mode). Same contract as
 * {@link ArchiveStore#scan}: created in [from, to) when given, after the position {@code afterKey},
 * at most {@code limit} (0 = no limit), handed over one at a time.
 */
interface InventorySource {

    void scan(Instant from, Instant to, String afterKey, long limit, Consumer<ArchiveRecord> sink) throws IOException;

    /** The vault's archives as they are now. */
    static InventorySource live(ArchiveStore archives, long vaultId) {
        return (from, to, afterKey, limit, sink) -> archives.scan(vaultId, from, to, afterKey, limit, sink);
    }
}
