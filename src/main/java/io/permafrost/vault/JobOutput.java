package io.permafrost.vault;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * What GetJobOutput answers, decided before any byte is sent: status (200 or 206), headers, content
 * type and length, and the body, written by {@link #writeTo(JobOutputSink)} with verification as it streams.
 */
public final class JobOutput {
    /** Writes the body; throws if the stored bytes turn out not to match their tree hash. */
    @FunctionalInterface
    interface Body {
        void writeTo(JobOutputSink out) throws IOException;
    }

    private final int status;
    private final Map<String, String> headers;
    private final String contentType;
    private final long contentLength;
    private final Body body;

    JobOutput(int status, Map<String, String> headers, String contentType, long contentLength, Body body) {
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.contentType = contentType;
        this.contentLength = contentLength;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public String contentType() {
        return contentType;
    }

    public long contentLength() {
        return contentLength;
    }

    /** Sends the body; returns once all of it is sent (throws, with part of it sent, on damage). */
    public void writeTo(JobOutputSink out) throws IOException {
        body.writeTo(out);
    }

    /** The body onto a blocking stream. */
    public void writeTo(OutputStream out) throws IOException {
        body.writeTo(new OutputStreamSink(out));
    }
}
