package io.permafrost.store.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;

/**
 * Starts the disk writing of a file that is still growing, so that the fsync which makes it durable
 * at the end finds little left to do. Linux writes dirty pages back only once a tenth of memory is
 * dirty, and a disk with a write cache holds direct writes until flushed: without this, a 1 GiB upload
 * would be received and then wait 0.6 s or more for one big fsync, with the network and the CPUs idle.
 * Every {@code interval} bytes one {@code fdatasync} runs on a background thread while the writer goes
 * on (at most one at a time per file). It only ever adds flushes: the final fsync is still done, and
 * a failed early flush fails the blob (after a failed fsync, Linux may report later ones as clean).
 */
final class EarlyWriteback {
    private final FileChannel channel;
    private final BackgroundIo background;
    private final long interval;
    private long sinceLastFlush;
    /** Volatile: an interrupted close may read it from another thread than the last writer. */
    private volatile CompletableFuture<Void> inFlight = BackgroundIo.NOTHING;

    EarlyWriteback(FileChannel channel, BackgroundIo background, long interval) {
        this.channel = channel;
        this.background = background;
        this.interval = interval;
    }

    /** Call after every write of {@code bytes} bytes, from one thread at a time. */
    void wrote(int bytes) throws IOException {
        sinceLastFlush += bytes;
        if (sinceLastFlush < interval || !inFlight.isDone()) {
            return;
        }
        BackgroundIo.await(inFlight);
        sinceLastFlush = 0;
        inFlight = background.start(() -> channel.force(false));
    }

    /** Waits for the flush in flight, if any; rethrows its failure. */
    void awaitInFlight() throws IOException {
        BackgroundIo.await(inFlight);
    }

    void awaitQuietly() {
        BackgroundIo.awaitQuietly(inFlight);
    }
}
