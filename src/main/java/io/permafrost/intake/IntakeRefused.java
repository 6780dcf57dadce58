package io.permafrost.intake;

/** An intake operation refused, with nothing committed by it; {@link #reason()} says why in a word. */
public final class IntakeRefused extends RuntimeException {
    public enum Reason {
        /** The id is held (or was held and deleted) in the destination. */
        DUPLICATE_ID,
        HASH_MISMATCH,
        SIZE_MISMATCH,
        NO_SUCH_VAULT,
        /** Not a Glacier archive id (138 characters of A-Z a-z 0-9 - _). */
        INVALID_ID,
        /** Another field of the record is unusable: description, date in the future, tree hash spelling, vault name. */
        INVALID_RECORD,
        /** The destination's storage is out of space: stop and resume once there is room. */
        STORE_FULL,
        /** The destination could not be reached or failed: stop and resume later. */
        UNAVAILABLE,
        /** The destination vault already has a lock with another policy: it is never replaced. */
        LOCK_EXISTS,
        /** The destination vault's own (possibly Locked) policies refuse the change. */
        DENIED
    }

    private final Reason reason;

    public IntakeRefused(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** Whether trying again later may succeed (the destination was full or away), rather than never. */
    public boolean retryable() {
        return reason == Reason.STORE_FULL || reason == Reason.UNAVAILABLE;
    }
}
