package io.permafrost.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Vaults and what hangs off a vault besides archives: tags, access policy, notifications, lock. */
public interface VaultStore {

    Optional<VaultRecord> find(String accountId, String name);

    /** The vault with its tags, access policy and lock, in one read: the authorization gate's hot path. */
    Optional<VaultAccessView> findForAccess(String accountId, String name);

    /** Creates the vault unless it exists (idempotent); empty when the account already holds {@code maxVaults}. */
    Optional<VaultRecord> createIfAbsent(String accountId, String name, Instant now, int maxVaults);

    /** Vaults of the account in ASCII name order, starting at the first name {@code >= fromName}. */
    Page<VaultRecord> list(String accountId, String fromName, int limit);

    /** Every vault of every account, for whole-store maintenance such as scrubbing. */
    java.util.List<VaultRecord> all();

    /** Deletes an empty vault with everything attached to it; returns the blobs it released. */
    VaultDeletion delete(long vaultId);

    record VaultDeletion(Outcome outcome, List<String> releasedBlobIds) {
        public enum Outcome { DELETED, NOT_EMPTY, NOT_FOUND }
    }

    Map<String, String> tags(long vaultId);

    /**
     * Adds or overwrites tags in one transaction. Tag keys are unique per vault ignoring letter case
     * ({@link io.permafrost.glacier.NameFolding}): a key that differs only in case from a key the vault
     * already has is refused, as is a result beyond {@code maxTags}, or a vault deleted meanwhile; a
     * refusal changes nothing.
     */
    TagPut putTags(long vaultId, Map<String, String> tags, int maxTags);

    /** The outcome of {@link #putTags}; for a case conflict, the requested key and the vault's key it collides with. */
    record TagPut(Outcome outcome, String requestedKey, String existingKey) {
        public enum Outcome { STORED, LIMIT_EXCEEDED, CASE_CONFLICT, NO_VAULT }

        public static final TagPut STORED = new TagPut(Outcome.STORED, null, null);
        public static final TagPut LIMIT_EXCEEDED = new TagPut(Outcome.LIMIT_EXCEEDED, null, null);
        /** The vault was deleted after the request was authorized. */
        public static final TagPut NO_VAULT = new TagPut(Outcome.NO_VAULT, null, null);

        public static TagPut caseConflict(String requestedKey, String existingKey) {
            return new TagPut(Outcome.CASE_CONFLICT, requestedKey, existingKey);
        }
    }

    void removeTags(long vaultId, Collection<String> keys);

    Optional<String> accessPolicy(long vaultId);

    /**
     * Sets the access policy document to {@code change.policy()}, or removes it when that is null, and
     * appends the change to the vault's access policy history in the same transaction.
     */
    void setAccessPolicy(long vaultId, AccessPolicyChange change);

    Optional<String> notificationConfig(long vaultId);

    void setNotificationConfig(long vaultId, String configJson);

    Optional<LockRecord> lock(long vaultId);

    /**
     * Atomically replaces the vault's lock record if it still equals {@code expected} (null: no record).
     * A LOCKED record is never replaced or removed, whatever the caller asks: false is returned. False as
     * well when the vault no longer exists.
     */
    boolean replaceLock(long vaultId, LockRecord expected, LockRecord next);

    /** Removes in-progress locks whose expiry has passed; a LOCKED record is never touched. Returns how many. */
    int deleteExpiredLocks(Instant now);

    void setLastInventoryDate(long vaultId, Instant when);
}
