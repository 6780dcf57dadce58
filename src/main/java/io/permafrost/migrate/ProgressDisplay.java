package io.permafrost.migrate;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Shows how far the migration is: on a terminal one line redrawn every second (a bar, archives, bytes, rate, ETA);
 * otherwise (a log, a pipe) the same figures as a plain line every {@code plainInterval}.
 */
final class ProgressDisplay implements AutoCloseable {
    private static final int BAR = 24;

    private final MigrationCounters counters;
    private final PrintStream out;
    private final boolean terminal;
    private final Duration interval;
    private final long startedNanos = System.nanoTime();
    private final Thread ticker;

    ProgressDisplay(MigrationCounters counters, PrintStream out, boolean terminal, Duration plainInterval) {
        this.counters = counters;
        this.out = out;
        this.terminal = terminal;
        this.interval = terminal ? Duration.ofSeconds(1) : plainInterval;
        this.ticker = new Thread(this::tick, "migrate-progress");
        ticker.setDaemon(true);
        ticker.start();
    }

    private void tick() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(interval.toMillis());
                show();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void show() {
        String figures = figures();
        if (terminal) {
            long total = Math.max(1, counters.bytesTotal.get());
            int filled = (int) Math.min(BAR, counters.bytesDone.get() * BAR / total);
            out.print("\r[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + figures + "   ");
        } else {
            out.println("migrate: " + figures);
        }
        out.flush();
    }

    String figures() {
        double seconds = Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
        double rate = counters.bytesTransferred.get() / seconds;
        long left = Math.max(0, counters.bytesTotal.get() - counters.bytesDone.get());
        String eta = rate < 1 ? "--:--:--" : clock((long) (left / rate));
        String failed = counters.archivesFailed.get() == 0 ? "" : ", " + counters.archivesFailed.get() + " failed";
        return String.format(Locale.ROOT, "%d/%d archives, %s/%s, %s/s, ETA %s%s", counters.archivesDone.get(),
                counters.archivesTotal.get(), bytes(counters.bytesDone.get()), bytes(counters.bytesTotal.get()),
                bytes((long) rate), eta, failed);
    }

    static String bytes(long n) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = n;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? n + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    private static String clock(long seconds) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    @Override
    public void close() {
        ticker.interrupt();
        try {
            ticker.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        show();
        if (terminal) {
            out.println();
        }
    }
}
