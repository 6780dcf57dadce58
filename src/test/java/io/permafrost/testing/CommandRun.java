package io.permafrost.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A {@code permafrost} command run in the test's JVM (one that serves nothing), with its output captured. */
public record CommandRun(int exitCode, String output) {

    /** Runs {@code permafrost ARGS}; output and errors are captured together. */
    public static CommandRun of(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        int exitCode;
        try {
            exitCode = new picocli.CommandLine(new io.permafrost.cli.Main()).execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new CommandRun(exitCode, captured.toString(StandardCharsets.UTF_8));
    }
}
