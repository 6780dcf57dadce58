package io.permafrost.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a backend shared by several nodes keeps the compliance clock's last value, so that a node
 * resumes from what any node saved rather than from a file of its own.
 */
public interface ComplianceClockRow {
    /** The latest value any node saved; empty before the first save. */
    Optional<Instant> load();

    /** Records {@code at} unless a later value is recorded already; durable when it returns. */
    void advanceTo(Instant at);
}
