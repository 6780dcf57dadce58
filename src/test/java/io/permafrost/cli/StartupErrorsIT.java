package io.permafrost.cli;

import io.permafrost.testing.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way {@code serve} can fail to start ends with one line on stderr that names the setting,
 * a non-zero exit code and no Java stack trace (issue 8, item 8d). Each case runs the real command
 * in its own JVM, environment included.
 */
class StartupErrorsIT {
    @TempDir
    Path dir;

    @Test
    void aKeyIdInTheEnvironmentAndInTheConfigFile() throws Exception {
        Path config = config("""
                {"accounts": [{"id": "444455556666",
                  "rootKeys": [{"accessKeyId": "%s", "secretAccessKey": "other"}]}]}""".formatted(ServerProcess.KEY));
        assertOneLineFailure(serve("--config", config.toString()), ServerProcess.KEY, "PERMAFROST_ACCESS_KEY_ID",
                "arn:aws:iam::444455556666:root");
    }

    @Test
    void aConfigFileThatIsNotJson() throws Exception {
        Path config = config("{\"port\": 8700,\n  lockExpiry: \"2m\"}");
        assertOneLineFailure(serve("--config", config.toString()), "--config", "not valid JSON", "line 2");
    }

    @Test
    void aConfigFileThatDoesNotExist() throws Exception {
        assertOneLineFailure(serve("--config", dir.resolve("missing.json").toString()), "--config", "missing.json");
    }

    @Test
    void aMisspeltConfigMember() throws Exception {
        Path config = config("{\"lockExpirey\": \"2m\"}");
        assertOneLineFailure(serve("--config", config.toString()), "unknown member \"lockExpirey\"", "lockExpiry");
    }

    @Test
    void aBadDurationFlag() throws Exception {
        assertOneLineFailure(serve("--lock-expiry", "soon"), "--lock-expiry", "'soon'");
    }

    @Test
    void aBadDurationInTheConfigFile() throws Exception {
        Path config = config("{\"jobs\": {\"retention\": \"a while\"}}");
        assertOneLineFailure(serve("--config", config.toString()), "jobs.retention", "'a while'");
    }

    @Test
    void aPortThatIsNotANumberInTheConfigFile() throws Exception {
        Path config = config("{\"port\": \"http\"}");
        // No --port flag here: it would win over the file.
        List<String> args = List.of("serve", "--data", dir.resolve("data").toString(), "--config", config.toString());
        assertOneLineFailure(ServerProcess.run(args, Map.of()), "config: port", "\"http\"");
    }

    @Test
    void aDataDirectoryThatIsAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        assertOneLineFailure(ServerProcess.run(List.of("serve", "--port", "0", "--data", file.toString()), Map.of()),
                "--data", "not a directory");
    }

    @Test
    void aPortInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<String> args = List.of("serve", "--data", dir.resolve("data").toString(),
                    "--port", Integer.toString(taken.getLocalPort()));
            assertOneLineFailure(ServerProcess.run(args, Map.of()), "--port " + taken.getLocalPort(), "cannot listen");
        }
    }

    @Test
    void aTlsKeyStoreThatIsNotOne() throws Exception {
        Path keyStore = Files.writeString(dir.resolve("server.p12"), "not a key store");
        assertOneLineFailure(serve("--tls-keystore", keyStore.toString()), "--tls-keystore", "server.p12",
                "PERMAFROST_TLS_KEYSTORE_PASSWORD");
    }

    @Test
    void aRegionThatIsNotOne() throws Exception {
        assertOneLineFailure(serve("--region", "us-east-1:evil"), "--region", "'us-east-1:evil'");
    }

    private Path config(String json) throws Exception {
        return Files.writeString(dir.resolve("config.json"), json);
    }

    private ServerProcess.Exit serve(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("serve", "--port", "0", "--data", dir.resolve("data").toString()));
        command.addAll(List.of(args));
        return ServerProcess.run(command, Map.of());
    }

    private static void assertOneLineFailure(ServerProcess.Exit exit, String... fragments) {
        assertThat(exit.serving()).as("the server started serving; stderr: %s", exit.stderr()).isFalse();
        assertThat(exit.code()).as("exit code; stderr: %s", exit.stderr()).isNotZero();
        assertThat(exit.stderr().strip()).as("stderr")
                .doesNotContain("\n").doesNotContain("Exception").doesNotContain("at io.permafrost")
                .startsWith("permafrost serve: ").contains(fragments);
    }
}
