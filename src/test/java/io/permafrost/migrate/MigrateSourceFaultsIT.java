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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

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
        // Each test uploads its archives: the budget tests need ones of equal size.
        source = new SourceFixture();
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
        return migrate(OptionalLong.empty(), ByteBudget::perHour);
    }

    private int migrate(OptionalLong maxBytesPerHour, LongFunction<ByteBudget> budgets) {
        MigrationRequest request = new MigrationRequest(new SourceEndpoint(URI.create("http://127.0.0.1:"
                + forwarder.port()), "us-east-1", null), SourceFixture.VAULT, false, null, null, "Bulk", 1024 * 1024, 2,
                maxBytesPerHour, work.resolve("state.db"), MigrationRequest.Timings.of(Duration.ofMillis(200),
                Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMillis(400), 6, Duration.ofSeconds(1)));
        return new Migrator(request, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, budgets).run(() -> intake);
    }

    private void assertEverythingCopied() {
        assertThat(intake.archives.keySet()).containsExactlyInAnyOrderElementsOf(source.archives.keySet());
        source.archives.forEach((id, data) -> assertThat(intake.archives.get(id)).as(id).isEqualTo(data));
    }

    @Test
    void aByteFlippedInTransitIsCaughtByTheRangeTreeHashAndThatRangeAloneIsFetchedAgain() {
        source.withArchives(3);
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
        source.withArchives(3);
        forwarder.failNext(3, line -> line.startsWith("POST ") && line.contains("/jobs"), 400, "ThrottlingException");

        assertThat(migrate()).as(out.toString()).isEqualTo(Migrator.COMPLETE);

        assertThat(forwarder.errorsSent).hasValue(3);
        assertEverythingCopied();
        assertThat(source.retrievalJobsByArchive().values()).allMatch(jobs -> jobs == 1);
    }

    @Test
    void unavailableJobOutputIsRetried() {
        source.withArchives(3);
        forwarder.failNext(4, line -> line.contains("/output"), 503, "ServiceUnavailableException");

        assertThat(migrate()).as(out.toString()).isEqualTo(Migrator.COMPLETE);

        assertThat(forwarder.errorsSent).hasValue(4);
        assertEverythingCopied();
    }

    @Test
    void aSourceThatStaysThrottledLeavesArchivesNotDoneAndExitsOne() {
        source.withArchives(3);
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
    void aJobTheSourceKeepsFailingIsStartedAgainThenReportedWithItsReasonAndNeverCountedDone() {
        source.withArchives(3);
        String failing = source.ids().get(1);
        forwarder.failJobsOf(failing, "The archive could not be read.");

        int exit = migrate();

        assertThat(exit).as(out.toString()).isEqualTo(Migrator.INCOMPLETE);
        assertThat(forwarder.jobsReportedFailed).hasValue(3);
        // Each failed job was given up and a new one started: three attempts, three jobs on the source.
        assertThat(source.retrievalJobsByArchive()).containsEntry(failing, 3);
        assertThat(intake.archives).doesNotContainKey(failing).hasSize(source.archives.size() - 1);
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(report).contains("copied " + (source.archives.size() - 1), "not copied 1 (1 failed)");
        assertThat(report).containsPattern("FAILED " + java.util.regex.Pattern.quote(failing)
                + ": job \\S+ failed on the source: The archive could not be read\\.");
    }

    @Test
    void aJobThatFailsOnceIsStartedAgainAndTheArchiveCopied() {
        source.withArchives(3);
        String failing = source.ids().get(0);
        forwarder.onRetrievalStarted(archiveId -> {
            if (archiveId.equals(failing) && forwarder.jobsReportedFailed.get() > 0) {
                forwarder.failJobsOf(null, null); // the source recovered: its second job succeeds
            }
        });
        forwarder.failJobsOf(failing, "The archive could not be read.");

        assertThat(migrate()).as(out.toString()).isEqualTo(Migrator.COMPLETE);

        assertThat(source.retrievalJobsByArchive()).containsEntry(failing, 2);
        assertEverythingCopied();
    }

    /**
     * A real source's own Failed job: the archive is deleted on the source (as after an inventory a day old) while
     * its retrieval job runs, so the source fails the job ("The archive was deleted."); the next InitiateJob is
     * refused (ResourceNotFoundException). That archive is reported, the others are still copied.
     */
    @Test
    void anArchiveDeletedOnTheSourceWhileItsJobRunsIsReportedGoneAndTheOthersAreCopied() {
        source.withArchives(3);
        String deleted = source.ids().get(0);
        forwarder.onRetrievalStarted(archiveId -> {
            if (archiveId.equals(deleted)) {
                source.glacier.deleteArchive(b -> b.accountId("-").vaultName(SourceFixture.VAULT).archiveId(deleted));
            }
        });

        int exit = migrate();

        assertThat(exit).as(out.toString() + err).isEqualTo(Migrator.INCOMPLETE);
        assertThat(source.retrievalJobsByArchive()).containsEntry(deleted, 1);
        assertThat(intake.archives).doesNotContainKey(deleted).hasSize(source.archives.size() - 1);
        assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("FAILED "
                + java.util.regex.Pattern.quote(deleted) + ": the source no longer has this archive \\(deleted after "
                + "the inventory was taken\\?\\): ResourceNotFoundException .*; its last job: job \\S+ failed on the "
                + "source: The archive was deleted\\.");
    }

    @Test
    void theSourcesBytesPerHourPolicyBoundsTheRetrievalsStartedBelowAUserBudgetThatIsLarger() {
        setSourceBytesPerHour(25_000);
        assertRetrievalsStayWithin(25_000, OptionalLong.of(1L << 30));
    }

    @Test
    void theUsersBudgetBoundsTheRetrievalsStartedBelowASourcePolicyThatIsLarger() {
        setSourceBytesPerHour(1L << 30);
        assertRetrievalsStayWithin(25_000, OptionalLong.of(25_000));
    }

    private void setSourceBytesPerHour(long bytes) {
        source.glacier.setDataRetrievalPolicy(b -> b.accountId("-").policy(p -> p.rules(r -> r
                .strategy("BytesPerHour").bytesPerHour(bytes))));
    }

    /**
     * Six 10,000-byte archives under a budget of {@code bytesPerHour} (25,000): the budget's clock is the test's,
     * moved on only by the budget's own waits, so hours pass in no time. Whenever a retrieval starts, the bytes
     * started so far are at most an hour's budget plus what the time waited earned.
     */
    private void assertRetrievalsStayWithin(long bytesPerHour, OptionalLong userBudget) {
        int archives = 6;
        long size = 10_000;
        for (int i = 0; i < archives; i++) {
            source.upload(new byte[(int) size], "equal " + i);
        }
        AtomicLong budgetNanos = new AtomicLong();
        Map<String, Long> startedAtNanos = new ConcurrentHashMap<>();
        forwarder.onRetrievalStarted(archiveId -> startedAtNanos.put(archiveId, budgetNanos.get()));

        int exit = migrate(userBudget, limit -> new ByteBudget(limit, budgetNanos::get, budgetNanos::addAndGet));

        assertThat(exit).as(out.toString()).isEqualTo(Migrator.COMPLETE);
        assertEverythingCopied();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("migrate: retrieving at most 24.4 KiB per hour");
        List<Long> starts = startedAtNanos.values().stream().sorted().toList();
        assertThat(starts).hasSize(archives);
        double nanosPerHour = Duration.ofHours(1).toNanos();
        for (int i = 0; i < starts.size(); i++) {
            long startedBytes = (i + 1) * size;
            double earned = bytesPerHour + bytesPerHour * (starts.get(i) / nanosPerHour);
            assertThat((double) startedBytes).as("bytes started by retrieval %d", i + 1).isLessThanOrEqualTo(earned + 1);
        }
        // An hour's budget at once (two archives), the other four as the budget refills: 1.6 hours of waiting.
        assertThat(starts.stream().filter(t -> t == 0)).hasSize(2);
        assertThat(starts.get(archives - 1) / nanosPerHour).isGreaterThanOrEqualTo((archives * size - bytesPerHour)
                / (double) bytesPerHour - 1e-6);
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
