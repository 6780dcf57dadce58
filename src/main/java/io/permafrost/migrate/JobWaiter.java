package io.permafrost.migrate;

import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.DescribeJobResponse;
import software.amazon.awssdk.services.glacier.model.StatusCode;

/**
 * Waits for a source job by polling DescribeJob, further apart each time (a Bulk job on AWS takes hours): returns
 * the description once it Succeeded, throws {@link JobFailed} when it Failed or the source no longer knows it.
 */
final class JobWaiter {
    private final GlacierClient source;
    private final TransientRetry retry;
    private final Backoff polls;

    JobWaiter(GlacierClient source, TransientRetry retry, Backoff polls) {
        this.source = source;
        this.retry = retry;
        this.polls = polls;
    }

    DescribeJobResponse await(String vault, String jobId) {
        for (int poll = 0; ; poll++) {
            DescribeJobResponse job = describe(vault, jobId);
            if (job.statusCode() == StatusCode.SUCCEEDED) {
                return job;
            }
            if (job.statusCode() == StatusCode.FAILED) {
                throw new JobFailed("job " + jobId + " failed on the source: " + job.statusMessage());
            }
            Backoff.sleep(polls.after(poll));
        }
    }

    private DescribeJobResponse describe(String vault, String jobId) {
        try {
            return retry.call("DescribeJob " + jobId, () -> source.describeJob(b -> b.accountId("-").vaultName(vault)
                    .jobId(jobId)));
        } catch (RuntimeException e) {
            if (Failures.notFound(e)) {
                throw new JobFailed("job " + jobId + " is gone from the source (its output expired?)");
            }
            throw e;
        }
    }
}
