package io.permafrost.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Archives: insert and delete keep the vault's counters exact in the same transaction. */
public interface ArchiveStore {

    Optional<ArchiveRecord> find(long vaultId, String archiveId);

    /** Inserts the archive and counts it in its vault; false if the vault no longer exists. */
    boolean insert(ArchiveRecord archive);

    /**
     * Inserts an archive migrated from elsewhere under its own id (operator intake): like {@link #insert},
     * but an id this store has ever held, live or deleted, is refused inside the inserting transaction,
     * so of two racing imports of one id the store's uniqueness lets exactly one in.
     */
    ImportOutcome insertImported(ArchiveRecord archive);

    enum ImportOutcome { INSERTED, NO_VAULT, DUPLICATE_ID }

    default DeleteOutcome delete(long vaultId, String archiveId, Instant now) {
        return delete(vaultId, archiveId, now, view -> true);
    }

    /**
     * Deletes the archive if {@code stillAllowed} approves the vault's tags, access policy and lock as read
     * inside the deleting transaction, with every change to those held off until it commits (WORM: a lock
     * completed, or a legal hold set, on any node after the caller's authorization is never missed);
     * {@link ArchiveDeletion#DENIED} with nothing changed otherwise.
     */
    DeleteOutcome delete(long vaultId, String archiveId, Instant now, Predicate<VaultAccessView> stillAllowed);

    record DeleteOutcome(ArchiveDeletion result, List<String> releasedBlobIds) {
    }

    /**
     * Streams the vault's archives in creation order (then id) from the position {@code afterKey}
     * (exclusive, null for the start), created in [from, to) when those are given, at most {@code limit}
     * (0 = no limit). Rows are handed to the consumer as they are read; nothing is accumulated.
     */
    void scan(long vaultId, Instant from, Instant to, String afterKey, long limit, Consumer<ArchiveRecord> sink);

    /** The resume key of an archive for {@link #scan}: the same text whichever backend (ArchiveScanKey). */
    default String scanKey(ArchiveRecord archive) {
        return ArchiveScanKey.of(archive).format();
    }

    /**
     * Whether the archive comes after the position {@code afterKey} (a {@link #scanKey}) in scan order, for
     * resuming a listing that is read from elsewhere (an inventory snapshot). Throws
     * IllegalArgumentException for a key {@link #scan} would not understand either.
     */
    default boolean isAfter(ArchiveRecord archive, String afterKey) {
        return ArchiveScanKey.parse(afterKey).precedes(archive);
    }
}
