package io.permafrost.clock;

import java.time.Clock;
import java.time.Instant;

/**
 * The two clocks a machine has: the system (wall) clock an operator can set, and the monotonic
 * clock that only counts elapsed time. Kept apart so the compliance clock can trust the second and
 * merely compare itself with the first; tests inject one that moves either.
 */
public interface TimeSource {
    /** The wall clock: what {@code date} prints, what {@code faketime} or an operator can move. */
    Instant systemTime();

    /** Nanoseconds from an arbitrary origin that never goes backwards and ignores wall-clock changes. */
    long monotonicNanos();

    /** The system clock as a {@link Clock}, for what must match the client's clock (signature skew). */
    default Clock systemClock() {
        TimeSource source = this;
        return new UtcClock() {
            @Override
            public Instant instant() {
                return source.systemTime();
            }
        };
    }
}
