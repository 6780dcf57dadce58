package io.permafrost.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The access log: one JSON object per finished API request, appended to a file. Each line is written
 * and flushed whole under a lock, so lines of concurrent requests never interleave and a crash cuts at
 * most the last one. It is an operator's log, not the audit record: a write that fails is not retried.
 *
 * <p>{@link #reopen} (on SIGHUP, for logrotate) opens the path afresh: once the old file was renamed, new
 * lines go to a new file of the configured name and the renamed one is complete and closed.
 */
public final class AccessLogFile implements RequestListener, AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();

    private final Path file;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private Writer out;

    public AccessLogFile(Path file) throws IOException {
        this.file = file;
        this.out = open(file);
    }

    private static Writer open(Path file) throws IOException {
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    /**
     * Closes the file and opens the configured path again (a new file if the old one was renamed). When
     * the path cannot be opened, the old file stays in use and the failure is thrown.
     */
    public void reopen() throws IOException {
        Writer fresh = open(file);
        Writer old;
        synchronized (lock) {
            old = out;
            out = fresh;
        }
        old.close();
    }

    public Path file() {
        return file;
    }

    @Override
    public void completed(RequestRecord r) {
        String line = line(r);
        synchronized (lock) {
            try {
                out.write(line);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to the access log", e);
            }
        }
    }

    static String line(RequestRecord r) {
        StringWriter text = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("time", r.time().toString());
            json.writeStringField("requestId", r.requestId());
            json.writeStringField("principal", r.principalArn());
            json.writeStringField("operation", r.operation());
            json.writeStringField("vault", r.vault());
            json.writeNumberField("status", r.status());
            json.writeNumberField("bytesIn", r.bytesIn());
            json.writeNumberField("bytesOut", r.bytesOut());
            json.writeNumberField("durationMs", r.durationNanos() / 1_000_000.0);
            json.writeStringField("remoteAddress", r.remoteAddress());
            json.writeStringField("userAgent", r.userAgent());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.append('\n').toString();
    }

    @Override
    public void close() throws IOException {
        synchronized (lock) {
            out.close();
        }
    }
}
