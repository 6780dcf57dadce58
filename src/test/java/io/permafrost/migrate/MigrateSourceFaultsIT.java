package io.permafrost.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.permafrost.testing.ServerProcess;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The source side of {@code permafrost migrate} against a real source server behind a forwarder that misbehaves:
 * a flipped byte in one job output, throttling, 503s, wrong credentials. The destination here is a verifying test
 * double (the end-to-end tests, MigrateIT, use the real intake on a real server).
 */
class MigrateSourceFaultsIT {
    private SourceFixture source;
    private FaultyForwarder forwarder;
    private VerifyingIntake intake;
    @TempDir
    Path work;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        source = new SourceFixture().withArchives(3);
        forwarder = new FaultyForwarder(source.server.port());
        intake = new VerifyingIntake();
        // The in-process migrator's source credentials come from the SDK's default chain: system properties first.
        System.setProperty("aws.accessKeyId", TestServer.ROOT_KEY);
        System.setProperty("aws.secretAccessKey", TestServer.ROOT_SECRET);
    }

    @AfterEach
    void stop() throws Exception {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        forwarder.close();
        source.close();
    }

    private int migrate() {
        MigrationRequest request = new MigrationRequest(new SourceEndpoint(URI.create("http://127.0.0.1:"
                + forwarder.port()), "us-east-1", null), SourceFixture.VAULT, false, null, null, "Bulk", 1024 * 1024, 2,
                OptionalLong.empty(), work.resolve("state.db"), MigrationRequest.Timings.of(Duration.ofMillis(200),
                Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMillis(400), 6, Duration.ofSeconds(1)));
        return new Migrator(request, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false).run(() -> intake);
    }

    private void assertEverythingCopied() {
        assertThat(intake.archives.keySet()).containsExactlyInAnyOrderElementsOf(source.archives.keySet());
        source.archives.forEach((id, data) -> assertThat(intake.archives.get(id)).as(id).isEqualTo(data));
    }

    @Test
    void aByteFlippedInTransitIsCaughtByTheRangeTreeHashAndThatRangeAloneIsFetchedAgain() {
        forwarder.corruptOneJobOutput();

        assertThat(migrate()).as(out.toString()).isEqualTo(Migrator.COMPLETE);

        assertThat(forwarder.corrupted).hasValue(1);
        assertEverythingCopied();
        // Caught before the intake saw a byte of it: the intake never had to refuse an archive.
        assertThat(intake.refusals).isEmpty();
        // One inventory, three small archives in one range each, the multipart one in four 1 MiB ranges, one refetch.
        assertThat(forwarder.outputRequests).hasValue(1 + 3 + 4 + 1);
    }

    @Test
    void throttledJobRequestsAreRetriedWithBackoffAndNeverCountedDone() {
        forwarder.failNext(3, line -> line.startsWith("POST ") && line.contains("/jobs"), 400, "ThrottlingException");

        assertThat(migrate()).as(out.toString()).isEqualTo(Migrator.COMPLETE);

        assertThat(forwarder.errorsSent).hasValue(3);
        assertEverythingCopied();
        assertThat(source.retrievalJobsByArchive().values()).allMatch(jobs -> jobs == 1);
    }

    @Test
    void unavailableJobOutputIsRetried() {
        forwarder.failNext(4, line -> line.contains("/output"), 503, "ServiceUnavailableException");

        assertThat(migrate()).as(out.toString()).isEqualTo(Migrator.COMPLETE);

        assertThat(forwarder.errorsSent).hasValue(4);
        assertEverythingCopied();
    }

    @Test
    void aSourceThatStaysThrottledLeavesArchivesNotDoneAndExitsOne() {
        forwarder.failNext(1000, line -> line.startsWith("POST ") && line.contains("/jobs"), 400,
                "ThrottlingException");

        int exit = migrate();

        // Even the inventory job cannot be started: nothing is copied, and nothing is counted as done.
        assertThat(exit).isEqualTo(Migrator.INCOMPLETE);
        assertThat(intake.archives).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("ThrottlingException (400)");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("the inventory is not loaded yet");
    }

    @Test
    void wrongCredentialsGiveOneLineAndExitTwoBeforeAnyWork() throws Exception {
        ServerProcess.Exit exit = ServerProcess.run(List.of("migrate", "--from-endpoint",
                "http://127.0.0.1:" + source.server.port(), "--from-region", "us-east-1", "--vault", SourceFixture.VAULT,
                "--state", work.resolve("state.db").toString(), "--data", work.resolve("no-data").toString()),
                Map.of("AWS_ACCESS_KEY_ID", TestServer.ROOT_KEY, "AWS_SECRET_ACCESS_KEY", "not-the-secret"));

        assertThat(exit.code()).as(exit.stdout() + exit.stderr()).isEqualTo(2);
        assertThat(exit.stderr().strip().lines()).singleElement().asString()
                .startsWith("permafrost migrate: the source http://127.0.0.1:" + source.server.port()
                        + " refused the credentials (InvalidSignatureException");
        assertThat(Files.exists(work.resolve("state.db"))).isFalse();
        assertThat(source.retrievalJobsByArchive()).isEmpty();
    }

    @Test
    void aMissingSourceVaultGivesOneLineAndExitTwo() {
        MigrationRequest request = new MigrationRequest(new SourceEndpoint(URI.create("http://127.0.0.1:"
                + source.server.port()), "us-east-1", null), "no-such-vault", false, null, null, "Bulk", 1024 * 1024, 2,
                OptionalLong.empty(), work.resolve("state.db"), MigrationRequest.Timings.of(Duration.ofMillis(200),
                Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMillis(400), 3, Duration.ofSeconds(1)));
        int exit = new Migrator(request, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false).run(() -> {
                    throw new AssertionError("the intake is opened only once the source is checked");
                });

        assertThat(exit).isEqualTo(Migrator.SOURCE_REFUSED);
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).isEqualTo("permafrost migrate: the source http://127.0.0.1:"
                + source.server.port() + " has no vault no-such-vault");
    }
}
