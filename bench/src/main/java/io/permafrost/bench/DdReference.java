package io.permafrost.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The yardstick for upload throughput: {@code dd if=/dev/zero of=FILE bs=1M count=N conv=fsync},
 * timed end to end (so the final fsync counts, as it does for a durable upload).
 */
final class DdReference {
    private DdReference() {
    }

    static double seconds(Path file, long mebibytes) throws IOException, InterruptedException {
        return run(file, List.of("bs=1M", "count=" + mebibytes, "conv=fsync"));
    }

    /**
     * The same amount written with direct I/O ({@code bs=4M oflag=direct conv=fsync}), as Permafrost
     * writes blobs: no page-cache copy, so it is the disk's own pace, not the memory's.
     */
    static double directSeconds(Path file, long mebibytes) throws IOException, InterruptedException {
        return run(file, List.of("bs=4M", "count=" + Math.max(1, mebibytes / 4), "oflag=direct", "conv=fsync"));
    }

    private static double run(Path file, List<String> operands) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("dd", "if=/dev/zero", "of=" + file));
        command.addAll(operands);
        ProcessBuilder dd = new ProcessBuilder(command).redirectErrorStream(true);
        long start = System.nanoTime();
        Process process = dd.start();
        String output = new String(process.getInputStream().readAllBytes());
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        Files.deleteIfExists(file);
        if (exit != 0) {
            throw new IllegalStateException("dd failed (" + exit + "): " + output);
        }
        return seconds;
    }
}
