package io.permafrost.store;

import java.time.Instant;

/** A vault's lock policy with its state; {@code expirationDate} is null once locked. */
public record LockRecord(String policy, LockState state, String lockId, Instant creationDate, Instant expirationDate) {

    public enum LockState { IN_PROGRESS, LOCKED }

    /** Whether this lock still exists at {@code now}: locked for ever, or in progress until it expires. */
    public boolean isLiveAt(Instant now) {
        return state == LockState.LOCKED || now.isBefore(expirationDate);
    }
}
