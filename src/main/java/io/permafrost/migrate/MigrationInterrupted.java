package io.permafrost.migrate;

/** The migration is being stopped (the destination refuses, or the user): a worker leaves its archive as it is. */
final class MigrationInterrupted extends RuntimeException {
    MigrationInterrupted() {
        super("interrupted");
    }
}
