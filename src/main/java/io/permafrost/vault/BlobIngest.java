package io.permafrost.vault;

import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.LeafHashes;
import io.permafrost.glacier.TreeHash;
import io.permafrost.store.ArchiveManifest;
import io.permafrost.store.BlobStore;
import io.permafrost.store.BlobStore.BlobWriter;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeoutException;

/**
 * Streams a request body into a new blob while computing its SHA-256, tree hash and chunk hashes in
 * one pass, never holding more than a few buffers (and 32 bytes per MiB received); for a large body
 * the tree hash runs on a second thread beside the SHA-256 and the write. The blob stays invisible until {@link Ingested#commit()}.
 */
final class BlobIngest {
    /** Large enough that hashing and writing are not per network chunk; small enough for 200 uploads in a 128 MiB heap. */
    private static final int BUFFER = 256 * 1024;
    /**
     * From this declared length on, the tree hash runs on a second thread ({@link OffThreadTreeHash}).
     * Below it the hand-offs would cost more than they save, and multipart tools already keep the
     * cores busy with several parts at once (4 MiB parts, 4 in flight, are the common case).
     */
    static final long OFF_THREAD_FROM = 8L << 20;
    /** Buffers in flight between the request thread and the hashing thread, per large upload. */
    private static final int RING = 3;

    private final BlobStore blobs;

    BlobIngest(BlobStore blobs) {
        this.blobs = blobs;
    }

    /** The bytes received, not yet committed; close it to discard them. */
    static final class Ingested implements AutoCloseable {
        private final BlobWriter writer;
        final long size;
        final String sha256;
        final String treeHash;
        /** The SHA-256 of each MiB chunk, recorded with the blob so every later read can be verified by the chunk. */
        final LeafHashes leaves;

        private Ingested(BlobWriter writer, long size, String sha256, String treeHash, LeafHashes leaves) {
            this.writer = writer;
            this.size = size;
            this.sha256 = sha256;
            this.treeHash = treeHash;
            this.leaves = leaves;
        }

        String commit() {
            return commit(null);
        }

        /** Commits the bytes as the only blob of {@code archive} (null: of no archive yet, such as a part). */
        String commit(ArchiveManifest archive) {
            try {
                return archive == null ? writer.commit() : writer.commit(archive);
            } catch (IOException e) {
                throw storeFailed(e);
            }
        }

        @Override
        public void close() {
            writer.close();
        }
    }

    /** Reads exactly {@code body.contentLength()} bytes, runs the payload check, and returns them uncommitted. */
    Ingested ingest(UploadBody body) {
        BlobWriter writer;
        try {
            writer = blobs.create();
        } catch (IOException e) {
            throw storeFailed(e);
        }
        try {
            MessageDigest sha = TreeHash.sha256();
            // A body of one chunk or less (a 1 MiB part, a small archive) is its own only leaf: its tree
            // hash is its SHA-256, so the payload digest serves both and the bytes are hashed once.
            TreeHashFeed treeFeed = treeHashFeed(body.contentLength());
            long total = 0;
            InputStream in = body.stream();
            while (true) {
                byte[] buffer = treeFeed.nextBuffer();
                int n = read(in, buffer, total, body.contentLength());
                if (n < 0) {
                    break;
                }
                sha.update(buffer, 0, n);
                write(writer, buffer, n);
                treeFeed.hash(buffer, n);
                total += n;
            }
            if (body.contentLength() >= 0 && total != body.contentLength()) {
                throw new GlacierException(ErrorCode.BAD_REQUEST, "The request body ended after " + total
                        + " of " + body.contentLength() + " bytes");
            }
            byte[] payloadDigest = sha.digest();
            String sha256 = HexFormat.of().formatHex(payloadDigest);
            body.check().verify(sha256);
            TreeHashFeed.Tree tree = treeFeed.tree(payloadDigest);
            return new Ingested(writer, total, sha256, tree.hex(), tree.leaves());
        } catch (RuntimeException | Error e) {
            writer.close();
            throw e;
        }
    }

    static TreeHashFeed treeHashFeed(long declared) {
        if (declared >= 0 && declared <= TreeHash.CHUNK_SIZE) {
            return new TreeHashFeed.PayloadDigestIsTree(bufferFor(declared));
        }
        if (declared >= OFF_THREAD_FROM) {
            return new OffThreadTreeHash(RING, BUFFER);
        }
        return new TreeHashFeed.SameThread(bufferFor(declared));
    }

    /** A 1 KiB upload should not allocate (and zero) the whole 256 KiB. */
    private static int bufferFor(long declared) {
        return declared >= 0 && declared < BUFFER ? Math.max(1, (int) declared) : BUFFER;
    }

    /**
     * Fills the buffer (fewer, larger hash updates and file writes than the network's chunk size) or
     * reads to the end of the body; -1 when nothing was left.
     */
    private static int read(InputStream in, byte[] buffer, long soFar, long declared) {
        int filled = 0;
        try {
            while (filled < buffer.length) {
                int n = in.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    return filled == 0 ? -1 : filled;
                }
                filled += n;
            }
            return filled;
        } catch (IOException e) {
            if (isTimeout(e)) {
                throw new GlacierException(ErrorCode.REQUEST_TIMEOUT,
                        "Request timed out waiting for the body after " + (soFar + filled) + " bytes");
            }
            throw new GlacierException(ErrorCode.BAD_REQUEST, "The request body ended after " + (soFar + filled)
                    + (declared >= 0 ? " of " + declared : "") + " bytes: " + e.getMessage());
        }
    }

    /** A write, fsync or rename of the blob failed: 503 when the disk is full (it passes), else a server failure. */
    static GlacierException storeFailed(IOException e) {
        if (StorageFull.isCauseOf(e)) {
            return StorageFull.refusal(e);
        }
        return new GlacierException(ErrorCode.SERVICE_UNAVAILABLE, "Could not store the data: " + e.getMessage());
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static void write(BlobWriter writer, byte[] buffer, int n) {
        try {
            writer.write(buffer, 0, n);
        } catch (IOException e) {
            throw storeFailed(e);
        }
    }
}
