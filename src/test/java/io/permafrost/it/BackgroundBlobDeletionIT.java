package io.permafrost.it;

import io.permafrost.testing.EmbeddedOnly;
import io.permafrost.testing.GeneratedBody;
import io.permafrost.testing.SequentialParts;
import io.permafrost.testing.ServerProcess;
import io.permafrost.testing.TestServer;
import io.permafrost.vault.BlobDeletionPace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glacier.GlacierClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DeleteArchive is a metadata commit; the archive's blobs are unlinked afterwards, in the background, a
 * few at a time (a 10,000-part archive must not stall other requests while its files go). The commit
 * recorded them as released, so a crash before they are all gone leaves work the next start finishes.
 * The pace here is one blob, then an hour's pause: the background is caught mid-way on purpose.
 */
class BackgroundBlobDeletionIT {
    private static final String VAULT = "background-deletion";
    private static final long MIB = 1024 * 1024;
    private static final int PARTS = 4;
    private static final BlobDeletionPace ONE_THEN_AN_HOUR = new BlobDeletionPace(1, Duration.ofHours(1));

    @TempDir
    Path dataDir;

    @Test
    void deleteArchiveReturnsBeforeItsPartsAreUnlinkedAndTheyGoAfterwards() throws Exception {
        try (TestServer server = new TestServer(List.of(), c -> c.withBlobDeletionPace(ONE_THEN_AN_HOUR))) {
            GlacierClient glacier = server.client();
            glacier.createVault(b -> b.accountId("-").vaultName(VAULT));
            String kept = uploadInParts(glacier, new GeneratedBody(PARTS * MIB, 1));
            String deleted = uploadInParts(glacier, new GeneratedBody(PARTS * MIB, 2));
            long stored = server.blobFileCount();

            glacier.deleteArchive(b -> b.accountId("-").vaultName(VAULT).archiveId(deleted));

            assertThat(server.blobFileCountNow()).as("at most one batch of one part unlinked when the delete returned")
                    .isGreaterThanOrEqualTo(stored - 1);
            // Gone for the API at its commit.
            ExpectedError.of(() -> glacier.initiateJob(b -> b.accountId("-").vaultName(VAULT)
                            .jobParameters(p -> p.type("archive-retrieval").archiveId(deleted))),
                    404, "ResourceNotFoundException");
            // A stop leaves the rest to the deletion queue: the next start (sweep or collector) finishes it.
            server.restart();
            server.runMaintenanceNow();
            assertThat(server.blobFileCountNow()).isEqualTo(stored - PARTS);
            String archive = kept;
            server.client().initiateJob(b -> b.accountId("-").vaultName(VAULT)
                    .jobParameters(p -> p.type("archive-retrieval").archiveId(archive)));
        }
    }

    @EmbeddedOnly("kills a server process and inspects its data directory")
    @Test
    void aKillBetweenTheCommitAndTheUnlinksIsFinishedByTheNextStart() throws Exception {
        Path config = Files.writeString(dataDir.resolveSibling(dataDir.getFileName() + "-config.json"),
                "{\"blobDeletionBatch\": 1, \"blobDeletionPause\": \"1h\"}");
        String kept;
        long stored;
        try (ServerProcess server = ServerProcess.start(dataDir, List.of("--config", config.toString()), Map.of(), "256m")) {
            GlacierClient glacier = server.client();
            glacier.createVault(b -> b.accountId("-").vaultName(VAULT));
            kept = uploadInParts(glacier, new GeneratedBody(PARTS * MIB, 3));
            String deleted = uploadInParts(glacier, new GeneratedBody(PARTS * MIB, 4));
            stored = blobFiles(dataDir);

            glacier.deleteArchive(b -> b.accountId("-").vaultName(VAULT).archiveId(deleted));
            assertThat(blobFiles(dataDir)).as("parts still there when the process dies").isGreaterThanOrEqualTo(stored - 1);
            assertThat(server.kill()).isEqualTo(ServerProcess.KILLED_BY_SIGKILL);
        } finally {
            Files.deleteIfExists(config);
        }
        try (ServerProcess server = ServerProcess.start(dataDir, "256m")) {
            server.awaitStartUpSweep();
            assertThat(blobFiles(dataDir)).as("the released parts, and only they, deleted").isEqualTo(stored - PARTS);
            String archive = kept;
            server.client().initiateJob(b -> b.accountId("-").vaultName(VAULT)
                    .jobParameters(p -> p.type("archive-retrieval").archiveId(archive)));
        }
    }

    private static String uploadInParts(GlacierClient glacier, GeneratedBody body) {
        String uploadId = glacier.initiateMultipartUpload(b -> b.accountId("-").vaultName(VAULT)
                .partSize(Long.toString(MIB))).uploadId();
        SequentialParts.send(glacier, VAULT, uploadId, body, MIB);
        return glacier.completeMultipartUpload(b -> b.accountId("-").vaultName(VAULT).uploadId(uploadId)
                .archiveSize(Long.toString(body.length())).checksum(body.treeHash())).archiveId();
    }

    /** Blob files in the shards: named by their id (manifests and records have a dot), outside tmp/. */
    private static long blobFiles(Path dataDir) throws Exception {
        Path blobs = dataDir.resolve("blobs");
        try (var paths = Files.walk(blobs)) {
            return paths.filter(Files::isRegularFile).filter(p -> !p.startsWith(blobs.resolve("tmp")))
                    .filter(p -> !p.startsWith(blobs.resolve("quarantine")))
                    .filter(p -> p.getFileName().toString().indexOf('.') < 0).count();
        }
    }
}
