package io.permafrost.intake;

// PLACEHOLDER: the import branch owns this package; this copy of its agreed interface is dropped at the merge.
public final class IntakeRefused extends RuntimeException {
    public enum Reason { DUPLICATE_ID, HASH_MISMATCH, SIZE_MISMATCH, NO_SUCH_VAULT, INVALID_ID, STORE_FULL, UNAVAILABLE }

    private final Reason reason;

    public IntakeRefused(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
