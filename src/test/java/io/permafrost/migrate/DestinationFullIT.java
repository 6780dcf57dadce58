package io.permafrost.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.permafrost.cli.ArchiveIntakes;
import io.permafrost.glacier.TreeHash;
import io.permafrost.testing.CapturedLog;
import io.permafrost.testing.CommandRun;
import io.permafrost.testing.EmbeddedOnly;
import io.permafrost.testing.GlacierErrorAssertions;
import io.permafrost.testing.SmallFilesystem;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.DescribeVaultResponse;

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
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Issue 11, "destination full": the destination's data directory is on a small filesystem that really fills (ENOSPC
 * from the kernel, no fault injection): a tmpfs, and a loop-mounted ext4 where blobs go out with direct I/O. It
 * fills in the middle of an archive's blob, in the middle of a metadata commit (SQLite's WAL cannot grow), before
 * the vault is created, and under {@code permafrost import}. Each time the run stops with STORE_FULL and exit 3,
 * what the destination shows is exactly what was committed, a client's UploadArchive meanwhile gets a 503 saying
 * the store is out of space, and once there is room the same command resumes without retrieving anything committed
 * again. Mounting needs root: without it each test is skipped, saying why.
 */
@EmbeddedOnly("the destination's data directory is on a small filesystem of its own")
class DestinationFullIT {
    private static final int MIB = 1024 * 1024;
    private static final String VAULT = SourceFixture.VAULT;

    @TempDir
    Path work;
    private SmallFilesystem disk;
    private SourceFixture source;
    private FaultyForwarder forwarder;
    private TestServer destination;
    private TickingClock destinationClock;
    private GlacierClient client;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** The destination on a tmpfs of {@code bytes}: the filesystem most tests fill (no direct I/O there). */
    private void startOnTmpfs(long bytes) throws Exception {
        start(SmallFilesystem.mount(work.resolve("disk"), bytes));
    }

    private void start(SmallFilesystem filesystem) throws Exception {
        disk = filesystem;
        Path data = Files.createDirectories(disk.root().resolve("data"));
        source = new SourceFixture();
        // Counts the GetJobOutput calls of each run; it passes everything else unchanged.
        forwarder = new FaultyForwarder(source.server.port());
        destination = TestServer.embeddedIn(data);
        // The intake refuses creation dates in the destination's future: its clock runs with the source's.
        destinationClock = new TickingClock(destination.clock());
        client = destination.client();
    }

    @AfterEach
    void stop() throws Exception {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        try {
            if (disk != null) {
                // Room again before the server closes: it saves its compliance clock on the way out.
                disk.removeBallast();
            }
            // Closed in reverse order: the destination's clock and server, then the forwarder and the source.
            try (AutoCloseable sourceServer = source; AutoCloseable proxy = forwarder; AutoCloseable server = destination;
                 AutoCloseable ticking = destinationClock) {
                // nothing more to do: each is closed on the way out, even when another fails
            }
        } finally {
            if (disk != null) {
                disk.close();
            }
        }
    }

    @Test
    void aDiskThatFillsDuringAnArchiveStopsWithStoreFullShowsOnlyWhatWasCommittedAndTheSameCommandResumes()
            throws Exception {
        startOnTmpfs(32L * MIB);
        fillsDuringALargeArchiveThenResumes();
    }

    /**
     * The same on ext4, where the server writes blobs with direct I/O (aligned buffers written on a background
     * thread) and its fsyncs reach a device: the ENOSPC comes back through that path instead.
     */
    @Test
    void onExt4WithDirectIoADiskThatFillsDuringAnArchiveIsTheSameCleanStopAndResume() throws Exception {
        try (CapturedLog blobStore = new CapturedLog("io.permafrost.store.embedded.FileBlobStore")) {
            start(SmallFilesystem.ext4(work.resolve("disk"), work.resolve("disk.img"), 48L * MIB));
            assertThat(blobStore.messages()).anyMatch(line -> line.contains("written with direct I/O"));
        }
        fillsDuringALargeArchiveThenResumes();
    }

    private void fillsDuringALargeArchiveThenResumes() throws Exception {
        List<String> before = uploadSmall(3, 20_000);
        String large = upload(randomBytes(6 * MIB, 7), "too large for what is left");
        List<String> after = uploadSmall(1, 10_000);
        // Room for the small ones, not for the large one: its blob fills the disk half way through.
        disk.fillLeaving(2L * MIB);

        int firstRun = migrate();

        assertThat(firstRun).as(log()).isEqualTo(Migrator.DESTINATION_REFUSED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("permafrost migrate: STOPPED: ", "STORE_FULL")
                .doesNotContain("UNAVAILABLE");
        Set<String> committed = committedInState();
        assertThat(committed).containsExactlyInAnyOrderElementsOf(before);
        assertNothingPartial(committed);
        // A client meanwhile: a 503 saying why, nothing acknowledged, nothing half-written left behind.
        byte[] body = randomBytes(4 * MIB, 8);
        GlacierErrorAssertions.assertGlacierError(() -> client.uploadArchive(b -> b.accountId("-").vaultName(VAULT)
                .checksum(TreeHash.of(body)), RequestBody.fromBytes(body)), "ServiceUnavailableException", 503,
                "The store is out of space: nothing was stored. Try again once space has been freed.");
        assertNothingPartial(committed);

        disk.removeBallast();
        assertThat(Restores.inventory(client, VAULT)).isEqualTo(sourceInventoryOf(committed));
        Map<String, Integer> jobsBefore = source.retrievalJobsByArchive();
        int outputsBefore = forwarder.outputRequests.get();

        int secondRun = migrate();

        assertThat(secondRun).as(log()).isEqualTo(Migrator.COMPLETE);
        Map<String, Integer> jobs = source.retrievalJobsByArchive();
        for (String id : committed) {
            assertThat(jobs.get(id)).as("retrieval jobs of %s, committed before the disk filled", id).isEqualTo(1);
        }
        // The large archive's job of the first run is reused; only the one never reached gets its first job.
        assertThat(jobs.get(large)).isEqualTo(jobsBefore.get(large)).isEqualTo(1);
        assertThat(jobs.get(after.get(0))).isEqualTo(1);
        // No inventory again, nothing committed again: six 1 MiB ranges of the large archive and the last small one.
        assertThat(forwarder.outputRequests.get() - outputsBefore).isEqualTo(6 + 1);
        assertEverythingArrived();
    }

    @Test
    void aDiskThatFillsDuringAMetadataCommitStopsWithStoreFullShowsOnlyWhatWasCommittedAndTheSameCommandResumes()
            throws Exception {
        startOnTmpfs(32L * MIB);
        // Small archives only: each is one SQLite commit (its bytes in the archive's own savepoint), no blob file.
        List<String> ids = uploadSmall(12, 40_000);
        client.createVault(b -> b.accountId("-").vaultName(VAULT));
        // The WAL starts empty and can only grow into what is left: a few commits fit, then SQLite reports SQLITE_FULL.
        truncateDestinationWal();
        disk.fillLeaving(160 * 1024);

        int firstRun = migrate();

        assertThat(firstRun).as(log()).isEqualTo(Migrator.DESTINATION_REFUSED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("permafrost migrate: STOPPED: ", "STORE_FULL")
                .doesNotContain("UNAVAILABLE");
        Set<String> committed = committedInState();
        // Stopped in the middle: some commits went in before the WAL could grow no further, not all of them.
        assertThat(committed).isNotEmpty().hasSizeLessThan(ids.size());
        assertNothingPartial(committed);
        byte[] body = randomBytes(30_000, 9);
        GlacierErrorAssertions.assertGlacierError(() -> client.uploadArchive(b -> b.accountId("-").vaultName(VAULT)
                .checksum(TreeHash.of(body)), RequestBody.fromBytes(body)), "ServiceUnavailableException", 503,
                "The store is out of space: nothing was stored. Try again once space has been freed.");
        assertNothingPartial(committed);

        // The operator gives the filesystem more room; the server keeps running on it.
        disk.growTo(64L * MIB);
        assertThat(Restores.inventory(client, VAULT)).isEqualTo(sourceInventoryOf(committed));

        int secondRun = migrate();

        assertThat(secondRun).as(log()).isEqualTo(Migrator.COMPLETE);
        Map<String, Integer> jobs = source.retrievalJobsByArchive();
        for (String id : committed) {
            assertThat(jobs.get(id)).as("retrieval jobs of %s, committed before the disk filled", id).isEqualTo(1);
        }
        assertEverythingArrived();
    }

    @Test
    void aDiskAlreadyFullWhenTheVaultIsToBeCreatedStopsWithStoreFullBeforeAnyRetrievalAndTheSameCommandResumes()
            throws Exception {
        startOnTmpfs(32L * MIB);
        uploadSmall(2, 1_000);
        truncateDestinationWal();
        disk.fillLeaving(0);

        int firstRun = migrate();

        // The vault's creation is a metadata commit too: refused as full, not as a destination that went away.
        assertThat(firstRun).as(log()).isEqualTo(Migrator.DESTINATION_REFUSED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("permafrost migrate: STOPPED: ", "STORE_FULL")
                .doesNotContain("UNAVAILABLE");
        assertThat(client.listVaults(b -> b.accountId("-")).vaultList()).isEmpty();
        assertThat(source.retrievalJobsByArchive()).isEmpty();

        disk.removeBallast();
        int secondRun = migrate();

        assertThat(secondRun).as(log()).isEqualTo(Migrator.COMPLETE);
        assertThat(source.retrievalJobsByArchive().values()).containsOnly(1);
        assertEverythingArrived();
    }

    /**
     * {@code permafrost import} shares the intake: its metadata commit refused for lack of space is the same stop
     * (STORE_FULL, exit 3, nothing partial), and the same command finishes once there is room.
     */
    @Test
    void anImportWhoseMetadataCommitFindsTheDiskFullStopsWithExitThreeAndTheSameCommandFinishes() throws Exception {
        startOnTmpfs(32L * MIB);
        uploadSmall(12, 40_000);
        Path export = work.resolve("export");
        CommandRun exported = CommandRun.of("export", "--vault", VAULT, "--data", source.server.dataDir().toString(),
                "--out", export.toString());
        assertThat(exported.exitCode()).as(exported.output()).isZero();
        client.createVault(b -> b.accountId("-").vaultName(VAULT));
        truncateDestinationWal();
        disk.fillLeaving(160 * 1024);
        String[] importCommand = {"import", "--vault", VAULT, "--account", TestServer.ACCOUNT, "--data",
                destination.dataDir().toString(), "--in", export.toString()};

        CommandRun first = CommandRun.of(importCommand);

        assertThat(first.exitCode()).as(first.output()).isEqualTo(3);
        assertThat(first.output()).contains("STOPPED: STORE_FULL");
        Set<String> imported = archivesInDestination();
        assertThat(imported).isNotEmpty().hasSizeLessThan(source.archives.size());
        assertNothingPartial(imported);

        disk.growTo(64L * MIB);
        assertThat(Restores.inventory(client, VAULT)).isEqualTo(sourceInventoryOf(imported));
        CommandRun second = CommandRun.of(importCommand);

        assertThat(second.exitCode()).as(second.output()).isZero();
        assertEverythingArrived();
    }

    /** The destination shows exactly the committed archives: counts, sizes, and no temp blob left. */
    private void assertNothingPartial(Set<String> committed) throws Exception {
        long bytes = committed.stream().mapToLong(id -> source.archives.get(id).length).sum();
        DescribeVaultResponse vault = client.describeVault(b -> b.accountId("-").vaultName(VAULT));
        assertThat(vault.numberOfArchives()).isEqualTo(committed.size());
        assertThat(vault.sizeInBytes()).isEqualTo(bytes);
        assertThat(client.listVaults(b -> b.accountId("-")).vaultList())
                .anySatisfy(v -> assertThat(v.numberOfArchives()).isEqualTo(committed.size()));
        assertThat(destination.tempBlobFileCount()).as("temp blobs left in the data directory").isZero();
    }

    private void assertEverythingArrived() {
        assertThat(Restores.inventory(client, VAULT)).isEqualTo(Restores.inventory(source.glacier, VAULT))
                .hasSize(source.archives.size());
        source.archives.forEach((id, data) -> assertThat(Restores.archive(client, VAULT, id)).as(id).isEqualTo(data));
    }

    private Map<String, String> sourceInventoryOf(Set<String> ids) {
        Map<String, String> all = Restores.inventory(source.glacier, VAULT);
        Map<String, String> those = new TreeMap<>(all);
        those.keySet().retainAll(ids);
        return those;
    }

    private int migrate() {
        System.setProperty("aws.accessKeyId", TestServer.ROOT_KEY);
        System.setProperty("aws.secretAccessKey", TestServer.ROOT_SECRET);
        // One archive at a time, in inventory order: the disk fills at a known archive.
        MigrationRequest request = new MigrationRequest(new SourceEndpoint(URI.create("http://127.0.0.1:"
                + forwarder.port()), "us-east-1", null), VAULT, false, null, TestServer.ACCOUNT, "Bulk", MIB, 1,
                OptionalLong.empty(), work.resolve("state.db"), MigrationRequest.Timings.of(Duration.ofMillis(200),
                Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(1), 6, Duration.ofSeconds(1)));
        return new Migrator(request, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false)
                .run(() -> ArchiveIntakes.open(destination.storageTarget()));
    }

    private String log() {
        return out.toString(StandardCharsets.UTF_8) + "\n" + err.toString(StandardCharsets.UTF_8);
    }

    /** {@code count} archives of about {@code bytes} each, uploaded one after the other (the inventory's order). */
    private List<String> uploadSmall(int count, int bytes) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(upload(randomBytes(bytes + i, source.archives.size()), "small " + source.archives.size()));
        }
        return ids;
    }

    private String upload(byte[] data, String description) throws InterruptedException {
        String id = source.upload(data, description);
        // Past the source clock's next tick: creation dates differ, so the inventory lists them in upload order.
        Thread.sleep(120);
        return id;
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private void truncateDestinationWal() throws Exception {
        try (Connection db = destination.metadataConnection(); Statement st = db.createStatement()) {
            st.execute("PRAGMA busy_timeout=10000");
            try (ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("the checkpoint was not blocked").isZero();
            }
        }
        assertThat(Files.size(destination.dataDir().resolve("metadata.db-wal"))).isZero();
    }

    /** What the destination's metadata holds, read behind the server's back: what an import committed. */
    private Set<String> archivesInDestination() throws Exception {
        try (Connection db = destination.metadataConnection(); Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM archives")) {
            Set<String> ids = new HashSet<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        }
    }

    private Set<String> committedInState() throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + work.resolve("state.db").toAbsolutePath());
             Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT archive_id FROM archives WHERE state = 'committed'")) {
            Set<String> ids = new HashSet<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        }
    }
}
