package io.permafrost.vault;

import io.permafrost.store.ArchiveRecord;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;

/** Renders an inventory (spec 11) one archive at a time straight to a stream; holds nothing per archive. */
public interface InventoryWriter extends AutoCloseable {

    void begin(String vaultArn, Instant inventoryDate) throws IOException;

    void archive(ArchiveRecord archive) throws IOException;

    /** Writes the closing part and flushes (the underlying stream stays open). */
    void end() throws IOException;

    @Override
    void close() throws IOException;

    String contentType();

    static InventoryWriter forFormat(String format, OutputStream out) throws IOException {
        return "CSV".equals(format) ? new CsvInventoryWriter(out) : new JsonInventoryWriter(out);
    }

    static String contentType(String format) {
        return "CSV".equals(format) ? CsvInventoryWriter.CONTENT_TYPE : JsonInventoryWriter.CONTENT_TYPE;
    }
}
