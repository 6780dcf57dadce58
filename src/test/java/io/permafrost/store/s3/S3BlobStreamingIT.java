package io.permafrost.store.s3;

import io.permafrost.testing.ServerProcess;
import io.permafrost.testing.TestObjectStore;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Memory does not grow with blob size: a 160 MiB blob goes into RGW and back out of a JVM whose whole
 * heap is 64 MiB (an OutOfMemoryError ends that JVM with a non-zero status, so holding the blob, or
 * even two parts of it beside the SDK, fails the test).
 */
class S3BlobStreamingIT {
    private static final long SIZE = 160L << 20;

    @Test
    void aBlobFarLargerThanTheHeapStreamsInAndOut() throws Exception {
        S3Settings settings = TestObjectStore.settingsOrSkip();
        Path output = java.nio.file.Files.createTempFile("s3-round-trip", ".out");
        Process process = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+ExitOnOutOfMemoryError", "-cp", ServerProcess.testClassPath(),
                S3BlobRoundTrip.class.getName(), settings.endpoint().toString(), settings.bucket(), settings.region(),
                settings.accessKey(), settings.secretKey(), Long.toString(SIZE)))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        int exit = process.waitFor();
        String printed = java.nio.file.Files.readString(output, StandardCharsets.UTF_8);

        assertThat(exit).as(printed).isZero();
        String in = printed.lines().filter(l -> l.startsWith("in ")).findFirst().orElseThrow().substring(3);
        String out = printed.lines().filter(l -> l.startsWith("out ")).findFirst().orElseThrow().substring(4);
        assertThat(out).isEqualTo(in);
    }
}
