package io.permafrost.vault;

import io.permafrost.glacier.TreeHash;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A large body's tree hash computed on a second thread while the request thread receives, computes
 * the linear SHA-256 and writes: the two hashes of one upload are the bulk of its CPU, and run one
 * after the other they leave a second core idle. Memory stays bounded: a small fixed ring of
 * buffers; the request thread waits for the oldest one's hashing before it fills it again. Buffers
 * are hashed strictly in the order they were handed over (each hashing step is chained on the previous).
 */
final class OffThreadTreeHash implements TreeHashFeed {
    /**
     * Shared by all uploads, one thread per core: more threads could not hash faster, and a queued
     * step only makes its upload wait for a free buffer (the request threads never wait on each other).
     */
    private static final ExecutorService HASHERS = Executors.newFixedThreadPool(
            Runtime.getRuntime().availableProcessors(), new DaemonThreads());

    private final TreeHash tree = TreeHash.keepingLeaves();
    private final Executor executor;
    private final byte[][] ring;
    private final CompletableFuture<?>[] hashedSlot;
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
    private int handedOver;

    OffThreadTreeHash(int buffers, int bufferSize) {
        this(HASHERS, buffers, bufferSize);
    }

    OffThreadTreeHash(Executor executor, int buffers, int bufferSize) {
        if (buffers < 2) {
            throw new IllegalArgumentException("a hand-off needs at least two buffers, got " + buffers);
        }
        this.executor = executor;
        this.ring = new byte[buffers][bufferSize];
        this.hashedSlot = new CompletableFuture<?>[buffers];
    }

    @Override
    public byte[] nextBuffer() {
        int slot = handedOver % ring.length;
        if (hashedSlot[slot] != null) {
            await(hashedSlot[slot]);
        }
        return ring[slot];
    }

    @Override
    public void hash(byte[] buffer, int length) {
        int slot = handedOver % ring.length;
        if (buffer != ring[slot]) {
            throw new IllegalArgumentException("not the buffer nextBuffer() gave out");
        }
        last = last.thenRunAsync(() -> tree.update(buffer, 0, length), executor);
        hashedSlot[slot] = last;
        handedOver++;
    }

    @Override
    public Tree tree(byte[] payloadDigest) {
        await(last);
        return Tree.of(tree);
    }

    private static void await(CompletableFuture<?> step) {
        try {
            step.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("hashing on the second thread failed", e.getCause());
        }
    }

    private static final class DaemonThreads implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "tree-hash-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
