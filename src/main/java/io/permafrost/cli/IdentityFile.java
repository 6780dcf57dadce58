package io.permafrost.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code DATA/identity.json}: the {@link DataDirIdentity} a data directory was created with. A file
 * rather than a row of the metadata database so that an operator can read it with {@code cat}, and
 * so that a conflicting start is refused before the database is even opened. Written durably (temp, fsync,
 * rename, directory fsync): losing it after a crash would let the next start adopt another region.
 */
final class IdentityFile {
    static final String NAME = "identity.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private IdentityFile() {
    }

    static Optional<DataDirIdentity> read(Path dataDir) {
        Path file = dataDir.resolve(NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            DataDirIdentity stored = JSON.readValue(file.toFile(), DataDirIdentity.class);
            if (stored.region() == null || stored.vaultArn() == null || stored.rootArn() == null
                    || stored.userArn() == null || stored.userId() == null) {
                throw new StartupException(file + " lacks a member (region, vaultArn, rootArn, userArn, userId); "
                        + "restore it from a backup of this data directory");
            }
            return Optional.of(stored);
        } catch (JacksonException e) {
            throw new StartupException(file + " is not a valid identity file (" + e.getOriginalMessage()
                    + "); restore it from a backup of this data directory");
        } catch (IOException e) {
            throw StartupException.io("cannot read " + file, e);
        }
    }

    static void write(Path dataDir, DataDirIdentity identity) {
        Path file = dataDir.resolve(NAME);
        try {
            DurableFile.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(identity),
                    DurableFile.WORLD_READABLE);
        } catch (IOException e) {
            throw StartupException.io("cannot write " + file, e);
        }
    }
}
