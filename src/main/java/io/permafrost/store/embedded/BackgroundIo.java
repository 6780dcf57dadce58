package io.permafrost.store.embedded;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/** Disk work handed to a background thread, and its IOException handed back to whoever waits for it. */
final class BackgroundIo {
    static final CompletableFuture<Void> NOTHING = CompletableFuture.completedFuture(null);

    @FunctionalInterface
    interface IoAction {
        void run() throws IOException;
    }

    private final Executor executor;

    BackgroundIo(Executor executor) {
        this.executor = executor;
    }

    CompletableFuture<Void> start(IoAction action) {
        return CompletableFuture.runAsync(() -> {
            try {
                action.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, executor);
    }

    /** Waits for the work to end; rethrows its failure as the IOException it was. */
    static void await(CompletableFuture<Void> work) throws IOException {
        try {
            work.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a blob write");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IOException("a background blob write failed", e.getCause());
        }
    }

    /** Waits for the work to end, for a caller that is already failing or closing: its error is not wanted. */
    static void awaitQuietly(CompletableFuture<Void> work) {
        try {
            await(work);
        } catch (IOException ignored) {
            // The caller is discarding the blob; the original failure has been reported.
        }
    }
}
