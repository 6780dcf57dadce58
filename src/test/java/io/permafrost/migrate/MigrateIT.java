package io.permafrost.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.permafrost.cli.ArchiveIntakes;
import io.permafrost.testing.EmbeddedOnly;
import io.permafrost.testing.ServerProcess;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.GetVaultLockResponse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Issue 11 item 1 end to end: {@code permafrost migrate} between two real Permafrost servers, the source with jobs
 * that take a second, into the destination's real intake while the destination serves.
 */
class MigrateIT {
    private SourceFixture source;
    private TestServer destination;
    private TickingClock destinationClock;
    private GlacierClient restoreClient;
    @TempDir
    Path work;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        source = new SourceFixture();
        destination = new TestServer();
        // The intake refuses creation dates in the destination's future: its clock runs with the source's.
        destinationClock = new TickingClock(destination.clock());
        restoreClient = destination.client();
    }

    @AfterEach
    void stop() throws Exception {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        destinationClock.close();
        destination.close();
        source.close();
    }

    private int migrateInProcess() {
        return migrateInProcess(null);
    }

    private int migrateInProcess(String toVault) {
        return migrateInProcess(SourceFixture.VAULT, false, toVault);
    }

    private int migrateInProcess(String vault, boolean allVaults, String toVault) {
        System.setProperty("aws.accessKeyId", TestServer.ROOT_KEY);
        System.setProperty("aws.secretAccessKey", TestServer.ROOT_SECRET);
        MigrationRequest request = new MigrationRequest(new SourceEndpoint(source.server.endpoint(), "us-east-1", null),
                // Named: an in-process intake on a cluster does not know the server's accounts (see --to-account).
                vault, allVaults, toVault, TestServer.ACCOUNT, "Bulk", 1024 * 1024, 2, OptionalLong.empty(),
                work.resolve("state.db"), MigrationRequest.Timings.of(Duration.ofMillis(200), Duration.ofSeconds(1),
                Duration.ofMillis(100), Duration.ofSeconds(1), 6, Duration.ofSeconds(1)));
        return new Migrator(request, new PrintStream(out, true, StandardCharsets.UTF_8), System.err, false)
                .run(() -> ArchiveIntakes.open(destination.storageTarget()));
    }

    @Test
    void everyArchiveArrivesWithItsIdDateDescriptionAndTreeHashAndReadsBackByIdWithTheSameClientCode()
            throws Exception {
        source.withArchives(4).withSettings();

        assertThat(migrateInProcess()).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(Migrator.COMPLETE);

        assertThat(Restores.inventory(restoreClient, SourceFixture.VAULT))
                .isEqualTo(Restores.inventory(source.glacier, SourceFixture.VAULT)).hasSize(5);
        for (String id : source.ids()) {
            assertThat(Restores.archive(restoreClient, SourceFixture.VAULT, id)).as(id).isEqualTo(source.archives.get(id));
        }
        String multipart = source.ids().get(source.ids().size() - 1);
        assertThat(Restores.archive(restoreClient, SourceFixture.VAULT, multipart))
                .isEqualTo(Restores.archive(source.glacier, SourceFixture.VAULT, multipart));
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(report).contains("inventory 5 archives", "copied 5", "already present 0", "not copied 0");
        assertThat(Files.readString(work.resolve("state.db.report.json"))).contains("\"complete\" : true");
    }

    @Test
    void settingsAreCopiedAndALockedSourceLockIsReCreatedInProgressForTheUserToComplete() {
        source.withArchives(1).withSettings();

        assertThat(migrateInProcess()).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(Migrator.COMPLETE);

        String vault = SourceFixture.VAULT;
        assertThat(restoreClient.listTagsForVault(b -> b.accountId("-").vaultName(vault)).tags())
                .isEqualTo(SourceFixture.TAGS);
        assertThat(restoreClient.getVaultAccessPolicy(b -> b.accountId("-").vaultName(vault)).policy().policy())
                .isEqualTo(source.glacier.getVaultAccessPolicy(b -> b.accountId("-").vaultName(vault)).policy().policy());
        var notifications = restoreClient.getVaultNotifications(b -> b.accountId("-").vaultName(vault))
                .vaultNotificationConfig();
        assertThat(notifications.snsTopic()).isEqualTo(SourceFixture.TOPIC);
        assertThat(notifications.events()).containsExactlyInAnyOrder("ArchiveRetrievalCompleted",
                "InventoryRetrievalCompleted");
        GetVaultLockResponse lock = restoreClient.getVaultLock(b -> b.accountId("-").vaultName(vault));
        assertThat(lock.state()).isEqualTo("InProgress");
        assertThat(lock.policy()).isEqualTo(source.glacier.getVaultLock(b -> b.accountId("-").vaultName(vault)).policy());
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("the source's Locked vault lock was re-created as "
                + "InProgress with lock id ", "complete it with complete-vault-lock");
    }

    /**
     * Into a vault of another name the source's policies would name the source vault's ARN and so, once the user
     * completed the lock, protect nothing: the ARN is rewritten, and the completed lock denies here what it denied there.
     */
    @Test
    void aLockReCreatedUnderAnotherNameNamesTheDestinationVaultAndOnceCompletedDeniesWhatTheSourceDenied() {
        source.withArchives(1).withSettings();
        String copy = "family-archive-copy";

        assertThat(migrateInProcess(copy)).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(Migrator.COMPLETE);

        String destinationArn = "arn:aws:glacier:us-east-1:" + TestServer.ACCOUNT + ":vaults/" + copy;
        GetVaultLockResponse lock = restoreClient.getVaultLock(b -> b.accountId("-").vaultName(copy));
        assertThat(lock.policy()).contains("\"Resource\":\"" + destinationArn + "\"").doesNotContain(":vaults/"
                + SourceFixture.VAULT + "\"");
        assertThat(restoreClient.getVaultAccessPolicy(b -> b.accountId("-").vaultName(copy)).policy().policy())
                .contains("\"Resource\":\"" + destinationArn + "\"");
        java.util.regex.Matcher lockId = java.util.regex.Pattern.compile("with lock id ([A-Za-z0-9_-]+)")
                .matcher(out.toString(StandardCharsets.UTF_8));
        assertThat(lockId.find()).as(out.toString(StandardCharsets.UTF_8)).isTrue();
        restoreClient.completeVaultLock(b -> b.accountId("-").vaultName(copy).lockId(lockId.group(1)));

        String young = source.ids().get(0);
        assertThatThrownBy(() -> restoreClient.deleteArchive(b -> b.accountId("-").vaultName(copy).archiveId(young)))
                .isInstanceOfSatisfying(software.amazon.awssdk.services.glacier.model.GlacierException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
    }

    @Test
    void allVaultsCopiesEveryVaultOfTheSourceAccountEachUnderItsOwnName() {
        source.withArchives(1);
        String second = "second-vault";
        source.glacier.createVault(b -> b.accountId("-").vaultName(second));
        byte[] data = "in the second vault".getBytes(StandardCharsets.UTF_8);
        String inSecond = source.glacier.uploadArchive(b -> b.accountId("-").vaultName(second)
                .checksum(io.permafrost.glacier.TreeHash.of(data)),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(data)).archiveId();

        assertThat(migrateInProcess(null, true, null)).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(Migrator.COMPLETE);

        assertThat(restoreClient.listVaults(b -> b.accountId("-")).vaultList()).extracting(v -> v.vaultName())
                .contains(SourceFixture.VAULT, second);
        assertThat(Restores.archive(restoreClient, second, inSecond)).isEqualTo(data);
        assertThat(Restores.inventory(restoreClient, SourceFixture.VAULT).keySet())
                .containsExactlyInAnyOrderElementsOf(source.archives.keySet());
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("vault " + second + " -> " + second
                + ": inventory 1 archives");
    }

    @Test
    void aSecondRunFindsEverythingDoneAndRetrievesNothingAgain() {
        source.withArchives(2);
        assertThat(migrateInProcess()).isEqualTo(Migrator.COMPLETE);
        Map<String, Integer> jobsAfterFirstRun = source.retrievalJobsByArchive();

        assertThat(migrateInProcess()).isEqualTo(Migrator.COMPLETE);

        assertThat(source.retrievalJobsByArchive()).isEqualTo(jobsAfterFirstRun);
        assertThat(jobsAfterFirstRun.values()).containsOnly(1);
    }

    @Test
    @EmbeddedOnly("the migrator JVM names the destination by --data; a test cluster's own schema has no flag")
    void killedMidWayAndRunAgainItRetrievesNothingCommittedTwiceAndMissesNothing() throws Exception {
        source.withArchives(7);
        Path state = work.resolve("state.db");

        Process first = startMigratorJvm(state);
        Set<String> committedBeforeKill = awaitCommitted(state, 3, first);
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).isEqualTo(ServerProcess.KILLED_BY_SIGKILL);
        committedBeforeKill = committed(state);
        assertThat(committedBeforeKill).hasSizeLessThan(source.archives.size());

        Process second = startMigratorJvm(state);
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).as(Files.readString(work.resolve("migrator.log"))).isEqualTo(0);

        Map<String, Integer> jobs = source.retrievalJobsByArchive();
        for (String id : committedBeforeKill) {
            assertThat(jobs.get(id)).as("retrievals of %s, committed before the kill", id).isEqualTo(1);
        }
        // Only the archive whose job was being started at the kill may have a second job.
        assertThat(jobs.values().stream().mapToInt(Integer::intValue).sum()).isLessThanOrEqualTo(source.archives.size() + 1);
        assertThat(Restores.inventory(restoreClient, SourceFixture.VAULT).keySet())
                .containsExactlyInAnyOrderElementsOf(source.archives.keySet());
        String last = source.ids().get(source.ids().size() - 1);
        assertThat(Restores.archive(restoreClient, SourceFixture.VAULT, last)).isEqualTo(source.archives.get(last));
    }

    private Process startMigratorJvm(Path state) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", ServerProcess.testClassPath(),
                "io.permafrost.cli.Main", "migrate", "--from-endpoint", source.server.endpoint().toString(),
                "--from-region", "us-east-1", "--vault", SourceFixture.VAULT, "--data", destination.dataDir().toString(),
                "--state", state.toString(), "--concurrency", "1", "--range-size", "1MiB", "--poll-interval", "200ms",
                "--max-poll-interval", "1s", "--retry-delay", "100ms", "--progress-every", "1s"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("migrator.log").toFile()));
        builder.environment().put("AWS_ACCESS_KEY_ID", TestServer.ROOT_KEY);
        builder.environment().put("AWS_SECRET_ACCESS_KEY", TestServer.ROOT_SECRET);
        return builder.start();
    }

    /** Waits (reading the migrator's state file as it writes it) until {@code count} archives are committed. */
    private Set<String> awaitCommitted(Path state, int count, Process migrator) throws Exception {
        while (true) {
            assertThat(migrator.isAlive()).as("the migrator ended before the kill: "
                    + (Files.exists(work.resolve("migrator.log")) ? Files.readString(work.resolve("migrator.log")) : "")).isTrue();
            Set<String> committed = Files.exists(state) ? committed(state) : Set.of();
            if (committed.size() >= count) {
                return committed;
            }
            Thread.sleep(50);
        }
    }

    private static Set<String> committed(Path state) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + state.toAbsolutePath());
             Statement st = db.createStatement()) {
            st.execute("PRAGMA busy_timeout=10000");
            Set<String> ids = new HashSet<>();
            try (ResultSet rs = st.executeQuery("SELECT archive_id FROM archives WHERE state = 'committed'")) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        } catch (java.sql.SQLException e) {
            // The migrator is still creating its tables.
            return Set.of();
        }
    }
}
