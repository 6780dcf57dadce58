package io.permafrost.vault;

import io.permafrost.glacier.GlacierDates;
import io.permafrost.store.ArchiveRecord;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The CSV inventory of spec 11.2: a header line, one line per archive, every line ending in LF.
 * Only ArchiveDescription is ever quoted, and only when it holds a comma or a double quote; inside
 * quotes a {@code "} is written {@code \"} and backslashes are left alone (AWS's rule, not RFC 4180).
 */
public final class CsvInventoryWriter implements InventoryWriter {
    static final String CONTENT_TYPE = "text/csv";
    static final String HEADER = "ArchiveId,ArchiveDescription,CreationDate,Size,SHA256TreeHash\n";

    private final Writer out;

    public CsvInventoryWriter(OutputStream out) {
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
    }

    @Override
    public void begin(String vaultArn, Instant inventoryDate) throws IOException {
        out.write(HEADER);
    }

    @Override
    public void archive(ArchiveRecord archive) throws IOException {
        out.write(archive.archiveId());
        out.write(',');
        out.write(description(archive.description()));
        out.write(',');
        out.write(GlacierDates.millis(archive.creationDate()));
        out.write(',');
        out.write(Long.toString(archive.size()));
        out.write(',');
        out.write(archive.treeHash());
        out.write('\n');
    }

    static String description(String description) {
        if (description == null) {
            return "";
        }
        if (description.indexOf(',') < 0 && description.indexOf('"') < 0) {
            return description;
        }
        return "\"" + description.replace("\"", "\\\"") + "\"";
    }

    @Override
    public void end() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }

    @Override
    public String contentType() {
        return CONTENT_TYPE;
    }
}
