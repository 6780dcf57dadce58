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
 * A size-limited filesystem mounted for one test (a tmpfs, or a loop-mounted ext4), so that a write really fails
 * with ENOSPC (no fault injection: the kernel says the disk is full). Mounting needs root (as this project's machines and CI run tests); elsewhere the
 * test is skipped with the reason, never passed silently. A ballast file fills it up to what the test leaves free.
 */
public final class SmallFilesystem implements AutoCloseable {
    private final Path root;
    private final Path ballast;
    /** The image file behind a loop-mounted filesystem; null for a tmpfs. */
    private final Path image;

    private SmallFilesystem(Path root, Path image) {
        this.root = root;
        this.ballast = root.resolve("ballast");
        this.image = image;
    }

    /** Mounts a tmpfs of {@code bytes} at {@code mountPoint} (created), or aborts the test saying why it cannot. */
    public static SmallFilesystem mount(Path mountPoint, long bytes) throws IOException, InterruptedException {
        Files.createDirectories(mountPoint);
        String failure = run("mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs", mountPoint.toString());
        Assumptions.assumeTrue(failure == null, () -> "a full disk needs a small filesystem of its own: cannot mount "
                + "a tmpfs at " + mountPoint + " (needs root): " + failure);
        return new SmallFilesystem(mountPoint, null);
    }

    /**
     * An ext4 filesystem of {@code bytes} in the image file {@code image}, loop-mounted at {@code mountPoint}: unlike
     * tmpfs it takes direct I/O and its fsync reaches a device, so the server writes blobs as it does on a disk. No
     * blocks reserved for root (the tests run as root, and would write into them). Aborts the test saying why it
     * cannot (no root, no loop device, no mkfs.ext4).
     */
    public static SmallFilesystem ext4(Path mountPoint, Path image, long bytes) throws IOException, InterruptedException {
        Files.createDirectories(mountPoint);
        try (FileChannel file = FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            file.truncate(0).position(bytes - 1).write(ByteBuffer.wrap(new byte[1]));
        }
        String failure = run("mkfs.ext4", "-q", "-F", "-m", "0", image.toString());
        if (failure == null) {
            failure = run("mount", "-o", "loop", image.toString(), mountPoint.toString());
        }
        String why = failure;
        Assumptions.assumeTrue(why == null, () -> "a full disk with direct I/O needs a loop-mounted ext4 of its own: "
                + "cannot make one at " + mountPoint + " (needs root, a loop device and mkfs.ext4): " + why);
        return new SmallFilesystem(mountPoint, image);
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

    /** Makes the tmpfs {@code bytes} large, keeping what is on it (the operator's "add a disk"). */
    public void growTo(long bytes) throws IOException, InterruptedException {
        if (image != null) {
            throw new UnsupportedOperationException("only a tmpfs grows here; free an ext4 one with removeBallast");
        }
        String failure = run("mount", "-o", "remount,size=" + bytes, root.toString());
        if (failure != null) {
            throw new IOException("cannot grow the tmpfs at " + root + ": " + failure);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        // Not lazily: the loop device is released only once the filesystem is unmounted for real.
        String failure = run("umount", root.toString());
        if (failure != null) {
            throw new IOException("cannot unmount the filesystem at " + root + ": " + failure);
        }
        if (image != null) {
            Files.deleteIfExists(image);
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
