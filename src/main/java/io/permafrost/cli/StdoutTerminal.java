package io.permafrost.cli;

import java.io.Console;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether standard output is a terminal, so a progress bar (carriage returns) goes only where a person watches.
 * {@code System.console() != null} alone is not enough: from JDK 22 a console exists even with stdout redirected
 * to a file or a pipe. So where Linux says what fd 1 is ({@code /proc/self/fd/1}) that decides; otherwise, on
 * JDK 22+, {@code Console.isTerminal()} (called reflectively: this builds for Java 17).
 */
final class StdoutTerminal {
    private static final Path STDOUT_LINK = Path.of("/proc/self/fd/1");

    private StdoutTerminal() {
    }

    /** This process's stdout. */
    static boolean isTerminal() {
        Console console = System.console();
        return decide(console != null, consoleSaysTerminal(console), stdoutTarget());
    }

    /**
     * @param hasConsole        {@code System.console() != null}: false means no terminal on any JDK
     * @param consoleIsTerminal JDK 22+ {@code Console.isTerminal()}; empty on older JDKs
     * @param stdoutTarget      what fd 1 links to ({@code /dev/pts/3}, {@code pipe:[…]}, a file); empty off Linux
     */
    static boolean decide(boolean hasConsole, Optional<Boolean> consoleIsTerminal, Optional<String> stdoutTarget) {
        if (!hasConsole) {
            return false;
        }
        if (stdoutTarget.isPresent()) {
            String target = stdoutTarget.get();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        }
        return consoleIsTerminal.orElse(true);
    }

    private static Optional<Boolean> consoleSaysTerminal(Console console) {
        if (console == null) {
            return Optional.empty();
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return Optional.of((Boolean) isTerminal.invoke(console));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty(); // before JDK 22: a console there means a terminal
        }
    }

    private static Optional<String> stdoutTarget() {
        try {
            return Optional.of(Files.readSymbolicLink(STDOUT_LINK).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }
}
