package io.permafrost.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** {@code permafrost recover --data DIR}, run in the test's JVM (it serves nothing), with its output captured. */
public final class RecoverCommand {
    private RecoverCommand() {
    }

    /** What a run of recover printed (output and errors together) and its exit code. */
    public record Recovery(int exitCode, String output) {
    }

    public static Recovery run(Path dataDir) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        int exitCode;
        try {
            exitCode = new picocli.CommandLine(new io.permafrost.cli.Main()).execute("recover", "--data", dataDir.toString());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Recovery(exitCode, captured.toString(StandardCharsets.UTF_8));
    }
}
