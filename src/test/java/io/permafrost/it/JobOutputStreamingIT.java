package io.permafrost.it;

import io.permafrost.glacier.TreeHash;
import io.permafrost.testing.GeneratedBody;
import io.permafrost.testing.ParallelMultipartUpload;
import io.permafrost.testing.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.DescribeJobResponse;
import software.amazon.awssdk.services.glacier.model.GetJobOutputResponse;
import software.amazon.awssdk.services.glacier.model.StatusCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The streaming proof for job output: a server whose heap is capped at 128 MiB (and which exits on
 * any OutOfMemoryError) hands a 1 GiB archive back through GetJobOutput in one response. The test
 * uploads it from a generator and reads the output through the SDK's ResponseInputStream one buffer
 * at a time, hashing as it goes, so neither side ever holds the archive.
 */
class JobOutputStreamingIT {
    private static final long MIB = 1024 * 1024;
    private static final long SIZE = 1024 * MIB;
    private static final long PART = 64 * MIB;
    private static final String VAULT = "restore";

    @TempDir
    Path dataDir;

    @Test
    void serverWith128MiBHeapStreamsAOneGibibyteJobOutput() throws Exception {
        long free = Files.getFileStore(dataDir).getUsableSpace();
        assumeTrue(free >= 3 * 1024 * MIB, "needs 3 GiB of free disk, has " + free / MIB + " MiB");

        GeneratedBody body = new GeneratedBody(SIZE, 20_120_606L);
        List<String> partHashes = body.partTreeHashes(PART);
        String treeHash = GeneratedBody.combine(partHashes);

        ExecutorService uploaders = Executors.newFixedThreadPool(2);
        try (ServerProcess server = ServerProcess.start(dataDir, "128m")) {
            GlacierClient glacier = server.client();
            glacier.createVault(b -> b.accountId("-").vaultName(VAULT));
            String archiveId = ParallelMultipartUpload.upload(glacier, VAULT, body, PART, partHashes, treeHash,
                    uploaders).archiveId();

            long started = System.nanoTime();
            String jobId = glacier.initiateJob(b -> b.accountId("-").vaultName(VAULT)
                    .jobParameters(p -> p.type("archive-retrieval").archiveId(archiveId))).jobId();
            DescribeJobResponse job = awaitCompleted(glacier, jobId);
            assertThat(job.statusCode()).isEqualTo(StatusCode.SUCCEEDED);
            assertThat(job.sha256TreeHash()).isEqualTo(treeHash);

            long read = 0;
            TreeHash downloaded = new TreeHash();
            byte[] buffer = new byte[(int) MIB];
            try (ResponseInputStream<GetJobOutputResponse> output = glacier.getJobOutput(
                    b -> b.accountId("-").vaultName(VAULT).jobId(jobId))) {
                assertThat(output.response().sdkHttpResponse().firstMatchingHeader("Content-Length")).hasValue(Long.toString(SIZE));
                assertThat(output.response().checksum()).isEqualTo(treeHash);
                for (int n = output.read(buffer); n >= 0; n = output.read(buffer)) {
                    downloaded.update(buffer, 0, n);
                    read += n;
                }
            }
            long done = System.nanoTime();
            assertThat(read).isEqualTo(SIZE);
            assertThat(downloaded.hexDigest()).isEqualTo(treeHash);
            assertThat(server.isAlive()).as("server alive after streaming 1 GiB out with -Xmx128m").isTrue();
            System.out.printf("1 GiB job output: job + download %.1f s (%.0f MB/s), server peak RSS %s%n",
                    (done - started) / 1e9, SIZE / 1e6 / ((done - started) / 1e9), server.peakResidentSet());
        } finally {
            uploaders.shutdownNow();
        }
    }

    private static DescribeJobResponse awaitCompleted(GlacierClient glacier, String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            DescribeJobResponse d = glacier.describeJob(b -> b.accountId("-").vaultName(VAULT).jobId(jobId));
            if (Boolean.TRUE.equals(d.completed())) {
                return d;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + jobId + " did not complete");
    }

}
