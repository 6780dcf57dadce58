package io.permafrost.migrate;

/** The destination cannot take archives now (full, or unavailable): the migration stops cleanly, to resume later. */
final class DestinationRefusing extends RuntimeException {
    DestinationRefusing(String message, Throwable cause) {
        super(message, cause);
    }
}
