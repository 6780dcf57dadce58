package io.permafrost.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The yardstick for upload throughput: {@code dd if=/dev/zero of=FILE bs=1M count=N conv=fsync},
 * timed end to end (so the final fsync counts, as it does for a durable upload).
 */
final class DdReference {
    private DdReference() {
    }

    static double seconds(Path file, long mebibytes) throws IOException, InterruptedException {
        ProcessBuilder dd = new ProcessBuilder("dd", "if=/dev/zero", "of=" + file, "bs=1M", "count=" + mebibytes,
                "conv=fsync").redirectErrorStream(true);
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
