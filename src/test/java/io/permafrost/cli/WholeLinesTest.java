package io.permafrost.cli;

import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The serve announcement (and every report line) must reach the file descriptor in one write, or a log line
 * written to stderr meanwhile lands inside it when both streams share a file. Checked on a stream set up like
 * {@code System.out}: auto-flushing over a small buffer.
 */
class WholeLinesTest {
    private static final String FORMAT = "Permafrost serving the Glacier API on %s://%s:%d (%s, region %s)%n";
    private static final Object[] ARGS = {"http", "127.0.0.1", 43985, "data in /tmp/junit-1/data", "us-east-1"};

    @Test
    void theFormattedLineIsOneWrite() {
        List<String> writes = new ArrayList<>();
        WholeLines.printf(likeSystemOut(writes), FORMAT, ARGS);

        assertThat(writes).containsExactly(
                "Permafrost serving the Glacier API on http://127.0.0.1:43985 (data in /tmp/junit-1/data, region us-east-1)"
                        + System.lineSeparator());
    }

    /** What the class is for: the JDK's own printf reaches the descriptor in pieces. */
    @Test
    void printfAloneWritesInPieces() {
        List<String> writes = new ArrayList<>();
        likeSystemOut(writes).printf(FORMAT, ARGS);

        assertThat(writes).hasSizeGreaterThan(1);
    }

    @Test
    void aLineLongerThanTheStreamBufferIsStillOneWrite() {
        List<String> writes = new ArrayList<>();
        String longPath = "/srv/" + "d".repeat(500);
        WholeLines.printf(likeSystemOut(writes), "DAMAGED %s: %s%n", longPath, "tree hash mismatch");

        assertThat(writes).containsExactly("DAMAGED " + longPath + ": tree hash mismatch" + System.lineSeparator());
    }

    /** As the JDK builds System.out: an auto-flushing PrintStream over a 128-byte BufferedOutputStream. */
    private static PrintStream likeSystemOut(List<String> writes) {
        OutputStream descriptor = new OutputStream() {
            @Override
            public void write(int b) {
                writes.add(String.valueOf((char) b));
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writes.add(new String(b, off, len, StandardCharsets.UTF_8));
            }
        };
        return new PrintStream(new java.io.BufferedOutputStream(descriptor, 128), true, StandardCharsets.UTF_8);
    }

}
