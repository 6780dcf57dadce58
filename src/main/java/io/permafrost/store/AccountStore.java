package io.permafrost.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Account-level records that belong to no vault: the data retrieval policy, the ledger of admitted
 * retrievals the policy and provisioned capacity are measured against, and provisioned capacity units.
 * Each method is one transaction.
 */
public interface AccountStore {

    /** The account's policy, empty when it was never set. */
    Optional<RetrievalPolicyRecord> retrievalPolicy(String accountId);

    void setRetrievalPolicy(String accountId, RetrievalPolicyRecord policy);

    /**
     * Atomically totals the account's ledger entries of {@code tier} admitted at or after {@code since}
     * and, if {@code accepts} approves those totals, records this retrieval. Two concurrent callers can
     * therefore never both squeeze under the same limit. Returns whether it was recorded.
     */
    boolean recordRetrievalIf(String accountId, String tier, Instant at, long bytes, Instant since,
                              Predicate<RetrievalTotals> accepts);

    /** Forgets ledger entries admitted before {@code before}; returns how many. */
    int deleteRetrievalsBefore(Instant before);

    /** Adds the unit unless the account already holds {@code maxActive} units active at the unit's start. */
    boolean addCapacity(String accountId, CapacityRecord unit, int maxActive);

    /** The account's units active at {@code now}, oldest first. */
    List<CapacityRecord> activeCapacity(String accountId, Instant now);
}
