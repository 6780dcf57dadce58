package io.permafrost.migrate;

/** A source job that failed, expired or is unknown: its work is not done, and a new job must be started. */
final class JobFailed extends RuntimeException {
    JobFailed(String message) {
        super(message);
    }
}
