package io.permafrost.store.embedded;

import io.permafrost.store.BlobStore.ReferenceCheck;
import io.permafrost.store.BlobStore.SweepReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Runs the long part of the start-up sweep ({@link EmbeddedBlobStore#finishSweep}) on a thread of its
 * own while the server answers requests: it walks every blob, so it takes time in proportion to the
 * store (seconds at a million archives), and nothing it does is needed before serving. A failure is
 * logged and leaves things as they were; the next start sweeps again.
 */
final class BackgroundSweep {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundSweep.class);

    private final CompletableFuture<SweepReport> finished = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean stopping;

    private BackgroundSweep(EmbeddedBlobStore blobs, int tempsRemoved, ReferenceCheck references) {
        this.thread = new Thread(() -> run(blobs, tempsRemoved, references), "start-up sweep");
        thread.setDaemon(true);
    }

    /**
     * The rest of a sweep whose {@link EmbeddedBlobStore#beginSweep} part has run, started by {@link #begin}
     * once the server listens (a start that fails, e.g. on a port in use, then says only why: one line).
     */
    static BackgroundSweep prepare(EmbeddedBlobStore blobs, int tempsRemoved, ReferenceCheck references) {
        return new BackgroundSweep(blobs, tempsRemoved, references);
    }

    /** Starts the sweep's thread; later calls do nothing. */
    synchronized void begin() {
        if (!stopping && thread.getState() == Thread.State.NEW) {
            thread.start();
        }
    }

    private void run(EmbeddedBlobStore blobs, int tempsRemoved, ReferenceCheck references) {
        long started = System.nanoTime();
        try {
            SweepReport swept = blobs.finishSweep(tempsRemoved, references, () -> stopping);
            report(swept, (System.nanoTime() - started) / 1_000_000);
            finished.complete(swept);
        } catch (Exception | Error e) {
            if (!stopping) {
                LOG.error("start-up sweep failed (nothing was removed that it had not proved garbage; the next "
                        + "start sweeps again): {}", e.toString());
            }
            finished.completeExceptionally(e);
        }
    }

    private void report(SweepReport swept, long millis) {
        if (swept.tempFilesRemoved() + swept.releasedBlobsRemoved() > 0) {
            LOG.info("start-up sweep removed {} temp file(s) of interrupted writes and {} blob(s) released by "
                    + "committed deletes", swept.tempFilesRemoved(), swept.releasedBlobsRemoved());
        }
        if (swept.quarantined() > 0) {
            LOG.warn("start-up sweep moved {} blob(s) that no metadata refers to into {}: kept, not deleted "
                    + "(an upload cut off before its metadata commit leaves one, but so does metadata restored "
                    + "from an older backup); see 'Durability and recovery' in the README", swept.quarantined(),
                    swept.quarantine());
        }
        LOG.info("start-up sweep finished in {} ms{}", millis, stopping ? " (stopped early: the server is closing)" : "");
    }

    /** Waits until the sweep has finished (or failed, or stopped). */
    void await() throws InterruptedException {
        try {
            finished.get();
        } catch (ExecutionException e) {
            // Logged by the sweep itself; waiting is all a caller asked for.
        }
    }

    /** Asks the sweep to stop after its current batch and waits for it: the database is about to close. */
    void stop() {
        synchronized (this) {
            stopping = true;
            if (thread.getState() == Thread.State.NEW) {
                // Never begun (the start failed): nothing ran, and a waiter must not wait for ever.
                finished.complete(null);
                return;
            }
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
