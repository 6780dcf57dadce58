package io.permafrost.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Predicate;

/**
 * The bytes half of the storage SPI. A blob becomes visible only through {@link BlobWriter#commit()},
 * which returns after the bytes are durable; an aborted or interrupted writer leaves nothing visible.
 */
public interface BlobStore {

    BlobWriter create() throws IOException;

    /** Reads {@code length} bytes of the blob starting at {@code offset}. */
    InputStream open(String blobId, long offset, long length) throws IOException;

    long size(String blobId) throws IOException;

    void delete(String blobId);

    /**
     * Removes leftover temp files and committed blobs that nothing refers to (a crash between blob
     * commit and metadata commit leaves such orphans); returns how many it removed.
     */
    int sweep(Predicate<String> isReferenced) throws IOException;

    interface BlobWriter extends AutoCloseable {
        void write(byte[] buffer, int offset, int length) throws IOException;

        /** Makes the blob durable and visible; returns its id. */
        String commit() throws IOException;

        /** Discards the bytes; safe to call after commit (then a no-op) and more than once. */
        @Override
        void close();
    }
}
