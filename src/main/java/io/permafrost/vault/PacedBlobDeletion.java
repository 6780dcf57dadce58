package io.permafrost.vault;

import io.permafrost.store.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;

/**
 * Deletes released blobs on a thread of its own, a {@link BlobDeletionPace#batch()} at a time with a
 * pause between batches, so that the request that released them (a DeleteArchive of 10,000 parts)
 * returns after its metadata commit and other requests keep their latency while the files go.
 *
 * <p>Nothing here needs to survive a crash: the commit that released a blob recorded it in the
 * deletion queue (the metadata's {@code released_blobs}, by trigger), and the queue is what the next
 * start's sweep deletes; the ids kept here are only the order of work. A blob no commit ever referred
 * to (an upload whose commit failed) has no such record and after a crash is kept aside by the sweep,
 * as before.
 */
public final class PacedBlobDeletion implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PacedBlobDeletion.class);

    private final BlobStore blobs;
    private final BlobDeletionPace pace;
    private final Deque<String> pending = new ArrayDeque<>();
    private final Thread worker;
    /** A batch taken off {@link #pending} and not yet deleted; guarded by {@code this}. */
    private boolean deleting;
    private boolean closed;

    public PacedBlobDeletion(BlobStore blobs, BlobDeletionPace pace) {
        this.blobs = blobs;
        this.pace = pace;
        this.worker = new Thread(this::work, "blob-deletion");
        worker.setDaemon(true);
        worker.start();
    }

    /** Queues the blobs for deletion and returns at once. */
    public synchronized void submit(Collection<String> blobIds) {
        if (closed) {
            // Shutting down: the deletion queue's records make the next start delete them.
            return;
        }
        pending.addAll(blobIds);
        notifyAll();
    }

    /** Whether blobs are waiting or being deleted: a collector pass now would redo them unpaced. */
    public synchronized boolean busy() {
        return deleting || !pending.isEmpty();
    }

    /** Waits until every submitted blob has been deleted (tests, and operators' "is it done"). */
    public synchronized void awaitIdle() throws InterruptedException {
        while (busy() && !closed) {
            wait();
        }
    }

    private void work() {
        try {
            while (true) {
                List<String> batch = nextBatch();
                if (batch == null) {
                    return;
                }
                long start = System.nanoTime();
                try {
                    blobs.deleteAll(batch);
                } catch (RuntimeException e) {
                    // Their records stay in the deletion queue: the collector's next pass, or the next start, retries.
                    LOG.warn("deleting {} released blobs failed: {}", batch.size(), e.getMessage());
                }
                finishBatch(pace.waitAfter(Duration.ofNanos(System.nanoTime() - start)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The next batch, waiting for one; null once closed. */
    private synchronized List<String> nextBatch() throws InterruptedException {
        while (pending.isEmpty() && !closed) {
            wait();
        }
        if (closed) {
            return null;
        }
        List<String> batch = new ArrayList<>(Math.min(pace.batch(), pending.size()));
        while (batch.size() < pace.batch() && !pending.isEmpty()) {
            batch.add(pending.poll());
        }
        deleting = true;
        return batch;
    }

    /**
     * Marks the batch done and, when more are waiting, pauses for {@code pause} first (a wait, not a sleep,
     * so that {@link #close} ends it).
     */
    private synchronized void finishBatch(Duration pause) throws InterruptedException {
        deleting = false;
        notifyAll();
        long until = System.nanoTime() + pause.toNanos();
        for (long left = pause.toMillis(); !pending.isEmpty() && !closed && left > 0;
             left = (until - System.nanoTime()) / 1_000_000) {
            wait(left);
        }
    }

    /** Stops after the batch in hand; what is left stays in the deletion queue for the next start. */
    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        worker.join();
    }
}
