package io.permafrost.intake;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/** Where an export goes: a directory, or a tar stream (a file or standard output). The manifest comes first. */
public interface ExportSink extends AutoCloseable {

    /** The manifest: the first file of every export, named {@link ExportManifest#NAME}. */
    default void manifest(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            archive(ExportManifest.NAME, Files.size(file), in);
        }
    }

    /**
     * Writes {@code size} bytes from {@code in} as the file {@code name}. An IOException from {@code in}
     * (its bytes failed verification) leaves no file in a directory; in a tar the bytes are already out,
     * and an import catches them by their hash.
     */
    void archive(String name, long size, InputStream in) throws IOException;

    /** Whether a failed archive may still leave bytes behind in the export (a tar stream). */
    boolean keepsFailedBytes();

    @Override
    void close() throws IOException;

    /** A new or empty directory: each file written beside its final name, fsynced, then renamed. */
    static ExportSink directory(Path root) throws IOException {
        if (Files.exists(root)) {
            try (var listing = Files.list(root)) {
                if (listing.findAny().isPresent()) {
                    throw new IOException(root + " is not empty: export into a new or empty directory");
                }
            }
        }
        Files.createDirectories(root.resolve("archives"));
        return new ExportSink() {
            @Override
            public void archive(String name, long size, InputStream in) throws IOException {
                Path target = root.resolve(name);
                Path partial = target.resolveSibling(target.getFileName() + ".partial");
                try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                     OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                    in.transferTo(out);
                    channel.force(true);
                } catch (IOException | RuntimeException e) {
                    Files.deleteIfExists(partial);
                    throw e;
                }
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            }

            @Override
            public boolean keepsFailedBytes() {
                return false;
            }

            @Override
            public void close() {
            }
        };
    }

    /** A tar stream (POSIX: long names and sizes over 8 GiB); closing finishes the tar and closes {@code out}. */
    static ExportSink tar(OutputStream out) {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new BufferedOutputStream(out, 256 * 1024));
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        return new ExportSink() {
            @Override
            public void archive(String name, long size, InputStream in) throws IOException {
                TarArchiveEntry entry = new TarArchiveEntry(name);
                entry.setSize(size);
                entry.setModTime(Instant.now().toEpochMilli());
                tar.putArchiveEntry(entry);
                byte[] buffer = new byte[(int) Math.min(256 * 1024, Math.max(1, size))];
                long copied = 0;
                try {
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        if (copied + n > size) {
                            throw new IOException(name + ": more than the " + size + " bytes announced");
                        }
                        tar.write(buffer, 0, n);
                        copied += n;
                    }
                } catch (IOException e) {
                    if (copied == size) {
                        // Every byte is out (the check at the end failed): the entry is whole, the tar usable.
                        tar.closeArchiveEntry();
                        throw e;
                    }
                    throw new IOException(name + ": cut off after " + copied + " of " + size + " bytes ("
                            + e.getMessage() + "); the tar stream is unusable from here", e);
                }
                if (copied != size) {
                    throw new IOException(name + ": " + copied + " bytes, expected " + size
                            + "; the tar stream is unusable from here");
                }
                tar.closeArchiveEntry();
            }

            @Override
            public boolean keepsFailedBytes() {
                return true;
            }

            @Override
            public void close() throws IOException {
                tar.finish();
                tar.close();
            }
        };
    }
}
