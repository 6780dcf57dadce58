package io.permafrost.vault;

import io.permafrost.glacier.TreeHash;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * SHA-256 of downloaded chunks on other threads: the hash is the bulk of a download's CPU, and on the
 * request thread it ran one after the other with the read and the send, leaving a core idle. One
 * thread per core, shared by all downloads (more could not hash faster).
 */
final class ChunkDigests {
    static final ChunkDigests SHARED = new ChunkDigests(Executors.newFixedThreadPool(
            Runtime.getRuntime().availableProcessors(), task -> {
                Thread thread = new Thread(task, "chunk-digest");
                thread.setDaemon(true);
                return thread;
            }));

    private static final ThreadLocal<MessageDigest> SHA = ThreadLocal.withInitial(TreeHash::sha256);

    private final Executor executor;

    ChunkDigests(Executor executor) {
        this.executor = executor;
    }

    /** The SHA-256 of {@code chunk}'s position to limit, which the caller leaves untouched until this completes. */
    CompletableFuture<byte[]> of(ByteBuffer chunk) {
        ByteBuffer view = chunk.duplicate();
        return CompletableFuture.supplyAsync(() -> {
            MessageDigest sha = SHA.get();
            sha.update(view);
            return sha.digest();
        }, executor);
    }
}
