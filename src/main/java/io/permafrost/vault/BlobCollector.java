package io.permafrost.vault;

import io.permafrost.store.BlobDeletionQueue;
import io.permafrost.store.BlobStore;
import io.permafrost.store.NodeId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Deletes blobs that a committed metadata change released, once no transfer can still be reading
 * them. Runs after the commit, so a crash in between only leaves a blob that the commit listed as
 * released, never a record pointing at missing bytes.
 *
 * <p>With a grace (the default) a released blob is only queued, due {@code grace} later, and
 * {@link #collectDue} (run by any node, under a lease per row) deletes it then: a download that
 * started before the release, on this node or another, may still be reading the blob, and an object
 * store, unlike a file system, does not keep a deleted object readable for the readers it had. With
 * no grace the blob is deleted right away, which is safe only where an open blob survives its
 * deletion (files on one machine). A server hands such blobs to a {@link PacedBlobDeletion}, so the
 * releasing request returns after its commit; a one-off command (import) deletes them itself.
 */
public final class BlobCollector {
    private static final int BATCH = 256;
    /** How long one pass may hold the rows it claimed before another node may retry them. */
    private static final Duration LEASE = Duration.ofMinutes(5);

    private final BlobStore blobs;
    private final BlobDeletionQueue queue;
    private final Clock clock;
    private final Duration grace;
    /** Where blobs released with no grace go; null: deleted by the releasing thread. */
    private final PacedBlobDeletion background;

    public BlobCollector(BlobStore blobs, BlobDeletionQueue queue, Clock clock, Duration grace) {
        this(blobs, queue, clock, grace, null);
    }

    public BlobCollector(BlobStore blobs, BlobDeletionQueue queue, Clock clock, Duration grace,
                         PacedBlobDeletion background) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("the blob deletion grace must not be negative");
        }
        this.blobs = blobs;
        this.queue = queue;
        this.clock = clock;
        this.grace = grace;
        this.background = background;
    }

    public void release(List<String> blobIds) {
        if (blobIds.isEmpty()) {
            return;
        }
        if (grace.isZero() && background != null) {
            background.submit(blobIds);
        } else if (grace.isZero()) {
            blobs.deleteAll(blobIds);
        } else {
            queue.enqueue(blobIds, clock.instant().plus(grace));
        }
    }

    /**
     * Deletes every queued blob whose grace is over, and dates the ones a commit queued without a time
     * (they become due a grace from now, which is later than their release: never early). Returns how
     * many it deleted. A blob that cannot be deleted now is left to the orphan scan, which keeps it
     * aside rather than losing track of it. With no grace, skipped while the background deletion works:
     * the rows it is deleting are undated, and this pass would date and delete them all at once.
     */
    public int collectDue(NodeId node) {
        if (grace.isZero() && background != null && background.busy()) {
            return 0;
        }
        Instant now = clock.instant();
        queue.dateUndated(now.plus(grace));
        int deleted = 0;
        List<String> due;
        do {
            due = queue.claimDue(node.value(), now, now.plus(LEASE), BATCH);
            blobs.deleteAll(due);
            queue.forget(due);
            deleted += due.size();
        } while (due.size() == BATCH);
        return deleted;
    }
}
