package io.permafrost.store;

import java.time.Instant;

/**
 * A vault's lock policy with its state; {@code expirationDate} is null once locked. {@code completedAt} is
 * when CompleteVaultLock made it Locked (compliance clock): null while in progress, and for a lock
 * completed before completion times were recorded.
 */
public record LockRecord(String policy, LockState state, String lockId, Instant creationDate, Instant expirationDate,
                         Instant completedAt) {

    public enum LockState { IN_PROGRESS, LOCKED }

    /** A lock without a recorded completion time: one in progress (or one recorded before completion times). */
    public LockRecord(String policy, LockState state, String lockId, Instant creationDate, Instant expirationDate) {
        this(policy, state, lockId, creationDate, expirationDate, null);
    }

    /** Whether this lock still exists at {@code now}: locked for ever, or in progress until it expires. */
    public boolean isLiveAt(Instant now) {
        return state == LockState.LOCKED || now.isBefore(expirationDate);
    }
}
