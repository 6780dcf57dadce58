package io.permafrost.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A size-limited tmpfs mounted for one test, so that a write really fails with ENOSPC (no fault injection: the
 * kernel says the disk is full). Mounting needs root (as this project's machines and CI run tests); elsewhere the
 * test is skipped with the reason, never passed silently. A ballast file fills it up to what the test leaves free.
 */
public final class SmallFilesystem implements AutoCloseable {
    private final Path root;
    private final Path ballast;

    private SmallFilesystem(Path root) {
        this.root = root;
        this.ballast = root.resolve("ballast");
    }

    /** Mounts a tmpfs of {@code bytes} at {@code mountPoint} (created), or aborts the test saying why it cannot. */
    public static SmallFilesystem mount(Path mountPoint, long bytes) throws IOException, InterruptedException {
        Files.createDirectories(mountPoint);
        String failure = run("mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs", mountPoint.toString());
        Assumptions.assumeTrue(failure == null, () -> "a full disk needs a small filesystem of its own: cannot mount "
                + "a tmpfs at " + mountPoint + " (needs root): " + failure);
        return new SmallFilesystem(mountPoint);
    }

    public Path root() {
        return root;
    }

    /** Bytes a writer can still put here. */
    public long free() throws IOException {
        return Files.getFileStore(root).getUsableSpace();
    }

    /** Writes a ballast file (real bytes: tmpfs does not allocate holes) that leaves about {@code leave} bytes free. */
    public void fillLeaving(long leave) throws IOException {
        long toWrite = Math.max(0, free() - leave);
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        try (FileChannel channel = FileChannel.open(ballast, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            for (long written = 0; written < toWrite; ) {
                chunk.clear().limit((int) Math.min(chunk.capacity(), toWrite - written));
                try {
                    written += channel.write(chunk);
                } catch (IOException full) {
                    return; // Full already: that is as far as it fills.
                }
            }
        }
    }

    /** Deletes the ballast: the space it took is free again. */
    public void removeBallast() throws IOException {
        Files.deleteIfExists(ballast);
    }

    /** Makes the filesystem {@code bytes} large, keeping what is on it (the operator's "add a disk"). */
    public void growTo(long bytes) throws IOException, InterruptedException {
        String failure = run("mount", "-o", "remount,size=" + bytes, root.toString());
        if (failure != null) {
            throw new IOException("cannot grow the tmpfs at " + root + ": " + failure);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        String failure = run("umount", "-l", root.toString());
        if (failure != null) {
            throw new IOException("cannot unmount the tmpfs at " + root + ": " + failure);
        }
    }

    /** Null when the command succeeded, else what it said. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + " did not end";
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return process.exitValue() == 0 ? null : "exit " + process.exitValue() + ": " + output;
    }
}
