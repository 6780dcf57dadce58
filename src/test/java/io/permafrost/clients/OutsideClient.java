package io.permafrost.clients;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A client that is a program of its own (CLI, python, node, terraform), run with the matrix server's keys. */
final class OutsideClient {
    private final MatrixServer server;
    private final Path workDir;

    OutsideClient(MatrixServer server, Path workDir) {
        this.server = server;
        this.workDir = workDir;
    }

    /** Skips the calling test, with the reason printed, when {@code command} cannot be run here. */
    static void assumeInstalled(String... probe) {
        boolean ran;
        try {
            Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            ran = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            ran = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ran = false;
        }
        if (!ran) {
            System.out.println("SKIPPED client: '" + String.join(" ", probe) + "' does not run on this machine");
        }
        assumeTrue(ran, "'" + String.join(" ", probe) + "' does not run on this machine");
    }

    /** Runs {@code command}; fails the test with its output unless it exits 0; returns its standard output. */
    String run(List<String> command) throws Exception {
        return run(command, Map.of());
    }

    String run(List<String> command, Map<String, String> extraEnvironment) throws Exception {
        Finished finished = execute(command, extraEnvironment);
        assertThat(finished.exitCode()).as("%s exit code; output:%n%s", command, finished.output()).isZero();
        return finished.output();
    }

    /** Runs {@code command}, which must fail (exit non-zero); returns its output, to check why it failed. */
    String runFailing(List<String> command, Map<String, String> extraEnvironment) throws Exception {
        Finished finished = execute(command, extraEnvironment);
        assertThat(finished.exitCode()).as("%s exit code; output:%n%s", command, finished.output()).isNotZero();
        return finished.output();
    }

    private Finished execute(List<String> command, Map<String, String> extraEnvironment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(server.clientEnvironment());
        builder.environment().putAll(extraEnvironment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("%s finished", command).isTrue();
        return new Finished(process.exitValue(), output);
    }

    private record Finished(int exitCode, String output) {
    }
}
