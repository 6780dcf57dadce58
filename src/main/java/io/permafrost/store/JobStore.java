package io.permafrost.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Retrieval jobs; each method is one transaction. Completing a job (Succeeded or Failed) also writes
 * its notification into the {@link NotificationOutbox}, in the same transaction.
 */
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
     * Leases to {@code nodeId} until {@code leaseUntil} up to {@code max} InProgress jobs whose due time
     * has come by {@code now} and that no live lease holds (never claimed, released, or a lease that ran
     * out by {@code now}: its node died), oldest due first. Two claimers never get the same job while its
     * lease runs.
     */
    List<JobRecord> claim(String nodeId, Instant now, Instant leaseUntil, int max);

    /** Extends the lease on a job {@code nodeId} still holds; false when the job is done or the lease lost. */
    boolean renewClaim(String jobId, String nodeId, Instant leaseUntil);

    /** Gives a job back (its work failed and should be retried soon), if {@code nodeId} still holds it. */
    void releaseClaim(String jobId, String nodeId);

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

    /** How many jobs there are of each status and tier (tier null for inventory jobs), for the metrics. */
    List<Tally> tally();

    record Tally(JobRecord.Status status, String tier, long jobs) {
    }
}
