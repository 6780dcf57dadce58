package io.permafrost.migrate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Reads a Glacier JSON inventory ({@code {"VaultARN": ..., "ArchiveList": [{"ArchiveId": ...}, ...]}}) one
 * archive at a time: an inventory of millions of archives is never held in memory.
 */
final class InventoryParser {
    private static final JsonFactory JSON = new JsonFactory();

    private InventoryParser() {
    }

    /** Hands every archive of the inventory to {@code each}; returns how many there were. */
    static long parse(InputStream inventory, Consumer<InventoryEntry> each) throws IOException {
        long count = 0;
        try (JsonParser parser = JSON.createParser(inventory)) {
            expect(parser.nextToken() == JsonToken.START_OBJECT, parser, "an inventory object");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if ("ArchiveList".equals(field)) {
                    expect(parser.currentToken() == JsonToken.START_ARRAY, parser, "ArchiveList to be an array");
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        each.accept(archive(parser));
                        count++;
                    }
                } else {
                    parser.skipChildren();
                }
            }
        }
        return count;
    }

    private static InventoryEntry archive(JsonParser parser) throws IOException {
        String id = null;
        String description = null;
        String created = null;
        long size = -1;
        String treeHash = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "ArchiveId" -> id = parser.getValueAsString();
                case "ArchiveDescription" -> description = parser.getValueAsString();
                case "CreationDate" -> created = parser.getValueAsString();
                case "Size" -> size = parser.getValueAsLong(-1);
                case "SHA256TreeHash" -> treeHash = parser.getValueAsString();
                default -> parser.skipChildren();
            }
        }
        expect(id != null && created != null && size >= 0 && treeHash != null, parser,
                "ArchiveId, CreationDate, Size and SHA256TreeHash in every archive");
        return new InventoryEntry(id, description, created, size, treeHash);
    }

    private static void expect(boolean holds, JsonParser parser, String what) throws IOException {
        if (!holds) {
            throw new IOException("inventory is not Glacier's JSON format: expected " + what + " near "
                    + parser.currentLocation());
        }
    }
}
