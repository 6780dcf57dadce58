package io.permafrost.clock;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * Where the compliance clock's last value survives a restart: a durable file in the embedded data
 * directory; a shared row in cluster mode. {@link #save} must be durable when it returns, because a
 * restart resumes from whatever {@link #load} returns.
 */
public interface ComplianceClockState {
    /** The last saved value, or empty when this data directory has never had a compliance clock. */
    Optional<Instant> load() throws IOException;

    void save(Instant complianceTime) throws IOException;
}
