package io.permafrost.it;

import io.permafrost.testing.EmbeddedOnly;
import io.permafrost.testing.Eventually;
import io.permafrost.testing.ServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glacier.GlacierClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * logrotate's way: rename the access log, send the server SIGHUP, and the next request's line is in a new
 * file of the configured name while the renamed one keeps what came before. A real server process, since
 * the signal goes to a process (without the handler the JVM would shut down on SIGHUP).
 */
@EmbeddedOnly("signals a server process of its own; the access log is the same on either backend")
class AccessLogRotationIT {
    private static final String[] QUICK_START = {"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"};

    @TempDir
    Path dir;
    private ServerProcess server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void sighupAfterARenameStartsANewFile() throws Exception {
        Path log = dir.resolve("access.log");
        Path rotated = dir.resolve("access.log.1");
        server = ServerProcess.start(dir.resolve("data"), List.of("--access-log", log.toString()), Map.of(), "256m",
                QUICK_START);
        GlacierClient client = server.client();
        client.createVault(b -> b.accountId("-").vaultName("before-rotation"));
        Eventually.value(() -> lines(log), l -> l.size() == 1);

        Files.move(log, rotated);
        hangUp(server.pid());
        // The reopen creates the file anew (the server's INFO line about it is not in a test's log).
        Eventually.value(() -> Files.exists(log), Boolean::booleanValue);
        client.createVault(b -> b.accountId("-").vaultName("after-rotation"));

        List<String> fresh = Eventually.value(() -> lines(log), l -> l.size() == 1);
        assertThat(fresh.get(0)).contains("\"operation\":\"CreateVault\"").contains("\"vault\":\"after-rotation\"");
        List<String> old = lines(rotated);
        assertThat(old).hasSize(1);
        assertThat(old.get(0)).contains("\"vault\":\"before-rotation\"");
        assertThat(server.isAlive()).isTrue();
    }

    private static void hangUp(long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -HUP exit status").isZero();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
