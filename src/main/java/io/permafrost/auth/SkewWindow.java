package io.permafrost.auth;

import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Rejects requests signed too long ago or too far ahead, limiting how long a captured request replays. */
final class SkewWindow {
    private final Clock clock;
    private final Duration allowed;

    SkewWindow(Clock clock, Duration allowed) {
        if (allowed.isNegative()) {
            throw new IllegalArgumentException("allowed skew must not be negative: " + allowed);
        }
        this.clock = clock;
        this.allowed = allowed;
    }

    /** Both edges are inside the window; the messages reproduce AWS's wording (spec 4.4). */
    void check(RequestTimestamp timestamp) {
        // Whole seconds, as the request timestamp has no fraction and the messages show seconds.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant earliest = now.minus(allowed);
        Instant latest = now.plus(allowed);
        long minutes = allowed.toMinutes();
        if (timestamp.instant().isBefore(earliest)) {
            throw new GlacierException(ErrorCode.INVALID_SIGNATURE, "Signature expired: " + timestamp.text()
                    + " is now earlier than " + RequestTimestamp.format(earliest)
                    + " (" + RequestTimestamp.format(now) + " - " + minutes + " min.)");
        }
        if (timestamp.instant().isAfter(latest)) {
            throw new GlacierException(ErrorCode.INVALID_SIGNATURE, "Signature not yet current: " + timestamp.text()
                    + " is still later than " + RequestTimestamp.format(latest)
                    + " (" + RequestTimestamp.format(now) + " + " + minutes + " min.)");
        }
    }
}
