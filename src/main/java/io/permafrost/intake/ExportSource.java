package io.permafrost.intake;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What an import reads: an export directory, or a tar stream read once from start to end (so standard
 * input works): its manifest first, then the archive files in manifest order. A file the manifest names
 * that is absent is reported, not fatal.
 */
public interface ExportSource extends AutoCloseable {

    /** The manifest, as a file the import can read line by line. */
    Path manifest() throws IOException;

    /** The bytes of the file {@code name}; empty when the export lacks it. Valid until the next call. */
    Optional<InputStream> open(String name) throws IOException;

    @Override
    void close() throws IOException;

    /** Refuses a name that would leave the export (absolute, or with "..") before any file is opened. */
    static String requireInside(String name) throws IOException {
        Path path = Path.of(name).normalize();
        if (path.isAbsolute() || path.startsWith("..") || name.contains("\\")) {
            throw new IOException("file name outside the export: " + name);
        }
        return path.toString();
    }

    static ExportSource directory(Path root) throws IOException {
        Path manifest = root.resolve(ExportManifest.NAME);
        if (!Files.isRegularFile(manifest)) {
            throw new IOException(root + " holds no " + ExportManifest.NAME);
        }
        return new ExportSource() {
            private InputStream current;

            @Override
            public Path manifest() {
                return manifest;
            }

            @Override
            public Optional<InputStream> open(String name) throws IOException {
                closeCurrent();
                Path file = root.resolve(requireInside(name));
                if (!Files.isRegularFile(file)) {
                    return Optional.empty();
                }
                current = new BufferedInputStream(Files.newInputStream(file), 256 * 1024);
                return Optional.of(current);
            }

            private void closeCurrent() throws IOException {
                if (current != null) {
                    current.close();
                    current = null;
                }
            }

            @Override
            public void close() throws IOException {
                closeCurrent();
            }
        };
    }

    /**
     * A tar stream whose first entry is the manifest (copied to a temporary file, the only thing kept);
     * archive files must follow in manifest order, as {@code permafrost export} writes them: {@link #open}
     * answers from the next entry only, so a file missing from the stream is reported missing and the
     * next one still found.
     */
    static ExportSource tar(InputStream in) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(new BufferedInputStream(in, 256 * 1024));
        TarArchiveEntry first = tar.getNextEntry();
        if (first == null || !ExportManifest.NAME.equals(Path.of(first.getName()).normalize().toString())) {
            tar.close();
            throw new IOException("the tar stream does not begin with " + ExportManifest.NAME);
        }
        Path manifest = Files.createTempFile("permafrost-import-", ".jsonl");
        Files.copy(tar, manifest, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return new ExportSource() {
            /** The entry read but not yet asked for: when a name is missing, the next one is already here. */
            private TarArchiveEntry pending;
            private boolean ended;

            @Override
            public Path manifest() {
                return manifest;
            }

            @Override
            public Optional<InputStream> open(String name) throws IOException {
                String wanted = requireInside(name);
                if (pending == null && !ended) {
                    pending = nextFile();
                }
                if (pending != null && Path.of(pending.getName()).normalize().toString().equals(wanted)) {
                    pending = null;
                    return Optional.of(tar);
                }
                return Optional.empty();
            }

            private TarArchiveEntry nextFile() throws IOException {
                TarArchiveEntry entry;
                do {
                    entry = tar.getNextEntry();
                } while (entry != null && !entry.isFile());
                ended = entry == null;
                return entry;
            }

            @Override
            public void close() throws IOException {
                tar.close();
                Files.deleteIfExists(manifest);
            }
        };
    }
}
