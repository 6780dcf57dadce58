package io.permafrost.vault;

/**
 * Decides whether an archive retrieval job may start: the account's data retrieval policy
 * (spec 17.3) and, for Expedited, provisioned capacity (spec 18.3). Called by InitiateJob before
 * the job is created; an admitted retrieval counts towards the account's hourly rate.
 */
public interface RetrievalAdmission {

    /**
     * Throws {@code PolicyEnforcedException} or {@code InsufficientCapacityException} (as GlacierException)
     * when the retrieval may not start.
     *
     * @param accountId the vault owner's account
     * @param tier Expedited, Standard or Bulk
     * @param bytes the number of bytes the job will retrieve
     */
    void admit(String accountId, String tier, long bytes);

    RetrievalAdmission ALLOW_ALL = (accountId, tier, bytes) -> {
    };
}
