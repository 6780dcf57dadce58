package io.permafrost.testing;

import java.nio.file.Path;

/** {@code permafrost recover --data DIR}, run in the test's JVM (it serves nothing), with its output captured. */
public final class RecoverCommand {
    private RecoverCommand() {
    }

    /** What a run of recover printed (output and errors together) and its exit code. */
    public record Recovery(int exitCode, String output) {
    }

    public static Recovery run(Path dataDir) {
        CommandRun run = CommandRun.of("recover", "--data", dataDir.toString());
        return new Recovery(run.exitCode(), run.output());
    }
}
