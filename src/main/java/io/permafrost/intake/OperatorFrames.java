package io.permafrost.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The operator channel's framing, both ends: a request is one line of JSON (for ImportArchive followed
 * by exactly {@code size} body bytes and one trailer byte, {@link #COMMIT} or {@link #ABORT}, so the
 * client can still call an import off after the last byte); the answer is one line of JSON,
 * {@code {"ok":true,"value":…}} or {@code {"ok":false,"reason":…,"message":…}}.
 */
final class OperatorFrames {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int COMMIT = 'C';
    static final int ABORT = 'A';
    /** Far above any request line (a policy is at most 20 KiB); a peer sending more is not speaking this protocol. */
    private static final int MAX_LINE = 1024 * 1024;

    private OperatorFrames() {
    }

    /** The next line as a JSON object; null at a clean end of the stream. */
    static ObjectNode readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (line.size() == 0) {
                    return null;
                }
                throw new EOFException("the operator channel closed mid-line");
            }
            if (b == '\n') {
                break;
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("operator channel line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        if (!(JSON.readTree(line.toString(StandardCharsets.UTF_8)) instanceof ObjectNode node)) {
            throw new IOException("operator channel line is not a JSON object");
        }
        return node;
    }

    static void writeLine(OutputStream out, ObjectNode node) throws IOException {
        out.write(JSON.writeValueAsBytes(node));
        out.write('\n');
        out.flush();
    }

    /**
     * The body of one ImportArchive on the server side: ends (-1) only once all {@code size} bytes came
     * and the trailer says commit; an abort, or the connection ending early, is an IOException, so the
     * ingest fails before anything is committed.
     */
    static final class Body extends BulkInputStream {
        private final InputStream in;
        private long remaining;
        private boolean trailerRead;

        Body(InputStream in, long size) {
            this.in = in;
            this.remaining = size;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining == 0) {
                readTrailer();
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n < 0) {
                throw new EOFException("the operator channel closed with " + remaining + " body bytes to come");
            }
            remaining -= n;
            return n;
        }

        private void readTrailer() throws IOException {
            if (trailerRead) {
                return;
            }
            trailerRead = true;
            int trailer = in.read();
            if (trailer != COMMIT) {
                throw new IOException(trailer == ABORT ? "the sender's archive was longer than its record's size"
                        : "the operator channel closed before the body's end");
            }
        }

        /** Reads whatever the refused import left unread, so that the answer lands after the whole frame. */
        void drain() throws IOException {
            byte[] skip = new byte[64 * 1024];
            while (remaining > 0) {
                int n = in.read(skip, 0, (int) Math.min(skip.length, remaining));
                if (n < 0) {
                    throw new EOFException("the operator channel closed mid-body");
                }
                remaining -= n;
            }
            if (!trailerRead) {
                trailerRead = true;
                if (in.read() < 0) {
                    throw new EOFException("the operator channel closed before the trailer");
                }
            }
        }
    }
}
