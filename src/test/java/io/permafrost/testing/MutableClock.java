package io.permafrost.testing;

import io.permafrost.clock.TimeSource;
import io.permafrost.clock.UtcClock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A machine's clocks that tests move: starts at real time and only changes when told. As a
 * {@link Clock} it is the system (wall) clock. {@link #advance} is real time passing (wall and
 * monotonic clock move together); {@link #moveSystemClock} is an operator or {@code faketime}
 * setting the wall clock, which the monotonic clock does not notice.
 */
public final class MutableClock extends UtcClock implements TimeSource {
    private final AtomicReference<Instant> now;
    private final AtomicLong monotonic = new AtomicLong();

    public MutableClock() {
        this(Instant.now());
    }

    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** Time passes: what a server running for {@code by} would see. */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("real time does not go back; use moveSystemClock");
        }
        // Wall first: a compliance clock read between the two steps sees no elapsed time yet, so it
        // neither leads the wall clock nor gains catch-up it would not have had.
        now.updateAndGet(t -> t.plus(by));
        monotonic.addAndGet(by.toNanos());
    }

    /** Sets the system clock forward (or back, when negative) without any time passing. */
    public void moveSystemClock(Duration by) {
        now.updateAndGet(t -> t.plus(by));
    }

    @Override
    public Instant systemTime() {
        return now.get();
    }

    @Override
    public long monotonicNanos() {
        return monotonic.get();
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
