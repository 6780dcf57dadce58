package io.permafrost.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time used so far by a process (all its threads, user + system). Per-request CPU is the figure
 * that survives a busy machine best: wall-clock rates shrink when others take the cores, CPU per
 * request much less so.
 */
final class ProcessCpu {
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private ProcessCpu() {
    }

    /** CPU seconds of another process, from /proc/PID/stat (utime + stime). */
    static double secondsOf(long pid) {
        return userSecondsOf(pid) + systemSecondsOf(pid);
    }

    /** User-mode CPU seconds of another process (utime). */
    static double userSecondsOf(long pid) {
        return statField(pid, 11);
    }

    /** Kernel-mode CPU seconds of another process (stime): socket reads, file writes, fsync. */
    static double systemSecondsOf(long pid) {
        return statField(pid, 12);
    }

    /**
     * CPU seconds (user + system) of the JVM's JIT compiler threads in another Java process. Compiling
     * is a cost of the process's first minutes, not of each GiB: a figure measured while it still runs
     * is a warm-up figure, so the benchmarks print it beside the total to show whether it has settled.
     */
    static double compilerSecondsOf(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        double seconds = 0;
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path thread : (Iterable<Path>) threads::iterator) {
                String stat = read(thread.resolve("stat"));
                if (stat == null) {
                    continue; // the thread ended meanwhile
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    seconds += field(stat, 11) + field(stat, 12);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return seconds;
    }

    private static double statField(long pid, int indexAfterName) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        return stat == null ? Double.NaN : field(stat, indexAfterName);
    }

    private static String read(Path stat) {
        try {
            return Files.readString(stat);
        } catch (IOException e) {
            return null;
        }
    }

    private static double field(String stat, int indexAfterName) {
        try {
            // The command name may hold spaces; fields are counted after its closing parenthesis.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[indexAfterName]) / TICKS_PER_SECOND;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** CPU seconds of this JVM (the load generator). */
    static double ofThisProcess() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean hotspot) {
            return hotspot.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }
}
