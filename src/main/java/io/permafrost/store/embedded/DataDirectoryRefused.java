package io.permafrost.store.embedded;

/**
 * A data directory that must not be served as it is (its metadata is lost while archive bytes lie
 * beside it). Meant for the operator, not a bug report: the message says what is wrong and what to
 * do, so there is no stack trace to bury it.
 */
public final class DataDirectoryRefused extends RuntimeException {
    public DataDirectoryRefused(String message) {
        super(message, null, false, false);
    }
}
