package io.permafrost.it;

import io.permafrost.testing.ReferenceTreeHash;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.DescribeJobResponse;
import software.amazon.awssdk.services.glacier.model.GetJobOutputResponse;
import software.amazon.awssdk.services.glacier.model.GlacierJobDescription;
import software.amazon.awssdk.services.glacier.model.JobParameters;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** One vault seen through the SDK, with the few steps job tests repeat: upload, start a job, wait, download. */
final class JobTestVault {
    final GlacierClient glacier;
    final String name;

    JobTestVault(GlacierClient glacier, String name) {
        this(glacier, name, true);
    }

    /** {@code create} false: a vault that exists already (another node's client on the same vault). */
    JobTestVault(GlacierClient glacier, String name, boolean create) {
        this.glacier = glacier;
        this.name = name;
        if (create) {
            glacier.createVault(b -> b.accountId("-").vaultName(name));
        }
    }

    String upload(byte[] data, String description) {
        return glacier.uploadArchive(b -> b.accountId("-").vaultName(name).archiveDescription(description)
                .checksum(ReferenceTreeHash.of(data)), RequestBody.fromBytes(data)).archiveId();
    }

    String uploadMultipart(byte[] data, int partSize, String description) {
        String uploadId = glacier.initiateMultipartUpload(b -> b.accountId("-").vaultName(name)
                .partSize(Integer.toString(partSize)).archiveDescription(description)).uploadId();
        for (int off = 0; off < data.length; off += partSize) {
            int end = Math.min(data.length, off + partSize);
            byte[] part = Arrays.copyOfRange(data, off, end);
            String range = "bytes " + off + "-" + (end - 1) + "/*";
            glacier.uploadMultipartPart(b -> b.accountId("-").vaultName(name).uploadId(uploadId).range(range)
                    .checksum(ReferenceTreeHash.of(part)), RequestBody.fromBytes(part));
        }
        return glacier.completeMultipartUpload(b -> b.accountId("-").vaultName(name).uploadId(uploadId)
                .archiveSize(Integer.toString(data.length)).checksum(ReferenceTreeHash.of(data))).archiveId();
    }

    String start(Consumer<JobParameters.Builder> parameters) {
        return glacier.initiateJob(b -> b.accountId("-").vaultName(name).jobParameters(parameters)).jobId();
    }

    String retrieve(String archiveId) {
        return start(p -> p.type("archive-retrieval").archiveId(archiveId));
    }

    DescribeJobResponse describe(String jobId) {
        return glacier.describeJob(b -> b.accountId("-").vaultName(name).jobId(jobId));
    }

    /** Polls DescribeJob (real time: the runner works in the background) until the job is completed. */
    DescribeJobResponse awaitCompleted(String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            DescribeJobResponse d = describe(jobId);
            if (Boolean.TRUE.equals(d.completed())) {
                return d;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + jobId + " did not complete");
    }

    ResponseBytes<GetJobOutputResponse> output(String jobId, String range) {
        return glacier.getJobOutputAsBytes(b -> b.accountId("-").vaultName(name).jobId(jobId).range(range));
    }

    List<GlacierJobDescription> jobs() {
        return glacier.listJobs(b -> b.accountId("-").vaultName(name)).jobList();
    }

    void assertNoJobs() {
        assertThat(jobs()).isEmpty();
    }

    static byte[] pattern(int size) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i % 251);
        }
        return data;
    }
}
