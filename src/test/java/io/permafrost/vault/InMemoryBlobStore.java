package io.permafrost.vault;

import io.permafrost.store.BlobStore;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;

/** Blobs in a map, for unit tests of what reads them; {@link #put} stores bytes as they lie "at rest". */
final class InMemoryBlobStore implements BlobStore {
    // Concurrent: the job-claim tests run two runners' workers on one store.
    private final Map<String, byte[]> blobs = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger nextId = new java.util.concurrent.atomic.AtomicInteger();

    private final java.util.concurrent.atomic.AtomicInteger commitsToRefuse = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();

    /** The next {@code count} commits fail as a store that timed out would (an IOException, nothing stored). */
    void refuseCommits(int count) {
        commitsToRefuse.set(count);
    }

    /** How many commits were refused so far. */
    int refusedCommits() {
        return refused.get();
    }

    /** How many blobs were ever committed. */
    int committed() {
        return nextId.get();
    }

    void put(String blobId, byte[] bytes) {
        blobs.put(blobId, bytes.clone());
    }

    @Override
    public BlobWriter create() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        return new BlobWriter() {
            @Override
            public void write(byte[] buffer, int offset, int length) {
                bytes.write(buffer, offset, length);
            }

            @Override
            public String commit() throws IOException {
                if (commitsToRefuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    refused.incrementAndGet();
                    throw new IOException("object store PUT failed: Read timed out");
                }
                String id = "blob" + nextId.getAndIncrement();
                blobs.put(id, bytes.toByteArray());
                return id;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public InputStream open(String blobId, long offset, long length) throws IOException {
        byte[] blob = blobs.get(blobId);
        if (blob == null) {
            throw new IOException("no blob " + blobId);
        }
        // Like a file: a read past the end is short, not an error.
        int from = (int) Math.min(offset, blob.length);
        return new ByteArrayInputStream(Arrays.copyOfRange(blob, from, (int) Math.min(blob.length, offset + length)));
    }

    @Override
    public long size(String blobId) {
        return blobs.get(blobId).length;
    }

    @Override
    public void delete(String blobId) {
        blobs.remove(blobId);
    }

    @Override
    public SweepReport sweep(ReferenceCheck references) {
        throw new UnsupportedOperationException("the streamer's properties never sweep");
    }
}
