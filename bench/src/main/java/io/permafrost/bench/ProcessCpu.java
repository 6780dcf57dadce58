package io.permafrost.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

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

    private static double statField(long pid, int indexAfterName) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name may hold spaces; fields are counted after its closing parenthesis.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[indexAfterName]) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
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
