package io.permafrost.store.embedded;

/**
 * A write that would replace or remove the vault record holding a LOCKED lock of another incarnation
 * of the vault (same name, another creation date). The write is refused so nothing weaker is stored;
 * the request that caused it fails as a server-side failure, since no input of the caller is wrong.
 */
final class LockedRecordConflict extends IllegalStateException {
    LockedRecordConflict(String message) {
        super(message);
    }
}
