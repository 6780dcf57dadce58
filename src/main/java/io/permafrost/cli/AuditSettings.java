package io.permafrost.cli;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The audit trail (docs/audit.md): on unless turned off, and then only in a data directory (or cluster
 * database) that never had it on, so that switching it off cannot hide what follows a recorded past.
 *
 * @param checkpointEvery    sign the chain's head after this many records ...
 * @param checkpointInterval ... or this long after the last checkpoint, whichever comes first
 * @param signingKey         the Ed25519 private key file; null: {@code DATA/audit-signing-key}
 */
public record AuditSettings(boolean enabled, int checkpointEvery, Duration checkpointInterval, Path signingKey) {
    public static final int DEFAULT_CHECKPOINT_EVERY = 1000;
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(60);
    public static final String DEFAULT_KEY_FILE = "audit-signing-key";

    public static AuditSettings defaults() {
        return new AuditSettings(true, DEFAULT_CHECKPOINT_EVERY, DEFAULT_CHECKPOINT_INTERVAL, null);
    }

    public AuditSettings off() {
        return new AuditSettings(false, checkpointEvery, checkpointInterval, signingKey);
    }

    public AuditSettings withSigningKey(Path file) {
        return new AuditSettings(enabled, checkpointEvery, checkpointInterval, file);
    }

    public AuditSettings withCheckpoints(int every, Duration interval) {
        return new AuditSettings(enabled, every, interval, signingKey);
    }

    /** The key file for a server whose data directory is {@code dataDir}. */
    Path signingKeyIn(Path dataDir) {
        return signingKey != null ? signingKey : dataDir.resolve(DEFAULT_KEY_FILE);
    }
}
