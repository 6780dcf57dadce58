package io.permafrost.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * What creating one file costs on the server's filesystem, now: the CPU (user + kernel, of this
 * thread) of creating and closing empty files in the directory where the server creates each
 * blob's temporary file. Not part of the unavoidable work (a file per part is Permafrost's choice),
 * but printed beside it because on some filesystems it is not small: ext4 without a journal skips,
 * on every create, each inode freed in the last 5 s (5 min while its inode block is dirty), reading
 * the inode table for each, so a create costs more the more files were deleted just before it
 * (measured on a fresh loop-mounted ext4: 0.04 ms, rising to 0.38 ms after four rounds of 1,024
 * created and deleted files; 0.04 ms throughout with a journal).
 */
final class FileCreateCost {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private FileCreateCost() {
    }

    /** CPU milliseconds per create of {@code count} empty files in {@code dir}; the files are deleted after. */
    static double millisPerCreate(Path dir, int count) throws IOException {
        List<Path> created = new ArrayList<>(count);
        long start = THREADS.getCurrentThreadCpuTime();
        try {
            for (int i = 0; i < count; i++) {
                Path file = dir.resolve("bench-create-probe-" + i);
                try (FileChannel ignored = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    created.add(file);
                }
            }
            return (THREADS.getCurrentThreadCpuTime() - start) / 1e6 / count;
        } finally {
            for (Path file : created) {
                Files.deleteIfExists(file);
            }
        }
    }
}
