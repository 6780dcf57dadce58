package io.permafrost.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints a formatted line to a stream in one write. {@code PrintStream.printf} on an auto-flushing stream (as
 * {@code System.out} is) flushes after every piece of the format, so with stdout and stderr sent to one file
 * ({@code 2>&1}, a service manager's journal) a log line from another thread can land inside the line, and a
 * script waiting for "Permafrost serving the Glacier API on http://HOST:PORT" never sees it whole. Formatting
 * first and printing the finished string writes it at once.
 */
final class WholeLines {
    private WholeLines() {
    }

    /** {@code out.printf(format, args)}, as one write of the finished line. */
    static void printf(PrintStream out, String format, Object... args) {
        out.print(String.format(Locale.ROOT, format, args));
        out.flush();
    }
}
