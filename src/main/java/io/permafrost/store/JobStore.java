package io.permafrost.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Retrieval jobs; each method is one transaction. */
public interface JobStore {

    /** Records a new InProgress job; false (nothing stored) when its vault no longer exists. */
    boolean create(JobRecord job);

    /** The job if it belongs to the vault (expired jobs not yet swept are still returned). */
    Optional<JobRecord> find(long vaultId, String jobId);

    /**
     * The vault's jobs in creation order (then id) from position {@code fromKey} (inclusive; null = start),
     * matching the filter, at most {@code limit}; the page's next key resumes after them.
     * Jobs completed at or before {@code completedAfter} (expired) are left out.
     */
    Page<JobRecord> list(long vaultId, Filter filter, Instant completedAfter, String fromKey, int limit);

    /** Narrows {@link #list}: either part may be null (no condition). */
    record Filter(JobRecord.Status status, Boolean completed) {
    }

    /** Whether {@code key} is a position {@link #list} understands. */
    default boolean isListKey(String key) {
        try {
            JobListKey.parse(key);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** InProgress jobs whose due time has come, oldest due first, at most {@code max}. */
    List<JobRecord> due(Instant now, int max);

    /**
     * Finishes an InProgress archive retrieval: if its archive still exists the job takes its own
     * references to the archive's segments covering the range and becomes Succeeded (with
     * {@code rangeTreeHash} when not null); otherwise it becomes Failed with {@code archiveGoneMessage}.
     */
    Completion completeArchiveRetrieval(String jobId, Instant now, String rangeTreeHash, String archiveGoneMessage);

    enum Completion { SUCCEEDED, FAILED, NOT_IN_PROGRESS }

    /**
     * Finishes an InProgress inventory job with its rendered output, and records {@code inventoryDate} (when
     * the archives it lists were read) as the vault's last inventory date unless a later one is recorded,
     * in one transaction. False when the job is gone or no longer InProgress (the caller then owns the blob).
     */
    boolean completeInventory(String jobId, Instant now, Instant inventoryDate, JobRecord.InventoryOutput output,
                              String nextMarker);

    /** Marks an InProgress job Failed; false when it was not InProgress. */
    boolean fail(String jobId, Instant now, String message);

    /** The segments a succeeded archive retrieval holds, in archive order. */
    List<JobSegment> segments(String jobId);

    /**
     * Deletes up to {@code max} jobs completed at or before {@code completedBefore}; returns the blobs
     * (segments and inventory outputs) that nothing refers to any more.
     */
    Expired expire(Instant completedBefore, int max);

    record Expired(int jobs, List<String> releasedBlobIds) {
    }
}
