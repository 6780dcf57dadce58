package io.permafrost.vault;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.permafrost.glacier.GlacierDates;
import io.permafrost.store.ArchiveRecord;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;

/**
 * The JSON inventory of spec 11.1, compact, members in the documented order (VaultARN, InventoryDate,
 * ArchiveList; ArchiveId, ArchiveDescription, CreationDate, Size, SHA256TreeHash), written through
 * Jackson's streaming generator so memory does not grow with the archive count.
 */
public final class JsonInventoryWriter implements InventoryWriter {
    static final String CONTENT_TYPE = "application/json";
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private final JsonGenerator json;

    public JsonInventoryWriter(OutputStream out) throws IOException {
        this.json = FACTORY.createGenerator(out);
    }

    @Override
    public void begin(String vaultArn, Instant inventoryDate) throws IOException {
        json.writeStartObject();
        json.writeStringField("VaultARN", vaultArn);
        json.writeStringField("InventoryDate", GlacierDates.seconds(inventoryDate));
        json.writeArrayFieldStart("ArchiveList");
    }

    @Override
    public void archive(ArchiveRecord archive) throws IOException {
        json.writeStartObject();
        json.writeStringField("ArchiveId", archive.archiveId());
        json.writeStringField("ArchiveDescription", archive.description() == null ? "" : archive.description());
        json.writeStringField("CreationDate", GlacierDates.millis(archive.creationDate()));
        json.writeNumberField("Size", archive.size());
        json.writeStringField("SHA256TreeHash", archive.treeHash());
        json.writeEndObject();
    }

    @Override
    public void end() throws IOException {
        json.writeEndArray();
        json.writeEndObject();
        json.flush();
    }

    @Override
    public void close() throws IOException {
        json.close();
    }

    @Override
    public String contentType() {
        return CONTENT_TYPE;
    }
}
