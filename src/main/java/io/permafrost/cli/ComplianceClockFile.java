package io.permafrost.cli;

import io.permafrost.clock.ComplianceClockState;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code DATA/compliance-clock}: the compliance clock's last saved value, one ISO-8601 instant, written
 * durably (a crash leaves the old value or the new one). A damaged file stops the start instead of
 * being replaced by the system time: that would be exactly the reset the clock exists to prevent.
 */
final class ComplianceClockFile implements ComplianceClockState {
    static final String NAME = "compliance-clock";

    private final Path file;

    ComplianceClockFile(Path dataDir) {
        this.file = dataDir.resolve(NAME);
    }

    @Override
    public Optional<Instant> load() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            throw new StartupException(file + " does not hold a compliance clock value (\"" + text
                    + "\"); restore it from a backup of this data directory, never by hand with a later time");
        }
    }

    @Override
    public void save(Instant complianceTime) throws IOException {
        DurableFile.write(file, (complianceTime + "\n").getBytes(StandardCharsets.US_ASCII), DurableFile.WORLD_READABLE);
    }
}
