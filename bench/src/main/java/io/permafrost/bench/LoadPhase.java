package io.permafrost.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One bounded load phase: N client threads call one operation back to back for warm-up + duration,
 * then stop by themselves. Only calls that start after the warm-up and end before the deadline count.
 */
final class LoadPhase {
    record Result(long requests, long errors, double perSecond, double p50Millis, double p99Millis,
                  double serverCpuMicrosPerRequest, double clientCpuMicrosPerRequest, String firstError,
                  double maxMillis) {
    }

    private LoadPhase() {
    }

    /** @param serverPids the server's processes (several nodes of one cluster): their CPU is added up */
    static Result run(Runnable call, int clients, double warmupSeconds, double measureSeconds, long... serverPids)
            throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmupSeconds * 1e9);
        long measureUntil = measureFrom + (long) (measureSeconds * 1e9);
        List<long[]> latencies = new ArrayList<>();
        long[] counts = new long[clients];
        long[] errors = new long[clients];
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            latencies.add(null);
            Thread thread = new Thread(() -> {
                long[] mine = new long[1 << 14];
                int n = 0;
                while (true) {
                    long begin = System.nanoTime();
                    if (begin >= measureUntil) {
                        break;
                    }
                    boolean ok = true;
                    try {
                        call.run();
                    } catch (RuntimeException e) {
                        ok = false;
                        firstError.compareAndSet(null, e.toString());
                    }
                    long end = System.nanoTime();
                    if (begin >= measureFrom && end <= measureUntil) {
                        if (!ok) {
                            errors[client]++;
                            continue;
                        }
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, n * 2);
                        }
                        mine[n++] = end - begin;
                    }
                }
                counts[client] = n;
                synchronized (latencies) {
                    latencies.set(client, Arrays.copyOf(mine, n));
                }
            }, "load-" + c);
            threads.add(thread);
            thread.start();
        }
        sleepUntil(measureFrom);
        double serverCpuFrom = cpuOf(serverPids);
        double clientCpuFrom = ProcessCpu.ofThisProcess();
        sleepUntil(measureUntil);
        double serverCpu = cpuOf(serverPids) - serverCpuFrom;
        double clientCpu = ProcessCpu.ofThisProcess() - clientCpuFrom;
        for (Thread thread : threads) {
            thread.join();
        }
        long total = Arrays.stream(counts).sum();
        long failed = Arrays.stream(errors).sum();
        long[] all = new long[(int) total];
        int at = 0;
        synchronized (latencies) {
            for (long[] one : latencies) {
                System.arraycopy(one, 0, all, at, one.length);
                at += one.length;
            }
        }
        Arrays.sort(all);
        double calls = Math.max(1, total + failed);
        return new Result(total, failed, total / measureSeconds, percentile(all, 0.50), percentile(all, 0.99),
                serverCpu * 1e6 / calls, clientCpu * 1e6 / calls, firstError.get(),
                all.length == 0 ? Double.NaN : all[all.length - 1] / 1e6);
    }

    private static double cpuOf(long[] pids) {
        double seconds = 0;
        for (long pid : pids) {
            seconds += ProcessCpu.secondsOf(pid);
        }
        return seconds;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }

    private static double percentile(long[] sorted, double fraction) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
