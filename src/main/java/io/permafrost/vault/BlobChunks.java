package io.permafrost.vault;

import io.permafrost.glacier.TreeHash;
import io.permafrost.store.BlobStore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.security.MessageDigest;

/**
 * Reads a run of a blob's 1 MiB chunks (the tree hash's chunks, spec 6.1) in order, each one whole
 * into the caller's buffer, and gives its SHA-256 so the caller can hold it against the recorded leaf
 * before letting any of its bytes go. One open channel; the caller owns the buffers. A chunk read into
 * a direct buffer comes out of the page cache with one copy and can go to the socket without another.
 */
final class BlobChunks implements AutoCloseable {
    static final int CHUNK = TreeHash.CHUNK_SIZE;

    private final ReadableByteChannel in;
    private final long blobLength;
    private final long lastChunk;
    private final MessageDigest sha = TreeHash.sha256();
    private long nextChunk;
    private byte[] digest;

    private BlobChunks(ReadableByteChannel in, long blobLength, long firstChunk, long lastChunk) {
        this.in = in;
        this.blobLength = blobLength;
        this.nextChunk = firstChunk;
        this.lastChunk = lastChunk;
    }

    /** Chunks {@code firstChunk} to {@code lastChunk} (inclusive) of a blob of {@code blobLength} bytes. */
    static BlobChunks open(BlobStore blobs, String blobId, long blobLength, long firstChunk, long lastChunk)
            throws IOException {
        long from = firstChunk * CHUNK;
        long to = Math.min(blobLength, (lastChunk + 1) * CHUNK);
        return new BlobChunks(blobs.openChannel(blobId, from, to - from), blobLength, firstChunk, lastChunk);
    }

    /** How many chunks a blob of {@code length} bytes has (an empty one still has its one empty chunk). */
    static long count(long length) {
        return Math.max(1, (length + CHUNK - 1) / CHUNK);
    }

    static long chunkOf(long offset) {
        return offset / CHUNK;
    }

    boolean hasNext() {
        return nextChunk <= lastChunk;
    }

    /** The index of the chunk the next {@link #read} returns. */
    long nextIndex() {
        return nextChunk;
    }

    /** The recorded length of chunk {@code index}: a full MiB except at the blob's end. */
    int lengthOf(long index) {
        return (int) Math.min(CHUNK, blobLength - index * CHUNK);
    }

    /**
     * Reads the next chunk whole into {@code buffer} (at least {@code min(CHUNK, blob length)} long)
     * and returns how many bytes it got: fewer than {@link #lengthOf} only when the blob is shorter
     * than recorded, which is damage too.
     */
    int read(byte[] buffer) throws IOException {
        return read(ByteBuffer.wrap(buffer));
    }

    /**
     * Reads the next chunk whole into {@code buffer}, from its start, and leaves it flipped: position 0,
     * limit the bytes got (fewer than {@link #lengthOf} only when the blob is shorter than recorded).
     * The digest is taken of exactly these bytes in this buffer, so they are what a caller may send.
     */
    int read(ByteBuffer buffer) throws IOException {
        int n = fill(buffer);
        sha.update(buffer);
        buffer.rewind();
        digest = sha.digest();
        return n;
    }

    /**
     * As {@link #read(ByteBuffer)} without the digest, for a caller that hashes the chunk elsewhere;
     * {@link #digest()} then says nothing about it.
     */
    int fill(ByteBuffer buffer) throws IOException {
        buffer.clear().limit(lengthOf(nextChunk));
        while (buffer.hasRemaining() && in.read(buffer) >= 0) {
            // a channel may return fewer bytes than asked; only the end of the blob stops the chunk
        }
        buffer.flip();
        digest = null;
        nextChunk++;
        return buffer.limit();
    }

    /** The SHA-256 of the chunk the last {@link #read} returned. */
    byte[] digest() {
        return digest;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
