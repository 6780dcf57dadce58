package io.permafrost.store;

import java.time.Instant;

/**
 * The outcome of the last scrub of one archive: when (compliance clock), what it found, and the tree hash
 * it computed from the stored bytes (null when they could not all be read).
 */
public record ScrubResult(Instant at, Outcome outcome, String computedHash) {

    public enum Outcome {
        /** Every byte matches every recorded hash. */
        OK,
        /** The bytes are there but differ from a recorded hash (or size). */
        MISMATCH,
        /** Some of the archive's stored bytes could not be found or read. */
        MISSING
    }
}
