package io.permafrost.it;

import io.permafrost.testing.EmbeddedOnly;
import io.permafrost.glacier.TreeHash;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.glacier.GlacierClient;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A released blob outlives its release by the configured grace, so a transfer that was reading it
 * (on this node or another) can finish; only the collector deletes it, and only once the grace is over.
 */
class DeferredBlobDeletionIT {
    private static final String VAULT = "deferred";
    private static final Duration GRACE = Duration.ofHours(1);

    @EmbeddedOnly("waits for the release in the SQLite deletion queue of the data directory")
    @Test
    void aDeletedArchivesBlobGoesOnlyAfterTheGrace() throws Exception {
        try (TestServer server = new TestServer(List.of(), c -> c.withBlobDeletionGrace(GRACE))) {
            GlacierClient glacier = server.client();
            glacier.createVault(b -> b.accountId("-").vaultName(VAULT));
            byte[] data = new byte[200 * 1024]; // a file, not an inline blob
            String archiveId = glacier.uploadArchive(b -> b.accountId("-").vaultName(VAULT)
                    .checksum(TreeHash.of(data)), RequestBody.fromBytes(data)).archiveId();
            String jobId = glacier.initiateJob(b -> b.accountId("-").vaultName(VAULT)
                    .jobParameters(p -> p.type("archive-retrieval").archiveId(archiveId))).jobId();
            awaitSucceeded(glacier, jobId);
            glacier.getJobOutput(b -> b.accountId("-").vaultName(VAULT).jobId(jobId), ResponseTransformer.toBytes());
            long stored = server.blobFileCount();

            glacier.deleteArchive(b -> b.accountId("-").vaultName(VAULT).archiveId(archiveId));
            server.clock().advance(Duration.ofDays(2)); // past the job's retention: its hold on the blob goes too
            server.runMaintenanceNow();
            server.runMaintenanceNow();
            awaitJobExpired(server, glacier);
            server.runMaintenanceNow();
            assertThat(server.blobFileCount()).as("released, but within its grace").isEqualTo(stored);

            server.clock().advance(GRACE.minusSeconds(1));
            server.runMaintenanceNow();
            assertThat(server.blobFileCount()).as("one second before the grace is over").isEqualTo(stored);

            server.clock().advance(Duration.ofSeconds(1));
            server.runMaintenanceNow();
            assertThat(server.blobFileCount()).isEqualTo(stored - 1);
        }
    }

    @EmbeddedOnly("the start-up sweep is the embedded backend's; a shared bucket has none (another node may be writing)")
    @Test
    void aBlobReleasedBeforeACrashIsDeletedByTheStartUpSweep() throws Exception {
        try (TestServer server = new TestServer(List.of(), c -> c.withBlobDeletionGrace(GRACE))) {
            GlacierClient glacier = server.client();
            glacier.createVault(b -> b.accountId("-").vaultName(VAULT));
            byte[] data = new byte[200 * 1024];
            String archiveId = glacier.uploadArchive(b -> b.accountId("-").vaultName(VAULT)
                    .checksum(TreeHash.of(data)), RequestBody.fromBytes(data)).archiveId();
            long stored = server.blobFileCount();
            glacier.deleteArchive(b -> b.accountId("-").vaultName(VAULT).archiveId(archiveId));
            assertThat(server.blobFileCount()).isEqualTo(stored);
            // One node holds the data directory: after a restart no transfer can still read the blob.
            server.restart();
            server.awaitStartUpSweep();
            assertThat(server.blobFileCount()).isEqualTo(stored - 1);
        }
    }

    private static void awaitSucceeded(GlacierClient glacier, String jobId) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (glacier.describeJob(b -> b.accountId("-").vaultName(VAULT).jobId(jobId)).completed()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + jobId + " did not complete");
    }

    /** The job runner expires completed jobs on its own pass (not a maintenance task). */
    private static void awaitJobExpired(TestServer server, GlacierClient glacier) throws Exception {
        for (int i = 0; i < 200; i++) {
            try (var metadata = new io.permafrost.store.embedded.SqliteMetadataStore(
                    server.dataDir().resolve("metadata.db"))) {
                if (metadata.coordination().deletions().size() > 0) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the job's hold on the blob was never released");
    }
}
