package io.permafrost.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * The newest checkpoint kept outside the database too ({@code DATA/audit-head}), so that a verifier can
 * tell a chain cut short after that checkpoint from one that simply ends there: five lines, seq, hash,
 * time, key id, signature, as in the checkpoint row. Written after each checkpoint commits, atomically
 * and fsynced.
 */
public final class AuditHeadFile {
    public static final String NAME = "audit-head";

    private AuditHeadFile() {
    }

    public static void write(Path file, Checkpoint checkpoint) throws IOException {
        String text = checkpoint.seq() + "\n" + checkpoint.hash() + "\n" + checkpoint.time() + "\n" + checkpoint.keyId()
                + "\n" + checkpoint.signature() + "\n";
        AtomicFile.write(file, text.getBytes(StandardCharsets.US_ASCII), AtomicFile.WORLD_READABLE);
    }

    /** The checkpoint the file names; empty when there is no file. Throws when it is there but unreadable. */
    public static Optional<Checkpoint> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        try {
            return Optional.of(new Checkpoint(Long.parseLong(lines.get(0)), lines.get(1), Instant.parse(lines.get(2)),
                    lines.get(3), lines.get(4)));
        } catch (IndexOutOfBoundsException | NumberFormatException | DateTimeParseException e) {
            throw new IOException(file + " is damaged: " + e.getMessage(), e);
        }
    }
}
