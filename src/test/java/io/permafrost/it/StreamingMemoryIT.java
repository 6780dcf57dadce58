package io.permafrost.it;

import io.permafrost.testing.EmbeddedOnly;
import io.permafrost.testing.DataDirAudit;
import io.permafrost.testing.GeneratedBody;
import io.permafrost.testing.ParallelMultipartUpload;
import io.permafrost.testing.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.glacier.model.DescribeVaultResponse;
import software.amazon.awssdk.services.glacier.model.UploadArchiveResponse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The streaming proof: a server whose heap is capped at 128 MiB (and which exits on any
 * OutOfMemoryError) takes a 2 GiB archive in one UploadArchive request and another as 64 MiB
 * multipart parts, answers both with the right tree hash, and is still alive. The test streams the
 * bodies from a generator too, so neither side ever holds an archive.
 */
@EmbeddedOnly("starts a server process on a data directory and audits its files")
class StreamingMemoryIT {
    private static final long MIB = 1024 * 1024;
    private static final long SIZE = 2048 * MIB;
    private static final long PART = 64 * MIB;
    private static final String VAULT = "big";

    @TempDir
    Path dataDir;

    @Test
    void serverWith128MiBHeapAcceptsTwoGibibyteArchivesInOneRequestAndInParts() throws Exception {
        long free = Files.getFileStore(dataDir).getUsableSpace();
        assumeTrue(free >= 6 * 1024 * MIB, "needs 6 GiB of free disk, has " + free / MIB + " MiB");

        GeneratedBody body = new GeneratedBody(SIZE, 20_120_601L);
        // First pass over the generator: the part hashes; the archive's is their tree (spec 6.1).
        List<String> partHashes = body.partTreeHashes(PART);
        String treeHash = GeneratedBody.combine(partHashes);

        ExecutorService uploaders = Executors.newFixedThreadPool(2);
        try (ServerProcess server = ServerProcess.start(dataDir, "128m")) {
            GlacierClient glacier = server.client();
            glacier.createVault(b -> b.accountId("-").vaultName(VAULT));

            long started = System.nanoTime();
            UploadArchiveResponse single = glacier.uploadArchive(
                    b -> b.accountId("-").vaultName(VAULT).checksum(treeHash), body.requestBody());
            assertThat(single.checksum()).isEqualTo(treeHash);
            long singleDone = System.nanoTime();

            CompleteMultipartUploadResponse multipart = ParallelMultipartUpload.upload(glacier, VAULT, body, PART,
                    partHashes, treeHash, uploaders);
            assertThat(multipart.checksum()).isEqualTo(treeHash);
            long multipartDone = System.nanoTime();

            assertThat(server.isAlive()).as("server alive after 4 GiB with -Xmx128m").isTrue();
            DescribeVaultResponse vault = glacier.describeVault(b -> b.accountId("-").vaultName(VAULT));
            assertThat(vault.numberOfArchives()).isEqualTo(2);
            assertThat(vault.sizeInBytes()).isEqualTo(2 * SIZE);
            DataDirAudit audit = DataDirAudit.of(dataDir);
            assertThat(audit.archives()).containsOnlyKeys(single.archiveId(), multipart.archiveId());
            assertThat(audit.archives().get(multipart.archiveId()).segments()).hasSize(partHashes.size());
            assertThat(audit.tempFiles()).isEmpty();
            System.out.printf("2 GiB single upload %.1f s, 2 GiB multipart %.1f s, server peak RSS %s%n",
                    (singleDone - started) / 1e9, (multipartDone - singleDone) / 1e9, server.peakResidentSet());
        } finally {
            uploaders.shutdownNow();
        }
    }

}
