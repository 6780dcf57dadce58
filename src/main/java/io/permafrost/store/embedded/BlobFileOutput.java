package io.permafrost.store.embedded;

import java.io.IOException;

/** Where the bytes of one blob file go while it is written: the part of the write protocol that moves bytes to disk. */
interface BlobFileOutput extends AutoCloseable {
    void write(byte[] buffer, int offset, int length) throws IOException;

    /** Every byte written is on stable storage (data and file size) when this returns. */
    void makeDurable() throws IOException;

    /** Releases the file and any buffers; after a failure, leaves the file for the caller to delete. */
    @Override
    void close();
}
