package io.permafrost.vault;

import java.util.Map;

/** Told when a job reaches Succeeded or Failed, so notifications can be published (spec 12.4). Must not block. */
public interface JobCompletionListener {

    /**
     * @param vaultId the vault's internal id (for its notification configuration)
     * @param vaultArn the vault's ARN
     * @param jobSnsTopic the job's own SNSTopic, or null
     * @param event ArchiveRetrievalCompleted or InventoryRetrievalCompleted
     * @param jobDescription the job's GlacierJobDescription members exactly as DescribeJob returns them
     */
    void jobCompleted(long vaultId, String vaultArn, String jobSnsTopic, String event, Map<String, Object> jobDescription);

    JobCompletionListener NONE = (vaultId, vaultArn, jobSnsTopic, event, jobDescription) -> {
    };
}
