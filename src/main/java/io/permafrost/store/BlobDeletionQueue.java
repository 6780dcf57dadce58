package io.permafrost.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Blobs a committed change released, waiting to be deleted: a blob is deleted only after its grace
 * (past the longest transfer that may still be reading it), by whichever node claims it first. Each
 * method is one transaction.
 */
public interface BlobDeletionQueue {

    /** Queues the blobs for deletion after {@code deleteAfter} (an already queued blob takes the later time). */
    void enqueue(Collection<String> blobIds, Instant deleteAfter);

    /** Dates queued blobs that have no time yet (released by a commit that knows no clock); returns how many. */
    int dateUndated(Instant deleteAfter);

    /**
     * Leases up to {@code max} blobs due by {@code now} to {@code holder} until {@code leaseUntil}. A
     * queued blob that something refers to again (a multipart completion hands its parts' blobs to the
     * archive) is dropped from the queue instead of returned.
     */
    List<String> claimDue(String holder, Instant now, Instant leaseUntil, int max);

    /** Takes deleted blobs off the queue. */
    void forget(Collection<String> blobIds);

    /** Blobs in the queue, due or not. */
    int size();
}
