package io.permafrost.vault;

/**
 * Why {@link ArchiveImport} committed nothing. Operator-side only: it never reaches the Glacier API,
 * whose refusals are {@link io.permafrost.glacier.GlacierException}s.
 */
public final class ImportRefused extends RuntimeException {
    public enum Reason {
        DUPLICATE_ID, HASH_MISMATCH, SIZE_MISMATCH, NO_SUCH_VAULT, INVALID_ID, INVALID_RECORD, STORE_FULL, UNAVAILABLE
    }

    private final Reason reason;

    public ImportRefused(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
