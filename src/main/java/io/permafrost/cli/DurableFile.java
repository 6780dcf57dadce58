package io.permafrost.cli;

import io.permafrost.audit.AtomicFile;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Writes a small file of the data directory so that after a crash it holds the old content or the
 * new one, never a torn or empty file ({@link AtomicFile} does it; the audit key and head need the same).
 */
final class DurableFile {
    static final Set<PosixFilePermission> OWNER_ONLY = AtomicFile.OWNER_ONLY;
    static final Set<PosixFilePermission> WORLD_READABLE = AtomicFile.WORLD_READABLE;

    private DurableFile() {
    }

    static void write(Path file, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        AtomicFile.write(file, content, permissions);
    }
}
